<?php
/**
 * Settings → errata: errata's URL, the site's public key, the API key and the webhook
 * secret (stored unautoloaded, never printed back), the post types, and "Test connection".
 *
 * @package Errata
 */

namespace Errata;

/**
 * The settings page and its two actions.
 */
final class Settings
{
    private const PAGE = 'errata';
    private const SAVE = 'errata_save_settings';
    private const TEST = 'errata_test_connection';

    /** Hooks in. */
    public static function hook(): void
    {
        add_action('admin_menu', [self::class, 'menu']);
        add_action('admin_post_' . self::SAVE, [self::class, 'save']);
        add_action('admin_post_' . self::TEST, [self::class, 'test']);
    }

    /** Adds Settings → errata. */
    public static function menu(): void
    {
        add_options_page(__('errata', 'errata'), __('errata', 'errata'), 'manage_options', self::PAGE, [self::class, 'render']);
    }

    /** The page. */
    public static function render(): void
    {
        if (!current_user_can('manage_options')) {
            return;
        }
        $hasKey = '' !== get_option(Plugin::OPTION_API_KEY, '');
        $hasSecret = '' !== get_option(Plugin::OPTION_WEBHOOK_SECRET, '');
        $result = get_transient(self::TEST . '_' . get_current_user_id());
        delete_transient(self::TEST . '_' . get_current_user_id());
        $types = Plugin::postTypes();
        ?>
        <div class="wrap">
            <h1><?php esc_html_e('errata', 'errata'); ?></h1>
            <?php if (isset($_GET['saved'])) : // phpcs:ignore -- a flag for a notice, nothing acted on ?>
                <div class="notice notice-success"><p><?php esc_html_e('Settings saved.', 'errata'); ?></p></div>
            <?php endif; ?>
            <?php if (is_array($result)) : ?>
                <div class="notice <?php echo $result['ok'] ? 'notice-success' : 'notice-error'; ?>" id="errata-test-result">
                    <?php foreach ($result['lines'] as $line) : ?>
                        <p><?php echo esc_html($line); ?></p>
                    <?php endforeach; ?>
                </div>
            <?php endif; ?>
            <form method="post" action="<?php echo esc_url(admin_url('admin-post.php')); ?>">
                <input type="hidden" name="action" value="<?php echo esc_attr(self::SAVE); ?>">
                <?php wp_nonce_field(self::SAVE); ?>
                <table class="form-table" role="presentation">
                    <tr>
                        <th scope="row"><label for="errata_url"><?php esc_html_e('errata\'s URL', 'errata'); ?></label></th>
                        <td><input type="url" class="regular-text" id="errata_url" name="errata_url" value="<?php echo esc_attr(Plugin::url()); ?>" placeholder="https://errata.example">
                        <p class="description"><?php esc_html_e('Where your newsroom\'s errata runs.', 'errata'); ?></p></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="errata_site_key"><?php esc_html_e('Public key', 'errata'); ?></label></th>
                        <td><input type="text" class="regular-text code" id="errata_site_key" name="errata_site_key" value="<?php echo esc_attr((string) get_option(Plugin::OPTION_SITE_KEY, '')); ?>" placeholder="pk_…">
                        <p class="description"><?php esc_html_e('The site\'s public key (pk_…), from errata\'s site settings. It goes in the widget\'s tag.', 'errata'); ?></p></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="errata_api_key"><?php esc_html_e('API key', 'errata'); ?></label></th>
                        <td><input type="password" class="regular-text code" id="errata_api_key" name="errata_api_key" value="" autocomplete="off" placeholder="<?php echo $hasKey ? esc_attr__('(stored — leave blank to keep)', 'errata') : 'ek_…'; ?>">
                        <p class="description"><?php esc_html_e('The secret API key (ek_…) that errata createsite printed. Stored, never shown again.', 'errata'); ?></p></td>
                    </tr>
                    <tr>
                        <th scope="row"><label for="errata_webhook_secret"><?php esc_html_e('Webhook secret', 'errata'); ?></label></th>
                        <td><input type="password" class="regular-text code" id="errata_webhook_secret" name="errata_webhook_secret" value="" autocomplete="off" placeholder="<?php echo $hasSecret ? esc_attr__('(stored — leave blank to keep)', 'errata') : 'whsec_…'; ?>">
                        <p class="description">
                            <?php esc_html_e('The same secret as in errata\'s site settings, where the webhook URL is:', 'errata'); ?>
                            <code id="errata-webhook-url"><?php echo esc_html(Webhook::url()); ?></code>
                        </p></td>
                    </tr>
                    <tr>
                        <th scope="row"><?php esc_html_e('Post types', 'errata'); ?></th>
                        <td><fieldset>
                        <?php foreach (get_post_types(['public' => true], 'objects') as $type) : ?>
                            <?php if ('attachment' === $type->name) {
                                continue;
                            } ?>
                            <label><input type="checkbox" name="errata_post_types[]" value="<?php echo esc_attr($type->name); ?>" <?php checked(in_array($type->name, $types, true)); ?>>
                            <?php echo esc_html($type->labels->singular_name); ?></label><br>
                        <?php endforeach; ?>
                        <p class="description"><?php esc_html_e('Where readers can report errors, and what is sent to errata when published.', 'errata'); ?></p>
                        </fieldset></td>
                    </tr>
                </table>
                <?php submit_button(__('Save settings', 'errata')); ?>
            </form>
            <form method="post" action="<?php echo esc_url(admin_url('admin-post.php')); ?>">
                <input type="hidden" name="action" value="<?php echo esc_attr(self::TEST); ?>">
                <?php wp_nonce_field(self::TEST); ?>
                <?php submit_button(__('Test connection', 'errata'), 'secondary', 'errata-test', false); ?>
            </form>
        </div>
        <?php
    }

    /** Saves the form; a blank secret field keeps the stored secret. */
    public static function save(): void
    {
        if (!current_user_can('manage_options')) {
            wp_die(esc_html__('You are not allowed to change errata\'s settings.', 'errata'), 403);
        }
        check_admin_referer(self::SAVE);
        $url = esc_url_raw(trim(wp_unslash((string) ($_POST['errata_url'] ?? ''))), ['http', 'https']);
        update_option(Plugin::OPTION_URL, untrailingslashit($url));
        update_option(Plugin::OPTION_SITE_KEY, sanitize_text_field(wp_unslash((string) ($_POST['errata_site_key'] ?? ''))));
        foreach ([Plugin::OPTION_API_KEY, Plugin::OPTION_WEBHOOK_SECRET] as $option) {
            $value = trim(sanitize_text_field(wp_unslash((string) ($_POST[$option] ?? ''))));
            if ('' !== $value) {
                // Created unautoloaded on activation; `false` keeps it so if it was deleted.
                update_option($option, $value, false);
            }
        }
        $types = array_map('sanitize_key', (array) wp_unslash($_POST['errata_post_types'] ?? []));
        update_option(Plugin::OPTION_POST_TYPES, array_values(array_intersect($types, get_post_types(['public' => true]))));
        wp_safe_redirect(add_query_arg(['page' => self::PAGE, 'saved' => 1], admin_url('options-general.php')));
        exit;
    }

    /** Calls errata twice and says what it found. */
    public static function test(): void
    {
        if (!current_user_can('manage_options')) {
            wp_die(esc_html__('You are not allowed to test errata\'s connection.', 'errata'), 403);
        }
        check_admin_referer(self::TEST);
        $result = self::check();
        set_transient(self::TEST . '_' . get_current_user_id(), $result, 120);
        wp_safe_redirect(add_query_arg(['page' => self::PAGE], admin_url('options-general.php')));
        exit;
    }

    /**
     * The connection test: the public key (`GET /api/v1/widget-config`), then the API key,
     * by reporting on a correction that cannot exist: errata answers 404 to a key it
     * accepts and 401 to one it refuses, and changes nothing either way.
     *
     * @return array{ok: bool, lines: array<int, string>}
     */
    public static function check(): array
    {
        $lines = [];
        $ok = true;
        $siteKey = (string) get_option(Plugin::OPTION_SITE_KEY, '');
        $config = Client::call('GET', '/api/v1/widget-config?site=' . rawurlencode($siteKey), null, false);
        if (200 === $config['status']) {
            $lines[] = __('errata answers, and knows this site\'s public key.', 'errata');
        } else {
            $ok = false;
            /* translators: %s: what went wrong */
            $lines[] = sprintf(__('The public key does not work: %s', 'errata'), $config['error']);
        }
        $probe = Client::call('POST', '/api/v1/corrections/00000000-0000-0000-0000-000000000000/cms-state', ['state' => 'applied']);
        if (404 === $probe['status']) {
            $lines[] = __('errata accepts the API key.', 'errata');
        } else {
            $ok = false;
            /* translators: %s: what went wrong */
            $lines[] = sprintf(__('The API key does not work: %s', 'errata'), $probe['error'] ?: $probe['status']);
        }
        if ('' === get_option(Plugin::OPTION_WEBHOOK_SECRET, '')) {
            $ok = false;
            $lines[] = __('No webhook secret yet: corrections cannot come back to WordPress.', 'errata');
        }
        return ['ok' => $ok, 'lines' => $lines];
    }
}
