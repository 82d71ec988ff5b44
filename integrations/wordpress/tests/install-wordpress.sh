#!/usr/bin/env bash
# Install a throwaway WordPress for the plugin's integration tests.
#
#   install-wordpress.sh TARGET DATABASE URL
#
# Copies Debian's WordPress (/usr/share/wordpress) to TARGET with its own wp-config.php on
# a fresh MariaDB database DATABASE (MARIADB_HOST, default 127.0.0.1:3306, as MARIADB_USER,
# default errata_test, no password: the account mariadb-test-user makes), the plugin from integrations/wordpress/errata, a
# minimal classic theme (Debian's wordpress package ships none) and a must-use plugin that
# writes wp_mail() to TARGET/wp-content/mail.jsonl. Then runs wp_install() and
# activate_plugin() through install.php, which prints the admin's credentials as JSON.
# Serve it with:  PHP_CLI_SERVER_WORKERS=4 php -S HOST:PORT -t TARGET TARGET/router.php
set -euo pipefail

target=$1 database=$2 url=$3
here=$(cd "$(dirname "$0")" && pwd)
wordpress=${WORDPRESS_SOURCE:-/usr/share/wordpress}
mariadb=${MARIADB_HOST:-127.0.0.1:3306}
user=${MARIADB_USER:-errata_test}

[[ $database =~ ^wp_[A-Za-z0-9_]+$ ]] || { echo "database name must be wp_…: $database" >&2; exit 2; }
mkdir -p "$target"
cp -r "$wordpress"/. "$target"/
rm -f "$target/wp-config.php" "$target/.htaccess"
mkdir -p "$target/wp-content/plugins" "$target/wp-content/themes" "$target/wp-content/mu-plugins" "$target/wp-content/uploads"
cp -r "$here/../errata" "$target/wp-content/plugins/errata"
cp -r "$here/theme/errata-test" "$target/wp-content/themes/errata-test"
cp "$here/mu-plugins/"*.php "$target/wp-content/mu-plugins/"
cp "$here/router.php" "$here/wp.php" "$target/"

salts=$(php -r 'for ($i = 0; $i < 8; $i++) { echo bin2hex(random_bytes(32)), "\n"; }')
mapfile -t salt <<<"$salts"
cat >"$target/wp-config.php" <<CONFIG
<?php
// Written by integrations/wordpress/tests/install-wordpress.sh for the tests only.
define('DB_NAME', '$database');
define('DB_USER', '$user');
define('DB_PASSWORD', '');
define('DB_HOST', '$mariadb');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', '$url');
define('WP_SITEURL', '$url');
// 'local' lets application passwords work over plain HTTP on loopback.
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_DEBUG', true);
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', __DIR__ . '/wp-content/debug.log');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_ACCESSIBLE_HOSTS', '127.0.0.1,localhost');
define('AUTH_KEY', '${salt[0]}');
define('SECURE_AUTH_KEY', '${salt[1]}');
define('LOGGED_IN_KEY', '${salt[2]}');
define('NONCE_KEY', '${salt[3]}');
define('AUTH_SALT', '${salt[4]}');
define('SECURE_AUTH_SALT', '${salt[5]}');
define('LOGGED_IN_SALT', '${salt[6]}');
define('NONCE_SALT', '${salt[7]}');
\$table_prefix = 'wp_';
if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
CONFIG

php -r '
[$_, $host, $database, $user] = $argv;
[$name, $port] = explode(":", $host) + [1 => 3306];
$db = new mysqli($name, $user, "", "", (int) $port);
$db->query("DROP DATABASE IF EXISTS `$database`");
$db->query("CREATE DATABASE `$database` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
' "$mariadb" "$database" "$user"
cp "$here/install.php" "$target/install.php"
php "$target/install.php"
