<?php
/**
 * Tests only: wp_mail() writes each message as a JSON line to wp-content/mail.jsonl.
 *
 * @package Errata
 */

add_filter(
    'pre_wp_mail',
    static function ($short, array $atts) {
        file_put_contents(WP_CONTENT_DIR . '/mail.jsonl', json_encode($atts) . "\n", FILE_APPEND | LOCK_EX);
        return true;
    },
    10,
    2
);
