<?php
/**
 * The shapes exchanged with errata: the article a post becomes, the correction a webhook
 * carries. Pure PHP (no WordPress call), so that PHPUnit checks the mapping alone.
 *
 * @package Errata
 */

namespace Errata;

/**
 * Maps a post to `PUT /api/v1/articles` and a webhook body to a correction.
 */
final class Payload
{
    /** errata's limits (docs/api.md, "Limits"). */
    public const TITLE_MAX = 500;
    public const CMS_ID_MAX = 100;

    /**
     * The body of `PUT /api/v1/articles` for a post.
     *
     * @param int                 $postId      The post's ID: errata's `cms_id`.
     * @param string              $title       The post's title, as plain text.
     * @param string              $url         Its canonical URL.
     * @param string              $language    A BCP 47 tag or a WordPress locale (`fr_FR`).
     * @param string              $html        The rendered content (`the_content`).
     * @param \DateTimeInterface|null $published Its first publication time.
     * @return array<string, string>
     */
    public static function article(int $postId, string $title, string $url, string $language, string $html, ?\DateTimeInterface $published): array
    {
        $title = trim(html_entity_decode($title, ENT_QUOTES | ENT_HTML5, 'UTF-8'));
        $body = [
            'url' => $url,
            'title' => '' === $title ? (string) $postId : mb_substr($title, 0, self::TITLE_MAX, 'UTF-8'),
            'lang' => self::language($language),
            'cms_id' => (string) $postId,
            'html' => $html,
        ];
        if (null !== $published) {
            $body['published_at'] = $published->format(\DateTimeInterface::ATOM);
        }
        return $body;
    }

    /**
     * A BCP 47 tag from a WordPress locale: `fr_FR` is `fr-FR`, `de_DE_formal` is `de-DE`.
     * Anything errata would refuse falls back to `en`.
     *
     * @param string $locale A locale or a tag.
     */
    public static function language(string $locale): string
    {
        $parts = array_slice(explode('-', str_replace('_', '-', trim($locale))), 0, 2);
        $tag = implode('-', $parts);
        if (strlen($tag) <= 12 && preg_match('/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})?$/', $tag)) {
            return $tag;
        }
        return 'en';
    }

    /**
     * The correction a webhook body describes, or a string saying which field is wrong.
     *
     * @param mixed $body The decoded JSON body.
     * @return array{id: string, kind: string, notice: ?string, notice_language: string, published_at: string, case: string, cms_id: string, text_hash: string, passage: ?array{old: string, new: string, prefix: string, suffix: string}}|string
     */
    public static function correction(mixed $body): array|string
    {
        if (!is_array($body) || 'correction.published' !== ($body['type'] ?? null)) {
            return 'type: must be "correction.published"';
        }
        $data = $body['data'] ?? null;
        $correction = is_array($data) ? ($data['correction'] ?? null) : null;
        $article = is_array($data) ? ($data['article'] ?? null) : null;
        if (!is_array($correction) || !is_array($article)) {
            return 'data: must hold correction and article';
        }
        $id = $correction['id'] ?? null;
        if (!is_string($id) || !preg_match('/^[0-9a-f-]{36}$/', $id)) {
            return 'data.correction.id: must be a UUID';
        }
        $cmsId = $article['cms_id'] ?? null;
        if (!is_string($cmsId) || !ctype_digit($cmsId)) {
            return 'data.article.cms_id: must be a post ID';
        }
        $hash = $article['version']['text_hash'] ?? null;
        if (!is_string($hash) || !preg_match('/^[0-9a-f]{64}$/', $hash)) {
            return 'data.article.version.text_hash: must be a SHA-256';
        }
        $notice = $correction['notice'] ?? null;
        $passage = $data['passage'] ?? null;
        $parsed = [
            'id' => $id,
            'kind' => is_string($correction['kind'] ?? null) ? $correction['kind'] : 'correction',
            'notice' => is_array($notice) && is_string($notice['text'] ?? null) && '' !== trim($notice['text']) ? $notice['text'] : null,
            'notice_language' => is_array($notice) && is_string($notice['language'] ?? null) ? $notice['language'] : '',
            'published_at' => is_string($correction['published_at'] ?? null) ? $correction['published_at'] : gmdate('c'),
            'case' => is_string($correction['case'] ?? null) ? $correction['case'] : '',
            'cms_id' => $cmsId,
            'text_hash' => $hash,
            'passage' => null,
        ];
        if (null !== $passage) {
            if (!is_array($passage) || !is_string($passage['old'] ?? null) || !is_string($passage['new'] ?? null)) {
                return 'data.passage: must hold old and new';
            }
            $quote = ['prefix' => '', 'suffix' => ''];
            foreach (is_array($passage['selector'] ?? null) ? $passage['selector'] : [] as $selector) {
                if (is_array($selector) && 'TextQuoteSelector' === ($selector['type'] ?? null)) {
                    $quote['prefix'] = is_string($selector['prefix'] ?? null) ? $selector['prefix'] : '';
                    $quote['suffix'] = is_string($selector['suffix'] ?? null) ? $selector['suffix'] : '';
                }
            }
            $parsed['passage'] = ['old' => $passage['old'], 'new' => $passage['new']] + $quote;
        }
        return $parsed;
    }
}
