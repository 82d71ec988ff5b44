<?php
/**
 * A post as `PUT /api/v1/articles` receives it; a webhook's body as a correction.
 *
 * @package Errata
 */

namespace Errata\Tests;

use Errata\Payload;
use PHPUnit\Framework\TestCase;

final class PayloadTest extends TestCase
{
    private const HASH = '9c1f0e5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f';

    public function testAPostBecomesAnArticle(): void
    {
        $published = new \DateTimeImmutable('2026-11-24T17:30:00+00:00');
        $this->assertSame(
            [
                'url' => 'https://quotidien.example/2026/11/budget/',
                'title' => "Lyon adopte son «\u{00A0}budget\u{00A0}» & plus",
                'lang' => 'fr-FR',
                'cms_id' => '4711',
                'html' => '<p>Texte.</p>',
                'published_at' => '2026-11-24T17:30:00+00:00',
            ],
            Payload::article(4711, 'Lyon adopte son &laquo;&nbsp;budget&nbsp;&raquo; &amp; plus', 'https://quotidien.example/2026/11/budget/', 'fr_FR', '<p>Texte.</p>', $published)
        );
    }

    public function testAnUntitledPostIsNamedByItsId(): void
    {
        $body = Payload::article(12, '  ', 'https://q.example/?p=12', 'en_US', '', null);
        $this->assertSame('12', $body['title']);
        $this->assertArrayNotHasKey('published_at', $body);
    }

    public function testALongTitleIsCutAtErratasLimit(): void
    {
        $body = Payload::article(1, str_repeat('é', 600), 'https://q.example/', 'fr', '', null);
        $this->assertSame(500, mb_strlen($body['title']));
    }

    public function testLocalesBecomeLanguageTags(): void
    {
        $this->assertSame('fr-FR', Payload::language('fr_FR'));
        $this->assertSame('de-DE', Payload::language('de_DE_formal'));
        $this->assertSame('fr', Payload::language('fr'));
        $this->assertSame('en-GB', Payload::language('en-GB'));
        $this->assertSame('en', Payload::language('not a locale'));
        $this->assertSame('en', Payload::language(''));
    }

    /** @return array<string, mixed> */
    private function webhook(): array
    {
        return [
            'type' => 'correction.published',
            'timestamp' => '2026-11-25T09:30:00.120000+00:00',
            'data' => [
                'correction' => [
                    'id' => '5f0c2a4e-0000-4000-8000-000000000001',
                    'kind' => 'correction',
                    'notice' => ['text' => 'Correction : 1,3 milliard.', 'language' => 'fr'],
                    'published_at' => '2026-11-25T09:30:00+00:00',
                    'case' => 'ERR-2026-00042',
                ],
                'article' => [
                    'url' => 'https://quotidien.example/budget',
                    'cms_id' => '4711',
                    'version' => ['id' => 1187, 'text_hash' => self::HASH],
                ],
                'passage' => [
                    'old' => '1,2 milliard',
                    'new' => '1,3 milliard',
                    'selector' => [
                        ['type' => 'TextQuoteSelector', 'exact' => '1,2 milliard', 'prefix' => 'budget de ', 'suffix' => ' d’euros'],
                        ['type' => 'TextPositionSelector', 'start' => 58, 'end' => 70],
                    ],
                ],
            ],
        ];
    }

    public function testAWebhookBecomesACorrection(): void
    {
        $this->assertSame(
            [
                'id' => '5f0c2a4e-0000-4000-8000-000000000001',
                'kind' => 'correction',
                'notice' => 'Correction : 1,3 milliard.',
                'notice_language' => 'fr',
                'published_at' => '2026-11-25T09:30:00+00:00',
                'case' => 'ERR-2026-00042',
                'cms_id' => '4711',
                'text_hash' => self::HASH,
                'passage' => ['old' => '1,2 milliard', 'new' => '1,3 milliard', 'prefix' => 'budget de ', 'suffix' => ' d’euros'],
            ],
            Payload::correction($this->webhook())
        );
    }

    public function testASilentFixAboutTheWholeArticleHasNoNoticeNorPassage(): void
    {
        $body = $this->webhook();
        $body['data']['correction']['kind'] = 'silent';
        $body['data']['correction']['notice'] = null;
        $body['data']['passage'] = null;
        $correction = Payload::correction($body);
        $this->assertIsArray($correction);
        $this->assertNull($correction['notice']);
        $this->assertNull($correction['passage']);
    }

    public function testABadWebhookNamesTheField(): void
    {
        $this->assertSame('type: must be "correction.published"', Payload::correction('nope'));
        $body = $this->webhook();
        $body['data']['article']['cms_id'] = null;
        $this->assertSame('data.article.cms_id: must be a post ID', Payload::correction($body));
        $body = $this->webhook();
        $body['data']['article']['version']['text_hash'] = 'short';
        $this->assertSame('data.article.version.text_hash: must be a SHA-256', Payload::correction($body));
        $body = $this->webhook();
        $body['data']['correction']['id'] = '../../x';
        $this->assertSame('data.correction.id: must be a UUID', Payload::correction($body));
        $body = $this->webhook();
        $body['data']['passage'] = ['old' => 'x'];
        $this->assertSame('data.passage: must hold old and new', Payload::correction($body));
    }
}
