<?php
/**
 * The plugin's options, its "errata" user, and where each part hooks in.
 *
 * @package Errata
 */

namespace Errata;

/**
 * Options, activation, and the hooks of every part.
 */
final class Plugin
{
    /** Options read on every page: autoloaded. */
    public const OPTION_URL = 'errata_url';
    public const OPTION_SITE_KEY = 'errata_site_key';
    public const OPTION_POST_TYPES = 'errata_post_types';
    /** Secrets: never autoloaded, never printed back. */
    public const OPTION_API_KEY = 'errata_api_key';
    public const OPTION_WEBHOOK_SECRET = 'errata_webhook_secret';
    /** The user that authors the revisions carrying corrections. */
    public const OPTION_USER = 'errata_user_id';
    /** One option per applied webhook: `errata_webhook_<sha1 of webhook-id>` => time applied. */
    public const WEBHOOK_OPTION_PREFIX = 'errata_webhook_';

    /** Post meta, all prefixed `_errata_` (hidden from the custom fields box). */
    public const META_TEXT_HASH = '_errata_text_hash';
    public const META_VERSION = '_errata_version_id';
    public const META_CONTENT_HASH = '_errata_content_hash';
    public const META_PUSHED_AT = '_errata_pushed_at';
    public const META_PUSH_ERROR = '_errata_push_error';
    public const META_NOTICES = '_errata_notices';

    public const CRON_PUSH = 'errata_push_article';
    public const CRON_STATE = 'errata_report_state';
    public const CRON_PRUNE = 'errata_prune_webhooks';

    /** Back-off between attempts at a call to errata, in seconds: 6 attempts in all. */
    public const BACKOFF = [60, 300, 1800, 7200, 21600];

    /** Hooks every part in. */
    public static function boot(): void
    {
        add_action('init', [self::class, 'loadTextdomain']);
        add_action(self::CRON_PRUNE, [Webhook::class, 'prune']);
        Sync::hook();
        Webhook::hook();
        Front::hook();
        if (is_admin()) {
            Settings::hook();
        }
    }

    /** Translations shipped in `languages/`, if any. */
    public static function loadTextdomain(): void
    {
        load_plugin_textdomain('errata', false, dirname(plugin_basename(ERRATA_PLUGIN_FILE)) . '/languages');
    }

    /**
     * Creates the secret options unautoloaded, the "errata" user, and the daily pruning.
     */
    public static function activate(): void
    {
        add_option(self::OPTION_URL, '');
        add_option(self::OPTION_SITE_KEY, '');
        add_option(self::OPTION_POST_TYPES, ['post']);
        // add_option() does nothing for an option that exists; update_option() keeps the
        // autoload flag an option was created with, so these stay out of every page load.
        add_option(self::OPTION_API_KEY, '', '', 'no');
        add_option(self::OPTION_WEBHOOK_SECRET, '', '', 'no');
        self::user();
        if (!wp_next_scheduled(self::CRON_PRUNE)) {
            wp_schedule_event(time() + DAY_IN_SECONDS, 'daily', self::CRON_PRUNE);
        }
    }

    /** Stops the plugin's scheduled events; options and meta stay until uninstall. */
    public static function deactivate(): void
    {
        foreach ([self::CRON_PRUNE, self::CRON_PUSH, self::CRON_STATE] as $hook) {
            wp_unschedule_hook($hook);
        }
    }

    /**
     * The "errata" user's ID, created (role Editor) when missing. Editors hold
     * `unfiltered_html` on a single site, so a correction saved under this user is not run
     * through KSES, which would strip the post's embeds.
     */
    public static function user(): int
    {
        $id = (int) get_option(self::OPTION_USER, 0);
        if ($id > 0 && get_userdata($id)) {
            return $id;
        }
        $login = username_exists('errata') ? 'errata-' . strtolower(wp_generate_password(6, false)) : 'errata';
        $id = wp_insert_user([
            'user_login' => $login,
            'user_pass' => wp_generate_password(64, true, true),
            'display_name' => 'errata',
            'nickname' => 'errata',
            'description' => __('Applies the corrections published in errata.', 'errata'),
            'role' => 'editor',
        ]);
        if (is_wp_error($id)) {
            return 0;
        }
        update_option(self::OPTION_USER, $id, false);
        return (int) $id;
    }

    /** errata's base URL, without a trailing slash. */
    public static function url(): string
    {
        return untrailingslashit((string) get_option(self::OPTION_URL, ''));
    }

    /**
     * The post types the widget and the synchronisation apply to.
     *
     * @return array<int, string>
     */
    public static function postTypes(): array
    {
        $types = get_option(self::OPTION_POST_TYPES, ['post']);
        return is_array($types) ? array_values(array_filter($types, 'is_string')) : ['post'];
    }

    /**
     * Whether a post is one errata knows about: published, of a chosen type.
     *
     * @param \WP_Post|null $post The post.
     */
    public static function covers(?\WP_Post $post): bool
    {
        return null !== $post && 'publish' === $post->post_status && in_array($post->post_type, self::postTypes(), true);
    }

    /**
     * The seconds to wait before attempt `$attempt + 1`, or null when attempts are spent.
     *
     * @param int $attempt Attempts made so far, from 1.
     */
    public static function backoff(int $attempt): ?int
    {
        return self::BACKOFF[$attempt - 1] ?? null;
    }
}
