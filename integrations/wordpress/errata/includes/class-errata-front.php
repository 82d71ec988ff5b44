<?php
/**
 * What readers get: the widget's script tag, the `data-errata-article` wrapper around the
 * post's content, the correction notices under it, and schema.org JSON-LD in the head.
 *
 * @package Errata
 */

namespace Errata;

/**
 * The public side of a covered post.
 */
final class Front
{
    public const HANDLE = 'errata-widget';

    /** True while Sync renders a post for errata: no wrapper, no notices in what errata reads. */
    public static bool $bare = false;

    /** Hooks in. */
    public static function hook(): void
    {
        add_action('wp_enqueue_scripts', [self::class, 'enqueue']);
        add_filter('script_loader_tag', [self::class, 'scriptTag'], 10, 2);
        // Late, so that the wrapper holds what every other filter made of the content.
        add_filter('the_content', [self::class, 'wrap'], 1000);
        add_action('wp_head', [self::class, 'jsonLd']);
    }

    /** Whether this request shows one covered post. */
    private static function onCoveredPost(): bool
    {
        return is_singular(Plugin::postTypes()) && Plugin::covers(get_queried_object() instanceof \WP_Post ? get_queried_object() : null);
    }

    /** Enqueues errata's `widget.js` (deferred) on covered posts. */
    public static function enqueue(): void
    {
        if (!self::onCoveredPost() || '' === Plugin::url() || '' === get_option(Plugin::OPTION_SITE_KEY, '')) {
            return;
        }
        // WordPress 6.3 added loading strategies; on 6.1 and 6.2 scriptTag() adds `defer`.
        $args = version_compare(get_bloginfo('version'), '6.3', '>=') ? ['strategy' => 'defer', 'in_footer' => false] : false;
        wp_enqueue_script(self::HANDLE, Plugin::url() . '/widget.js', [], null, $args);
    }

    /**
     * Adds `data-site` (and `defer`, for WordPress before 6.3) to the widget's tag.
     *
     * @param string $tag    The `<script>` tag.
     * @param string $handle The script's handle.
     */
    public static function scriptTag(string $tag, string $handle): string
    {
        if (self::HANDLE !== $handle) {
            return $tag;
        }
        $attributes = ' data-site="' . esc_attr((string) get_option(Plugin::OPTION_SITE_KEY, '')) . '"';
        if (!preg_match('/\sdefer[\s=>]/', $tag)) {
            $attributes .= ' defer';
        }
        return (string) preg_replace('/<script\b/', '<script' . $attributes, $tag, 1);
    }

    /**
     * Wraps the main post's content in `<div data-errata-article>` and adds its notices
     * after it (outside: a notice is not article text readers report on).
     *
     * @param string $content The rendered content.
     */
    public static function wrap(string $content): string
    {
        if (self::$bare || !in_the_loop() || !is_main_query() || !self::onCoveredPost() || get_the_ID() !== get_queried_object_id()) {
            return $content;
        }
        // A post in another language than the site's says so: the widget speaks the article's.
        $language = get_post_meta(get_the_ID(), 'errata_language', true);
        $lang = is_string($language) && '' !== $language ? ' lang="' . esc_attr($language) . '"' : '';
        return '<div class="errata-article" data-errata-article' . $lang . '>' . $content . '</div>' . self::notices(get_the_ID());
    }

    /**
     * The post's correction notices.
     *
     * @param int $postId The post's ID.
     * @return array<int, array<string, string>>
     */
    public static function noticesOf(int $postId): array
    {
        $notices = get_post_meta($postId, Plugin::META_NOTICES, true);
        return is_array($notices) ? array_values(array_filter($notices, 'is_array')) : [];
    }

    /**
     * The notices as HTML, every piece escaped.
     *
     * @param int $postId The post's ID.
     */
    public static function notices(int $postId): string
    {
        $notices = self::noticesOf($postId);
        if (!$notices) {
            return '';
        }
        $items = '';
        foreach ($notices as $notice) {
            $when = strtotime((string) ($notice['published_at'] ?? ''));
            $items .= sprintf(
                '<li class="errata-notice errata-notice--%1$s"><time datetime="%2$s">%3$s</time> %4$s</li>',
                esc_attr(sanitize_html_class((string) ($notice['kind'] ?? 'correction'))),
                esc_attr($when ? gmdate('c', $when) : ''),
                esc_html($when ? wp_date(get_option('date_format'), $when) : ''),
                esc_html((string) ($notice['text'] ?? ''))
            );
        }
        return '<aside class="errata-notices" data-errata-ui aria-label="' . esc_attr__('Corrections', 'errata') . '">'
            . '<h2 class="errata-notices__title">' . esc_html__('Corrections', 'errata') . '</h2>'
            . '<ul>' . $items . '</ul></aside>';
    }

    /**
     * The post's schema.org data with its corrections: a `NewsArticle` whose `correction`
     * lists a `CorrectionComment` per notice.
     *
     * @param \WP_Post $post The post.
     * @return array<string, mixed>
     */
    public static function schema(\WP_Post $post): array
    {
        $corrections = [];
        foreach (self::noticesOf($post->ID) as $notice) {
            $corrections[] = [
                '@type' => 'CorrectionComment',
                'text' => (string) ($notice['text'] ?? ''),
                'datePublished' => (string) ($notice['published_at'] ?? ''),
            ];
        }
        return [
            '@context' => 'https://schema.org',
            '@type' => 'NewsArticle',
            'headline' => wp_strip_all_tags(get_the_title($post)),
            'url' => (string) (wp_get_canonical_url($post) ?: get_permalink($post)),
            'datePublished' => (string) get_post_time('c', true, $post),
            'dateModified' => (string) get_post_modified_time('c', true, $post),
            'correction' => $corrections,
        ];
    }

    /** Prints the JSON-LD on a covered post that has notices. */
    public static function jsonLd(): void
    {
        $post = get_queried_object();
        if (!self::onCoveredPost() || !$post instanceof \WP_Post || !self::noticesOf($post->ID)) {
            return;
        }
        // JSON_HEX_TAG: no "</script>" can end the element early, whatever a notice says.
        $json = wp_json_encode(self::schema($post), JSON_HEX_TAG | JSON_HEX_AMP | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        echo '<script type="application/ld+json">' . $json . "</script>\n"; // phpcs:ignore -- JSON, tags hex-escaped
    }
}
