<?php
/**
 * The tests' window into WordPress, from the command line:
 *
 *   php wp.php configure < {"errata_url": …, "errata_api_key": …}   set the plugin's options
 *   php wp.php post ID        the post, its revisions and errata's meta, as JSON
 *   php wp.php cron           run the WP-Cron events that are due, here
 *   php wp.php uninstall      deactivate and delete the plugin as Plugins → Delete does;
 *                             what is left of it, as JSON
 *
 * @package Errata
 */

if ('cli' !== PHP_SAPI) {
    exit(1);
}
$_SERVER['HTTP_HOST'] = '127.0.0.1';
require __DIR__ . '/wp-load.php';

$command = $argv[1] ?? '';
if ('configure' === $command) {
    foreach (json_decode((string) stream_get_contents(STDIN), true) as $name => $value) {
        update_option($name, $value);
    }
    echo "{}\n";
} elseif ('post' === $command) {
    $post = get_post((int) $argv[2]);
    $revisions = [];
    foreach (wp_get_post_revisions($post->ID, ['orderby' => 'ID', 'order' => 'ASC']) as $revision) {
        $revisions[] = ['id' => $revision->ID, 'author' => get_userdata((int) $revision->post_author)->user_login, 'content' => $revision->post_content];
    }
    $meta = [];
    foreach (get_post_meta($post->ID) as $key => $values) {
        if (str_starts_with($key, '_errata_')) {
            $meta[$key] = maybe_unserialize($values[0]);
        }
    }
    echo json_encode([
        'id' => $post->ID,
        'content' => $post->post_content,
        'modified' => $post->post_modified_gmt,
        'revisions' => $revisions,
        'meta' => $meta,
        'errata_user' => get_userdata((int) get_option('errata_user_id'))->user_login ?? null,
        'autoload' => $GLOBALS['wpdb']->get_results("SELECT option_name, autoload FROM {$GLOBALS['wpdb']->options} WHERE option_name LIKE 'errata\\_%'", ARRAY_A),
    ]), "\n";
} elseif ('cron' === $command) {
    foreach (_get_cron_array() ?: [] as $time => $hooks) {
        if ($time > time()) {
            continue;
        }
        foreach ($hooks as $hook => $events) {
            foreach ($events as $event) {
                wp_unschedule_event($time, $hook, $event['args']);
                do_action_ref_array($hook, $event['args']);
            }
        }
    }
    echo "{}\n";
} elseif ('uninstall' === $command) {
    require_once ABSPATH . 'wp-admin/includes/plugin.php';
    require_once ABSPATH . 'wp-admin/includes/file.php';
    $user = (int) get_option('errata_user_id');
    deactivate_plugins('errata/errata.php');
    uninstall_plugin('errata/errata.php');
    global $wpdb;
    echo json_encode([
        'options' => $wpdb->get_col("SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE 'errata\\_%'"),
        'meta' => $wpdb->get_col("SELECT DISTINCT meta_key FROM {$wpdb->postmeta} WHERE meta_key LIKE '\\_errata\\_%' OR meta_key = 'errata_language'"),
        'cron' => array_values(array_filter(array_merge(...array_map('array_keys', array_values(array_filter(_get_cron_array() ?: [], 'is_array')))), static fn ($hook) => str_starts_with($hook, 'errata_'))),
        'errata_user_roles' => get_userdata($user) ? array_values(get_userdata($user)->roles) : null,
    ]), "\n";
} else {
    fwrite(STDERR, "usage: php wp.php configure|post ID|cron|uninstall\n");
    exit(2);
}
