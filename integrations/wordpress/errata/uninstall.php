<?php
/**
 * Removes what the plugin stored: its options, its post meta, its scheduled events.
 *
 * The "errata" user is kept, with no role: the revisions carrying corrections are theirs,
 * and deleting the user would delete those revisions (or hand them to someone who did not
 * write them). An administrator may delete the account by hand.
 *
 * @package Errata
 */

if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}

global $wpdb;

$errata_user = (int) get_option('errata_user_id', 0);
if ($errata_user > 0) {
    $errata_account = get_userdata($errata_user);
    if ($errata_account) {
        $errata_account->set_role('');
    }
}
foreach (['errata_url', 'errata_site_key', 'errata_post_types', 'errata_api_key', 'errata_webhook_secret', 'errata_user_id'] as $errata_option) {
    delete_option($errata_option);
}
$errata_seen = $wpdb->get_col(
    $wpdb->prepare("SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like('errata_webhook_') . '%')
);
foreach ($errata_seen as $errata_option) {
    delete_option($errata_option);
}
foreach (['_errata_text_hash', '_errata_version_id', '_errata_content_hash', '_errata_pushed_at', '_errata_push_error', '_errata_notices', 'errata_language'] as $errata_key) {
    delete_post_meta_by_key($errata_key);
}
foreach (['errata_push_article', 'errata_report_state', 'errata_prune_webhooks'] as $errata_hook) {
    wp_unschedule_hook($errata_hook);
}
