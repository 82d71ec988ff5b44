<?php
/**
 * Standard Webhooks verification, with values errata's own implementation produced.
 *
 * @package Errata
 */

namespace Errata\Tests;

use Errata\Signature;
use PHPUnit\Framework\TestCase;

final class SignatureTest extends TestCase
{
    private const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    private const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    private const STAMP = 1614265330;
    private const BODY = '{"test": 2432232314}';
    // The Standard Webhooks specification's example: this secret, id, timestamp and body.
    private const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

    public function testTheSchemesOwnExampleVerifies(): void
    {
        $this->assertSame(self::SIGNATURE, Signature::sign(self::SECRET, self::ID, self::STAMP, self::BODY));
        $this->assertNull(Signature::problem(self::SECRET, self::ID, (string) self::STAMP, self::SIGNATURE, self::BODY, self::STAMP + 10));
    }

    public function testOneOfSeveralSignaturesIsEnough(): void
    {
        $header = 'v1,bm90IGl0 ' . self::SIGNATURE;
        $this->assertNull(Signature::problem(self::SECRET, self::ID, (string) self::STAMP, $header, self::BODY, self::STAMP));
    }

    public function testATamperedBodyIsRefused(): void
    {
        $problem = Signature::problem(self::SECRET, self::ID, (string) self::STAMP, self::SIGNATURE, '{"test": 2432232315}', self::STAMP);
        $this->assertSame('webhook-signature does not match', $problem);
    }

    public function testAnotherMessageIdIsRefused(): void
    {
        $problem = Signature::problem(self::SECRET, 'msg_other', (string) self::STAMP, self::SIGNATURE, self::BODY, self::STAMP);
        $this->assertSame('webhook-signature does not match', $problem);
    }

    public function testTheWrongSecretIsRefused(): void
    {
        $problem = Signature::problem('whsec_' . base64_encode('another key'), self::ID, (string) self::STAMP, self::SIGNATURE, self::BODY, self::STAMP);
        $this->assertSame('webhook-signature does not match', $problem);
    }

    public function testAnOldTimestampIsRefusedEvenWellSigned(): void
    {
        $stamp = self::STAMP - 301;
        $signature = Signature::sign(self::SECRET, self::ID, $stamp, self::BODY);
        $problem = Signature::problem(self::SECRET, self::ID, (string) $stamp, $signature, self::BODY, self::STAMP);
        $this->assertStringContainsString('5 minutes', (string) $problem);
        // 300 seconds is still inside the window.
        $stamp = self::STAMP - 300;
        $signature = Signature::sign(self::SECRET, self::ID, $stamp, self::BODY);
        $this->assertNull(Signature::problem(self::SECRET, self::ID, (string) $stamp, $signature, self::BODY, self::STAMP));
    }

    public function testAFutureTimestampIsRefused(): void
    {
        $stamp = self::STAMP + 600;
        $signature = Signature::sign(self::SECRET, self::ID, $stamp, self::BODY);
        $this->assertNotNull(Signature::problem(self::SECRET, self::ID, (string) $stamp, $signature, self::BODY, self::STAMP));
    }

    public function testAReplayIsRefusedOnceItsWindowHasPassed(): void
    {
        // A captured delivery replayed later: same headers, same body, the clock has moved on.
        $this->assertNotNull(Signature::problem(self::SECRET, self::ID, (string) self::STAMP, self::SIGNATURE, self::BODY, self::STAMP + 3600));
    }

    public function testMissingOrMalformedHeadersAreRefused(): void
    {
        $this->assertNotNull(Signature::problem(self::SECRET, '', (string) self::STAMP, self::SIGNATURE, self::BODY, self::STAMP));
        $this->assertNotNull(Signature::problem(self::SECRET, self::ID, '', self::SIGNATURE, self::BODY, self::STAMP));
        $this->assertNotNull(Signature::problem(self::SECRET, self::ID, '-5', self::SIGNATURE, self::BODY, self::STAMP));
        $this->assertNotNull(Signature::problem(self::SECRET, self::ID, (string) self::STAMP, '', self::BODY, self::STAMP));
        $this->assertNotNull(Signature::problem('', self::ID, (string) self::STAMP, self::SIGNATURE, self::BODY, self::STAMP));
    }

    public function testAPlainSecretIsItsOwnBytes(): void
    {
        $expected = 'v1,' . base64_encode(hash_hmac('sha256', 'msg_1.5.{}', 'plain secret', true));
        $this->assertSame($expected, Signature::sign('plain secret', 'msg_1', 5, '{}'));
    }
}
