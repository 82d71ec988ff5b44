<?php
/**
 * Calls to errata's API with the WordPress HTTP API.
 *
 * @package Errata
 */

namespace Errata;

/**
 * One call to errata: its status and decoded body, or the transport error (status 0), or
 * why it was not made (status -1: the plugin is not configured).
 */
final class Client
{
    /**
     * Calls errata.
     *
     * @param string     $method HTTP method.
     * @param string     $path   The path under errata's URL (`/api/v1/...`).
     * @param array|null $body   A JSON body, or none.
     * @param bool       $auth   Whether to send the API key.
     * @return array{status: int, body: mixed, error: string}
     */
    public static function call(string $method, string $path, ?array $body = null, bool $auth = true): array
    {
        $base = Plugin::url();
        if ('' === $base) {
            return ['status' => -1, 'body' => null, 'error' => __('errata\'s URL is not set.', 'errata')];
        }
        $headers = ['Accept' => 'application/json'];
        if ($auth) {
            $key = (string) get_option(Plugin::OPTION_API_KEY, '');
            if ('' === $key) {
                return ['status' => -1, 'body' => null, 'error' => __('The API key is not set.', 'errata')];
            }
            $headers['Authorization'] = 'Bearer ' . $key;
        }
        $args = [
            'method' => $method,
            'headers' => $headers,
            'timeout' => 15,
            'redirection' => 0,
            'user-agent' => 'errata-wordpress/' . ERRATA_PLUGIN_VERSION . '; ' . home_url('/'),
        ];
        if (null !== $body) {
            $args['headers']['Content-Type'] = 'application/json';
            $args['body'] = wp_json_encode($body);
        }
        $response = wp_remote_request($base . $path, $args);
        if (is_wp_error($response)) {
            return ['status' => 0, 'body' => null, 'error' => $response->get_error_message()];
        }
        $status = (int) wp_remote_retrieve_response_code($response);
        $decoded = json_decode(wp_remote_retrieve_body($response), true);
        $error = '';
        if ($status >= 400) {
            $error = is_array($decoded) && is_string($decoded['detail'] ?? null)
                ? $decoded['detail']
                /* translators: %d: an HTTP status code */
                : sprintf(__('errata answered %d.', 'errata'), $status);
        }
        return ['status' => $status, 'body' => $decoded, 'error' => $error];
    }

    /**
     * Whether a failed call is worth retrying: no answer, too many requests, or a server error.
     *
     * @param array{status: int, body: mixed, error: string} $result A call's result.
     */
    public static function retryable(array $result): bool
    {
        return 0 === $result['status'] || 429 === $result['status'] || $result['status'] >= 500;
    }
}
