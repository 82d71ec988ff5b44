<?php
/**
 * Runs WordPress's installer and activates the errata plugin, from the command line.
 * Prints {"user", "password", "application_password"} as JSON. For the tests only.
 *
 * @package Errata
 */

if ('cli' !== PHP_SAPI) {
    exit(1);
}
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = (string) parse_url((string) getenv('WP_URL') ?: 'http://127.0.0.1', PHP_URL_HOST);
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$password = wp_generate_password(24, false);
$installed = wp_install('Le Quotidien', 'admin', 'admin@quotidien.example', false, '', $password, 'fr_FR');
$user = (int) $installed['user_id'];
update_user_meta($user, 'locale', 'en_US'); // the admin's screens in English, the site French
update_option('permalink_structure', '/%postname%/');
update_option('WPLANG', '');
switch_theme('errata-test');
wp_set_current_user($user);
$activated = activate_plugin('errata/errata.php');
if (is_wp_error($activated)) {
    fwrite(STDERR, $activated->get_error_message() . "\n");
    exit(1);
}
flush_rewrite_rules();
[$application] = WP_Application_Passwords::create_new_application_password($user, ['name' => 'errata tests']);
echo json_encode(['user' => 'admin', 'password' => $password, 'application_password' => $application]), "\n";
