<?php
/**
 * Plugin Name:       errata
 * Plugin URI:        https://github.com/errata-news/errata/tree/main/integrations/wordpress
 * Description:       Readers report errors in your posts with errata's widget; the corrections your editors publish in errata come back to the post, as a new revision with its notice.
 * Version:           1.0.0
 * Requires at least: 6.1
 * Requires PHP:      8.2
 * Author:            errata contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       errata
 *
 * @package Errata
 */

// errata itself is Apache-2.0; this plugin, which runs inside WordPress, is GPL-2.0-or-later
// (docs/decisions/0021-wordpress-plugin-licence.md). They meet only over HTTP.

if (!defined('ABSPATH')) {
    exit;
}

define('ERRATA_PLUGIN_VERSION', '1.0.0');
define('ERRATA_PLUGIN_FILE', __FILE__);

require_once __DIR__ . '/includes/class-errata-signature.php';
require_once __DIR__ . '/includes/class-errata-passage.php';
require_once __DIR__ . '/includes/class-errata-payload.php';
require_once __DIR__ . '/includes/class-errata-plugin.php';
require_once __DIR__ . '/includes/class-errata-client.php';
require_once __DIR__ . '/includes/class-errata-sync.php';
require_once __DIR__ . '/includes/class-errata-webhook.php';
require_once __DIR__ . '/includes/class-errata-front.php';
require_once __DIR__ . '/includes/class-errata-settings.php';

register_activation_hook(__FILE__, [Errata\Plugin::class, 'activate']);
register_deactivation_hook(__FILE__, [Errata\Plugin::class, 'deactivate']);
Errata\Plugin::boot();
