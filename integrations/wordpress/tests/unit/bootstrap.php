<?php
/**
 * Loads the plugin's pure classes, which need no WordPress.
 *
 * @package Errata
 */

error_reporting(E_ALL);
require_once dirname(__DIR__, 2) . '/errata/includes/class-errata-signature.php';
require_once dirname(__DIR__, 2) . '/errata/includes/class-errata-passage.php';
require_once dirname(__DIR__, 2) . '/errata/includes/class-errata-payload.php';
