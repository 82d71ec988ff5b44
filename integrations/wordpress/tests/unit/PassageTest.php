<?php
/**
 * Replacing a corrected passage inside a post's HTML.
 *
 * @package Errata
 */

namespace Errata\Tests;

use Errata\Passage;
use PHPUnit\Framework\TestCase;

final class PassageTest extends TestCase
{
    public function testReplacesThePassageAndLeavesTheMarkupAlone(): void
    {
        $html = "<!-- wp:paragraph -->\n<p class=\"lead\">Lyon a adopté un budget de 1,2 milliard d’euros.</p>\n<!-- /wp:paragraph -->";
        $this->assertSame(
            "<!-- wp:paragraph -->\n<p class=\"lead\">Lyon a adopté un budget de 1,3 milliard d’euros.</p>\n<!-- /wp:paragraph -->",
            Passage::replace($html, '1,2 milliard', '1,3 milliard', 'a adopté un budget de ', ' d’euros.')
        );
    }

    public function testRepeatedTextIsDisambiguatedByThePrefix(): void
    {
        $html = '<p>Le maire a parlé 10 minutes.</p><p>Son adjoint a parlé 10 minutes.</p>';
        $this->assertSame(
            '<p>Le maire a parlé 10 minutes.</p><p>Son adjoint a parlé 12 minutes.</p>',
            Passage::replace($html, '10 minutes', '12 minutes', 'Son adjoint a parlé ', '.')
        );
        $this->assertSame(
            '<p>Le maire a parlé 12 minutes.</p><p>Son adjoint a parlé 10 minutes.</p>',
            Passage::replace($html, '10 minutes', '12 minutes', 'Le maire a parlé ', '.')
        );
    }

    public function testRepeatedTextIsDisambiguatedByTheSuffix(): void
    {
        $html = '<p>Paris gagne. Paris perd.</p>';
        $this->assertSame('<p>Paris gagne. Lyon perd.</p>', Passage::replace($html, 'Paris', 'Lyon', '', ' perd.'));
    }

    public function testContextAcrossParagraphsIgnoresTheBreak(): void
    {
        // errata's prefix holds a paragraph break ("\n\n") where the HTML has </p><p>.
        $html = "<p>Fin du premier.</p>\n<p>Un chiffre : 8 %.</p><p>Fin du second.</p><p>Un chiffre : 8 %.</p>";
        $this->assertSame(
            "<p>Fin du premier.</p>\n<p>Un chiffre : 8 %.</p><p>Fin du second.</p><p>Un chiffre : 9 %.</p>",
            Passage::replace($html, '8 %', '9 %', "du second.\n\nUn chiffre : ", '.')
        );
    }

    public function testAnAmbiguousPassageIsNotReplaced(): void
    {
        $html = '<p>Oui. Oui.</p>';
        $this->assertNull(Passage::replace($html, 'Oui', 'Non', '', ''));
    }

    public function testAMissingPassageIsNotReplaced(): void
    {
        $this->assertNull(Passage::replace('<p>Texte.</p>', 'absent', 'présent', '', ''));
        $this->assertNull(Passage::replace('<p>Texte.</p>', '', 'présent', '', ''));
    }

    public function testEntitiesAreReadAsTheirCharacters(): void
    {
        $html = '<p>Tom &amp; Jerry&nbsp;: 8&#160;% de plus, l&rsquo;an dernier.</p>';
        $this->assertSame(
            '<p>Tom &amp; Jerry&nbsp;: 9 % de plus, l&rsquo;an dernier.</p>',
            Passage::replace($html, "8\u{00A0}%", '9 %', "Tom & Jerry\u{00A0}: ", ' de plus')
        );
        $this->assertSame(
            '<p>Tom et Jerry&nbsp;: 8&#160;% de plus, l&rsquo;an dernier.</p>',
            Passage::replace($html, 'Tom & Jerry', 'Tom et Jerry', '', "\u{00A0}: 8")
        );
    }

    public function testTheNewTextIsEscaped(): void
    {
        $this->assertSame(
            '<p>Le &lt;b&gt;vrai&lt;/b&gt; &amp; seul.</p>',
            Passage::replace('<p>Le faux.</p>', 'faux', '<b>vrai</b> & seul', 'Le ', '.')
        );
    }

    public function testAPassageAcrossInlineTagsKeepsTheTags(): void
    {
        $html = '<p>Un budget de <strong>1,2</strong> milliard.</p>';
        $this->assertSame(
            '<p>Un budget de <strong>1,3 milliard</strong>.</p>',
            Passage::replace($html, '1,2 milliard', '1,3 milliard', 'Un budget de ', '.')
        );
    }

    public function testSourceWhiteSpaceIsOneSpace(): void
    {
        $html = "<p>Le conseil\n   municipal a voté.</p>";
        $this->assertSame('<p>Le conseil régional a voté.</p>', Passage::replace($html, 'conseil municipal', 'conseil régional', 'Le ', ' a'));
    }

    public function testScriptsAndAttributesAreNotText(): void
    {
        $html = '<p title="1,2 milliard"><script>var s = "1,2 milliard";</script>Soit 1,2 milliard.</p>';
        $this->assertSame(
            '<p title="1,2 milliard"><script>var s = "1,2 milliard";</script>Soit 1,3 milliard.</p>',
            Passage::replace($html, '1,2 milliard', '1,3 milliard', '', '')
        );
    }

    public function testTypedQuotesMatchTheCurlyOnesWordPressDisplays(): void
    {
        // Stored as typed; wptexturize() shows "l’accueil", which is what errata quotes.
        $html = "<p>Le hall d'accueil de l'acceuil ouvre à \"8 h\".</p>";
        $this->assertSame(
            "<p>Le hall d'accueil de l’accueil ouvre à \"8 h\".</p>",
            Passage::replace($html, 'l’acceuil', 'l’accueil', 'Le hall d’accueil de ', ' ouvre à “8 h”.')
        );
    }

    public function testAPassageDoesNotSpanParagraphs(): void
    {
        $this->assertNull(Passage::replace('<p>fin</p><p>début</p>', 'fin début', 'x', '', ''));
    }
}
