<?php
/**
 * The tests' window into WordPress, from the command line:
 *
 *   php wp.php configure < {"errata_url": …, "errata_api_key": …}   set the plugin's options
 *   php wp.php post ID        the post, its revisions and errata's meta, as JSON
 *   php wp.php cron           run the WP-Cron events that are due, here
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
        'errata_user' => get_userdata((int) get_option('errata_user_id'))->user_login,
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
} else {
    fwrite(STDERR, "usage: php wp.php configure|post ID|cron\n");
    exit(2);
}
