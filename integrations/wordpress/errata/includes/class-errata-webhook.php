<?php
/**
 * errata's correction webhook: `POST /wp-json/errata/v1/corrections`.
 *
 * A correction is applied only to the version of the post errata corrected: when errata's
 * version (`data.article.version.text_hash`) is the one the last push received, and the
 * post's content is still what was pushed (or what the plugin made of it by applying
 * corrections). Otherwise nothing is applied, errata is told `needs_manual_edit`, and the
 * post's author gets an email. What the plugin did goes back to errata through
 * `POST /api/v1/corrections/{id}/cms-state`, from WP-Cron with retries, so that the
 * webhook's answer never waits on a second call to errata.
 *
 * @package Errata
 */

namespace Errata;

/**
 * Receives, checks and applies correction webhooks; reports back to errata.
 */
final class Webhook
{
    /** How long an applied webhook-id is remembered: longer than errata's retries (~7.5 h). */
    public const REMEMBER = 7 * DAY_IN_SECONDS;

    /** Hooks in. */
    public static function hook(): void
    {
        add_action('rest_api_init', [self::class, 'route']);
        add_action(Plugin::CRON_STATE, [self::class, 'report'], 10, 5);
    }

    /** Registers the route; its signature check is the permission check. */
    public static function route(): void
    {
        register_rest_route('errata/v1', '/corrections', [
            'methods' => 'POST',
            'callback' => [self::class, 'receive'],
            // Anyone may call; only a request signed with the site's secret gets past receive().
            'permission_callback' => '__return_true',
        ]);
    }

    /**
     * The webhook's URL, to paste into errata's site settings.
     */
    public static function url(): string
    {
        return rest_url('errata/v1/corrections');
    }

    /**
     * Handles one delivery.
     *
     * @param \WP_REST_Request $request The request.
     */
    public static function receive(\WP_REST_Request $request): \WP_REST_Response
    {
        $body = $request->get_body();
        $messageId = (string) $request->get_header('webhook-id');
        $refused = Signature::problem(
            (string) get_option(Plugin::OPTION_WEBHOOK_SECRET, ''),
            $messageId,
            (string) $request->get_header('webhook-timestamp'),
            (string) $request->get_header('webhook-signature'),
            $body,
            time()
        );
        if (null !== $refused) {
            return self::problem(401, 'invalid-signature', $refused);
        }
        $correction = Payload::correction(json_decode($body, true));
        if (is_string($correction)) {
            return self::problem(422, 'invalid-field', $correction);
        }
        $post = get_post((int) $correction['cms_id']);
        if (!$post instanceof \WP_Post || !in_array($post->post_type, Plugin::postTypes(), true)) {
            return self::problem(404, 'not-found', 'data.article.cms_id: this site has no such post');
        }
        // The option's unique name makes this atomic: a second delivery of the same id,
        // even a concurrent one, finds it taken.
        $seen = Plugin::WEBHOOK_OPTION_PREFIX . sha1($messageId);
        if (!add_option($seen, time(), '', 'no')) {
            return self::problem(409, 'already-applied', 'webhook-id: this correction was already received');
        }
        try {
            [$state, $detail, $revision] = self::apply($post, $correction);
        } catch (\Throwable $error) {
            delete_option($seen); // let errata's retry try again
            return self::problem(500, 'not-applied', $error->getMessage());
        }
        self::queueReport($correction['id'], $state, $detail, $revision);
        if ('needs_manual_edit' === $state) {
            self::notifyEditor($post, $correction, $detail);
        }
        return new \WP_REST_Response(['state' => $state, 'detail' => $detail, 'revision' => $revision], 200);
    }

    /**
     * Applies the correction to the post, if the post is the version errata corrected.
     *
     * @param \WP_Post $post       The post.
     * @param array    $correction The correction (Payload::correction()).
     * @return array{0: string, 1: string, 2: string} The state, a detail, the revision.
     */
    public static function apply(\WP_Post $post, array $correction): array
    {
        $pushed = get_post_meta($post->ID, Plugin::META_TEXT_HASH, true);
        $content = get_post_meta($post->ID, Plugin::META_CONTENT_HASH, true);
        if ($pushed !== $correction['text_hash']) {
            return ['needs_manual_edit', __('The post was edited after the version errata corrected.', 'errata'), ''];
        }
        if ($content !== Sync::contentHash($post->post_content)) {
            return ['needs_manual_edit', __('The post was edited after it was last sent to errata.', 'errata'), ''];
        }
        $revision = '';
        if (null !== $correction['passage']) {
            $passage = $correction['passage'];
            $html = Passage::replace($post->post_content, $passage['old'], $passage['new'], $passage['prefix'], $passage['suffix']);
            if (null === $html) {
                return ['needs_manual_edit', __('The passage is not in the post, or is there more than once with the same context.', 'errata'), ''];
            }
            $revision = self::save($post, $html);
        }
        if (null !== $correction['notice']) {
            $notices = get_post_meta($post->ID, Plugin::META_NOTICES, true);
            $notices = is_array($notices) ? $notices : [];
            $notices[] = [
                'id' => $correction['id'],
                'kind' => $correction['kind'],
                'text' => $correction['notice'],
                'language' => $correction['notice_language'],
                'published_at' => $correction['published_at'],
                'case' => $correction['case'],
            ];
            update_post_meta($post->ID, Plugin::META_NOTICES, $notices);
        }
        return ['applied', '', $revision];
    }

    /**
     * Saves the corrected content as the "errata" user, so that the revision is theirs; the
     * post's new content becomes the version later corrections are checked against.
     *
     * @param \WP_Post $post The post.
     * @param string   $html Its corrected content.
     * @return string The new revision's ID.
     */
    private static function save(\WP_Post $post, string $html): string
    {
        $user = Plugin::user();
        if (0 === $user) {
            throw new \RuntimeException('the errata user could not be created');
        }
        $previous = get_current_user_id();
        wp_set_current_user($user);
        try {
            $saved = wp_update_post(['ID' => $post->ID, 'post_content' => wp_slash($html)], true);
        } finally {
            wp_set_current_user($previous);
        }
        if (is_wp_error($saved)) {
            throw new \RuntimeException(esc_html($saved->get_error_message()));
        }
        clean_post_cache($post->ID);
        $stored = get_post($post->ID);
        update_post_meta($post->ID, Plugin::META_CONTENT_HASH, Sync::contentHash($stored->post_content));
        $latest = wp_get_post_revisions($post->ID, ['numberposts' => 1, 'orderby' => 'ID', 'order' => 'DESC']);
        return $latest ? (string) array_key_first($latest) : '';
    }

    /**
     * Queues the report to errata (`cms-state`).
     *
     * @param string $id       The correction's id.
     * @param string $state    `applied` or `needs_manual_edit`.
     * @param string $detail   Why, for the desk.
     * @param string $revision The revision carrying the correction.
     */
    public static function queueReport(string $id, string $state, string $detail, string $revision): void
    {
        wp_schedule_single_event(time(), Plugin::CRON_STATE, [$id, $state, $detail, $revision, 1]);
        spawn_cron();
    }

    /**
     * Tells errata what became of a correction; retried with back-off when errata is away.
     *
     * @param string $id       The correction's id.
     * @param string $state    `applied` or `needs_manual_edit`.
     * @param string $detail   Why, for the desk.
     * @param string $revision The revision carrying the correction.
     * @param int    $attempt  This attempt's number, from 1.
     */
    public static function report(string $id, string $state, string $detail, string $revision, int $attempt = 1): void
    {
        $body = ['state' => $state];
        if ('' !== $detail) {
            $body['detail'] = mb_substr($detail, 0, 500, 'UTF-8');
        }
        if ('' !== $revision) {
            $body['revision'] = $revision;
        }
        $result = Client::call('POST', '/api/v1/corrections/' . rawurlencode($id) . '/cms-state', $body);
        $delay = 200 !== $result['status'] && Client::retryable($result) ? Plugin::backoff($attempt) : null;
        if (null !== $delay) {
            wp_schedule_single_event(time() + $delay, Plugin::CRON_STATE, [$id, $state, $detail, $revision, $attempt + 1]);
        }
    }

    /**
     * Emails the post's author (or the site's administrator) about a correction to make by hand.
     *
     * @param \WP_Post $post       The post.
     * @param array    $correction The correction.
     * @param string   $detail     Why it was not applied.
     */
    private static function notifyEditor(\WP_Post $post, array $correction, string $detail): void
    {
        $author = get_userdata((int) $post->post_author);
        $to = $author && is_email($author->user_email) ? $author->user_email : get_option('admin_email');
        /* translators: %s: the post's title */
        $subject = sprintf(__('[errata] A correction to make by hand: %s', 'errata'), get_the_title($post));
        $lines = [
            /* translators: %s: the errata case's reference */
            sprintf(__('errata published a correction (%s) that could not be applied to this post:', 'errata'), $correction['case']),
            get_the_title($post),
            (string) get_edit_post_link($post->ID, 'raw'),
            '',
            $detail,
        ];
        if (null !== $correction['passage']) {
            /* translators: %s: the passage before the correction */
            $lines[] = sprintf(__('Before: %s', 'errata'), $correction['passage']['old']);
            /* translators: %s: the passage after the correction */
            $lines[] = sprintf(__('After: %s', 'errata'), $correction['passage']['new']);
        }
        if (null !== $correction['notice']) {
            /* translators: %s: the correction notice */
            $lines[] = sprintf(__('Notice: %s', 'errata'), $correction['notice']);
        }
        wp_mail($to, $subject, implode("\n", $lines));
    }

    /** Forgets webhook ids older than REMEMBER (daily). */
    public static function prune(): void
    {
        global $wpdb;
        $rows = $wpdb->get_results(
            $wpdb->prepare(
                "SELECT option_name, option_value FROM {$wpdb->options} WHERE option_name LIKE %s",
                $wpdb->esc_like(Plugin::WEBHOOK_OPTION_PREFIX) . '%'
            )
        );
        foreach ($rows as $row) {
            if ((int) $row->option_value < time() - self::REMEMBER) {
                delete_option($row->option_name);
            }
        }
    }

    /**
     * An `application/problem+json` answer, in errata's shape.
     *
     * @param int    $status HTTP status.
     * @param string $code   A short code.
     * @param string $detail What is wrong, naming the field.
     */
    private static function problem(int $status, string $code, string $detail): \WP_REST_Response
    {
        $response = new \WP_REST_Response([
            'type' => 'urn:errata:problem:' . $code,
            'title' => $detail,
            'status' => $status,
            'detail' => $detail,
            'code' => $code,
        ], $status);
        $response->header('Content-Type', 'application/problem+json; charset=utf-8');
        return $response;
    }
}
