<?php
/**
 * Router for PHP's built-in server: files as they are, everything else to WordPress.
 *
 * @package Errata
 */

$path = (string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ('/' !== $path && file_exists(__DIR__ . $path)) {
    return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
require __DIR__ . '/index.php';
