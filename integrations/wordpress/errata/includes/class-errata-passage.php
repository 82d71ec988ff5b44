<?php
/**
 * Replacing a corrected passage in a post's HTML, inside its text only.
 *
 * errata locates a passage in the article's normalised text (docs/text-normalisation.md)
 * with a W3C TextQuoteSelector: the quote and up to 32 characters either side. The post's
 * content is HTML (with block comments, entities, inline tags), so this class reads the text
 * the way errata does closely enough to find the quote, picks the occurrence whose context
 * best matches the selector's prefix and suffix, and rewrites only the characters of that
 * occurrence. Tags, comments and attributes are left byte for byte as they were.
 *
 * Pure PHP (no WordPress call), so that PHPUnit checks it alone.
 *
 * @package Errata
 */

namespace Errata;

/**
 * Finds and replaces one passage of an HTML fragment's text.
 */
final class Passage
{
    /** Elements whose content is not article text (errata's rule, docs/text-normalisation.md). */
    private const NOT_TEXT = [
        'script', 'style', 'template', 'noscript', 'head', 'title', 'svg', 'math', 'iframe',
        'object', 'canvas', 'audio', 'video', 'button', 'select', 'textarea',
    ];

    /** Elements that start and end a paragraph: text never runs on across them. */
    private const BLOCKS = [
        'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'dd', 'details',
        'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1',
        'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p',
        'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
    ];

    /** Characters errata's normalisation removes: soft hyphen, zero-width space, word joiner, BOM. */
    private const INVISIBLE = ["\u{00AD}", "\u{200B}", "\u{2060}", "\u{FEFF}"];

    /**
     * Quotes that WordPress's wptexturize() curls on display: errata reads the displayed
     * text ("l’accueil"), the stored content may have the typed one ("l'accueil"). Compared
     * folded, one character for one, so offsets are unchanged.
     */
    private const FOLD = ['’' => "'", '‘' => "'", '′' => "'", '“' => '"', '”' => '"', '″' => '"'];

    /** How much text before and after an occurrence is compared with the selector's context. */
    private const CONTEXT = 200;

    /**
     * The HTML with `$old` replaced by `$new` at the occurrence the context designates, or
     * null when the quote is not in the text, or when two occurrences match equally well.
     *
     * @param string $html   The post's content (raw, as stored).
     * @param string $old    The passage before the correction (normalised text).
     * @param string $new    The passage after it (plain text: escaped on the way in).
     * @param string $prefix The text just before the passage in errata's version.
     * @param string $suffix The text just after it.
     */
    public static function replace(string $html, string $old, string $new, string $prefix = '', string $suffix = ''): ?string
    {
        $quote = strtr(self::collapse($old), self::FOLD);
        if ('' === $quote) {
            return null;
        }
        $chars = self::text($html);
        $flat = strtr(implode('', array_column($chars, 0)), self::FOLD);
        $occurrences = [];
        for ($at = strpos($flat, $quote); false !== $at; $at = strpos($flat, $quote, $at + 1)) {
            $occurrences[] = mb_strlen(substr($flat, 0, $at), 'UTF-8');
        }
        $length = mb_strlen($quote, 'UTF-8');
        $chosen = self::choose($chars, $occurrences, $length, $prefix, $suffix);
        if (null === $chosen) {
            return null;
        }
        return self::rewrite($html, array_slice($chars, $chosen, $length), $new);
    }

    /**
     * The fragment's text as code points, each with the byte range of its source in the
     * HTML: `[char, start, end, segment]`. White space runs are one space; block boundaries
     * are a space with no source (start -1), which a quote may not span.
     *
     * @param string $html The fragment.
     * @return array<int, array{0: string, 1: int, 2: int, 3: int}>
     */
    public static function text(string $html): array
    {
        $parts = preg_split('/(<!--.*?-->|<\/?[A-Za-z][^>]*>)/s', $html, -1, PREG_SPLIT_DELIM_CAPTURE | PREG_SPLIT_OFFSET_CAPTURE);
        $chars = [];
        $hidden = 0;
        foreach ($parts ?: [] as $segment => [$part, $offset]) {
            if (1 === $segment % 2) {
                if (preg_match('/^<(\/?)([A-Za-z][A-Za-z0-9]*)/', $part, $tag)) {
                    $name = strtolower($tag[2]);
                    if (in_array($name, self::NOT_TEXT, true) && !str_ends_with($part, '/>')) {
                        $hidden = max(0, $hidden + ('/' === $tag[1] ? -1 : 1));
                    } elseif (in_array($name, self::BLOCKS, true)) {
                        self::push($chars, ' ', -1, -1, $segment);
                    }
                }
                continue;
            }
            if ($hidden > 0) {
                continue;
            }
            preg_match_all('/&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)|./su', $part, $units, PREG_OFFSET_CAPTURE);
            foreach ($units[0] as [$unit, $at]) {
                $decoded = '&' === $unit[0] && strlen($unit) > 1
                    ? html_entity_decode($unit, ENT_QUOTES | ENT_HTML5, 'UTF-8')
                    : $unit;
                if ($decoded === $unit && strlen($unit) > 1 && '&' === $unit[0]) {
                    // Not an entity after all: its characters are text.
                    foreach (mb_str_split($unit, 1, 'UTF-8') as $index => $char) {
                        self::push($chars, $char, $offset + $at + $index, $offset + $at + $index + 1, $segment);
                    }
                    continue;
                }
                foreach (mb_str_split($decoded, 1, 'UTF-8') as $char) {
                    self::push($chars, $char, $offset + $at, $offset + $at + strlen($unit), $segment);
                }
            }
        }
        return $chars;
    }

    /**
     * Appends one character, collapsing white space as errata's normalisation does.
     *
     * @param array<int, array{0: string, 1: int, 2: int, 3: int}> $chars The text so far.
     */
    private static function push(array &$chars, string $char, int $start, int $end, int $segment): void
    {
        if (in_array($char, self::INVISIBLE, true)) {
            return;
        }
        if (1 === strspn($char, " \t\n\r\f\v")) {
            $last = end($chars);
            if (false !== $last && ' ' === $last[0]) {
                if (-1 === $start) {
                    $chars[array_key_last($chars)] = [' ', -1, -1, $segment];
                }
                return;
            }
            if (false === $last) {
                return;
            }
            $char = ' ';
        }
        $chars[] = [$char, $start, $end, $segment];
    }

    /**
     * The occurrence (index of its first character) whose surroundings best match the
     * selector's context, or null when there is none or two tie.
     *
     * @param array<int, array{0: string, 1: int, 2: int, 3: int}> $chars       The text.
     * @param array<int, int>                                      $occurrences Where the quote starts.
     */
    private static function choose(array $chars, array $occurrences, int $length, string $prefix, string $suffix): ?int
    {
        $best = null;
        $bestScore = -1;
        $tie = false;
        foreach ($occurrences as $start) {
            $quote = array_slice($chars, $start, $length);
            if (in_array(-1, array_column($quote, 1), true)) {
                continue; // spans a paragraph boundary: not a passage the desk could have quoted
            }
            $before = implode('', array_column(array_slice($chars, max(0, $start - self::CONTEXT), min($start, self::CONTEXT)), 0));
            $after = implode('', array_column(array_slice($chars, $start + $length, self::CONTEXT), 0));
            $score = self::common(strrev_utf8(self::squeeze($before)), strrev_utf8(self::squeeze($prefix)))
                + self::common(self::squeeze($after), self::squeeze($suffix));
            if ($score > $bestScore) {
                [$best, $bestScore, $tie] = [$start, $score, false];
            } elseif ($score === $bestScore) {
                $tie = true;
            }
        }
        return $tie ? null : $best;
    }

    /**
     * The HTML with the quote's characters replaced: the new text goes where the quote's
     * first character was; the quote's characters in later text segments (after an inline
     * tag) are removed, the tags kept.
     *
     * @param array<int, array{0: string, 1: int, 2: int, 3: int}> $quote The quote's characters.
     */
    private static function rewrite(string $html, array $quote, string $new): string
    {
        $ranges = [];
        foreach ($quote as [, $start, $end, $segment]) {
            if (isset($ranges[$segment])) {
                $ranges[$segment][1] = max($ranges[$segment][1], $end);
            } else {
                $ranges[$segment] = [$start, $end];
            }
        }
        $first = array_key_first($ranges);
        // From the end, so that earlier byte offsets stay valid.
        foreach (array_reverse($ranges, true) as $segment => [$start, $end]) {
            $replacement = $segment === $first ? htmlspecialchars($new, ENT_NOQUOTES | ENT_SUBSTITUTE | ENT_HTML5, 'UTF-8') : '';
            $html = substr($html, 0, $start) . $replacement . substr($html, $end);
        }
        return $html;
    }

    /** Runs of ASCII white space as one space, trimmed: how errata's quotes read. */
    public static function collapse(string $text): string
    {
        return trim((string) preg_replace('/[ \t\n\r\f\v]+/', ' ', str_replace(self::INVISIBLE, '', $text)));
    }

    /** The text without ASCII white space, for comparing context across paragraph breaks. */
    private static function squeeze(string $text): string
    {
        return strtr((string) preg_replace('/[ \t\n\r\f\v]+/', '', str_replace(self::INVISIBLE, '', $text)), self::FOLD);
    }

    /** How many code points two strings share from their start. */
    private static function common(string $a, string $b): int
    {
        $a = mb_str_split($a, 1, 'UTF-8');
        $b = mb_str_split($b, 1, 'UTF-8');
        $count = 0;
        $limit = min(count($a), count($b));
        while ($count < $limit && $a[$count] === $b[$count]) {
            ++$count;
        }
        return $count;
    }
}

/**
 * A string's code points in reverse order.
 *
 * @param string $text UTF-8 text.
 */
function strrev_utf8(string $text): string
{
    return implode('', array_reverse(mb_str_split($text, 1, 'UTF-8')));
}
