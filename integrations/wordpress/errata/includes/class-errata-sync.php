<?php
/**
 * Pushing published posts to errata (`PUT /api/v1/articles`) from WP-Cron, never in the
 * editor's request, retried with back-off.
 *
 * @package Errata
 */

namespace Errata;

/**
 * Schedules and performs the push of a post to errata.
 */
final class Sync
{
    /** Hooks in. */
    public static function hook(): void
    {
        add_action('init', [self::class, 'registerMeta']);
        add_action('save_post', [self::class, 'saved'], 20, 2);
        add_action(Plugin::CRON_PUSH, [self::class, 'push'], 10, 2);
    }

    /**
     * `errata_language`: a post's own language (a BCP 47 tag), for a site that publishes in
     * several; editable through the REST API by whoever may edit the post.
     */
    public static function registerMeta(): void
    {
        foreach (Plugin::postTypes() as $type) {
            register_post_meta($type, 'errata_language', [
                'type' => 'string',
                'single' => true,
                'show_in_rest' => true,
                'sanitize_callback' => static fn ($value): string => '' === trim((string) $value) ? '' : Payload::language((string) $value),
                'auth_callback' => static fn ($allowed, $key, $postId): bool => current_user_can('edit_post', $postId),
            ]);
        }
    }

    /**
     * A post was saved (published, updated, or corrected by errata): push it soon.
     *
     * @param int      $postId The post's ID.
     * @param \WP_Post $post   The post.
     */
    public static function saved(int $postId, \WP_Post $post): void
    {
        if (wp_is_post_revision($postId) || wp_is_post_autosave($postId) || !Plugin::covers($post)) {
            return;
        }
        self::schedule($postId);
    }

    /**
     * Queues a push now (WP-Cron runs it on a coming request). An identical pending event
     * is not queued twice; the push reads the post when it runs, so one is enough.
     *
     * @param int $postId The post's ID.
     */
    public static function schedule(int $postId): void
    {
        if (!wp_next_scheduled(Plugin::CRON_PUSH, [$postId, 1])) {
            wp_schedule_single_event(time(), Plugin::CRON_PUSH, [$postId, 1]);
        }
    }

    /**
     * The push itself: the post as it is now, to errata; errata's version noted in meta.
     *
     * @param int $postId  The post's ID.
     * @param int $attempt This attempt's number, from 1.
     */
    public static function push(int $postId, int $attempt = 1): void
    {
        $post = get_post($postId);
        if (!Plugin::covers($post)) {
            return;
        }
        $content = $post->post_content;
        $body = Payload::article(
            $postId,
            get_the_title($post),
            (string) (wp_get_canonical_url($post) ?: get_permalink($post)),
            self::language($post),
            self::render($post),
            get_post_datetime($post, 'date', 'gmt') ?: null
        );
        $result = Client::call('PUT', '/api/v1/articles', $body);
        if (in_array($result['status'], [200, 201], true) && is_array($result['body'])) {
            update_post_meta($postId, Plugin::META_TEXT_HASH, (string) ($result['body']['version']['text_hash'] ?? ''));
            update_post_meta($postId, Plugin::META_VERSION, (int) ($result['body']['version']['id'] ?? 0));
            update_post_meta($postId, Plugin::META_CONTENT_HASH, self::contentHash($content));
            update_post_meta($postId, Plugin::META_PUSHED_AT, time());
            delete_post_meta($postId, Plugin::META_PUSH_ERROR);
            return;
        }
        $delay = Client::retryable($result) ? Plugin::backoff($attempt) : null;
        update_post_meta($postId, Plugin::META_PUSH_ERROR, $result['error']);
        if (null !== $delay) {
            wp_schedule_single_event(time() + $delay, Plugin::CRON_PUSH, [$postId, $attempt + 1]);
        }
    }

    /**
     * What errata's version check compares: the post's stored content, as pushed.
     *
     * @param string $content A post's `post_content`.
     */
    public static function contentHash(string $content): string
    {
        return hash('sha256', $content);
    }

    /**
     * The post's language: its `errata_language` meta (a BCP 47 tag) or the site's locale.
     *
     * @param \WP_Post $post The post.
     */
    public static function language(\WP_Post $post): string
    {
        $own = get_post_meta($post->ID, 'errata_language', true);
        return is_string($own) && '' !== $own ? $own : get_locale();
    }

    /**
     * The post's content as readers get it (`the_content`), without the plugin's own
     * wrapper and notices.
     *
     * @param \WP_Post $post The post.
     */
    public static function render(\WP_Post $post): string
    {
        $previous = $GLOBALS['post'] ?? null;
        $GLOBALS['post'] = $post; // phpcs:ignore -- the_content's filters read the global post
        setup_postdata($post);
        Front::$bare = true;
        try {
            return (string) apply_filters('the_content', $post->post_content);
        } finally {
            Front::$bare = false;
            $GLOBALS['post'] = $previous; // phpcs:ignore
            if ($previous instanceof \WP_Post) {
                setup_postdata($previous);
            }
        }
    }
}
