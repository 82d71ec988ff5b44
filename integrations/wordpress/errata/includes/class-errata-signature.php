<?php
/**
 * Standard Webhooks signatures, as errata signs its correction webhooks.
 *
 * Pure PHP (no WordPress call), so that PHPUnit checks it alone. The scheme is described in
 * errata's docs/api.md, "Correction webhooks".
 *
 * @package Errata
 */

namespace Errata;

/**
 * Verifies `webhook-id`, `webhook-timestamp` and `webhook-signature` over the raw body.
 */
final class Signature
{
    /** How far a timestamp may stray from this server's clock, in seconds (the scheme's default). */
    public const TOLERANCE = 300;

    private const PREFIX = 'whsec_';

    /**
     * The HMAC key a secret stands for: a `whsec_` secret is its base64-decoded bytes, as the
     * scheme's libraries read it; any other secret is its UTF-8 bytes.
     *
     * @param string $secret The site's webhook secret, as errata's site settings hold it.
     */
    public static function key(string $secret): string
    {
        if (str_starts_with($secret, self::PREFIX)) {
            $decoded = base64_decode(substr($secret, strlen(self::PREFIX)), false);
            if (is_string($decoded) && '' !== $decoded) {
                return $decoded;
            }
        }
        return $secret;
    }

    /**
     * The `webhook-signature` value errata sends for this message.
     *
     * @param string $secret    The webhook secret.
     * @param string $messageId The `webhook-id` header.
     * @param int    $timestamp The `webhook-timestamp` header.
     * @param string $body      The raw request body.
     */
    public static function sign(string $secret, string $messageId, int $timestamp, string $body): string
    {
        $digest = hash_hmac('sha256', $messageId . '.' . $timestamp . '.' . $body, self::key($secret), true);
        return 'v1,' . base64_encode($digest);
    }

    /**
     * Why a request is refused, or null when its signature and timestamp are good.
     *
     * @param string $secret    The webhook secret; an empty secret refuses everything.
     * @param string $messageId The `webhook-id` header.
     * @param string $timestamp The `webhook-timestamp` header.
     * @param string $signature The `webhook-signature` header: space-separated `v1,…` values.
     * @param string $body      The raw body.
     * @param int    $now       This server's clock (Unix seconds).
     */
    public static function problem(
        string $secret,
        string $messageId,
        string $timestamp,
        string $signature,
        string $body,
        int $now
    ): ?string {
        if ('' === $secret) {
            return 'the plugin has no webhook secret';
        }
        if ('' === $messageId || '' === $signature) {
            return 'webhook-id and webhook-signature are required';
        }
        if (!ctype_digit($timestamp)) {
            return 'webhook-timestamp must be Unix seconds';
        }
        if (abs($now - (int) $timestamp) > self::TOLERANCE) {
            return 'webhook-timestamp is more than 5 minutes from this server\'s clock';
        }
        $expected = self::sign($secret, $messageId, (int) $timestamp, $body);
        foreach (explode(' ', $signature) as $candidate) {
            if (hash_equals($expected, $candidate)) {
                return null;
            }
        }
        return 'webhook-signature does not match';
    }
}
