package io.oidcsso.plugin.nativebridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code validateLogoutToken} through the real library: the token's bytes in, the compact answer
 * (docs/architecture.md) out, byte for byte, whatever the token's size up to the core's bound
 * (64 KiB, the only bound); past it, or refused, an exception with its code. A guard for any
 * change to how the bridge reads the token or makes the answer.
 */
class LogoutTokenJniTest {
    private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private static final int FOUR_KB = 4096;
    private static final int CORE_BOUND = 64 * 1024;
    /** The answer's {@code exp} is how long to remember the {@code jti}: the token's exp plus the default skew. */
    private static final long CLOCK_SKEW = 60;
    private static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"logout+jwt\"}";
    /** base64url of a 2048-bit RSA signature (256 bytes). */
    private static final int RS256_SIGNATURE = 342;

    private static TestProvider provider;
    private static OidcEngine engine;

    @BeforeAll
    static void start() throws Exception {
        provider = TestProvider.start();
        engine = OidcEngine.create(provider.config("client-1"), TestProvider.hostContext());
    }

    @AfterAll
    static void stop() {
        engine.close();
        provider.close();
    }

    @Test
    void validateLogoutTokenWhenValidThenCompactAnswerOfItsClaims() throws Exception {
        long exp = now() + 300;

        byte[] answer = engine.validateLogoutToken(utf8(token("jti-1", exp, "")));

        assertArrayEquals(compact("test", provider.issuer(), "alice", "sid-1", "jti-1", exp + CLOCK_SKEW), answer);
    }

    @Test
    void validateLogoutTokenWhenTokenOfAbout4Or12KbThenSameAnswerAsAShortOne() throws Exception {
        long exp = now() + 300;
        byte[] expected = compact("test", provider.issuer(), "alice", "sid-1", "jti-2", exp + CLOCK_SKEW);
        for (int target : new int[] {FOUR_KB - 1, FOUR_KB, FOUR_KB + 1, 3 * FOUR_KB}) {
            String token = tokenOfAbout(target, "jti-2", exp);
            assertTrue(Math.abs(token.length() - target) <= 2, token.length() + " for " + target);
            // The core trims the token: the same answer with white space around it.
            for (String around : new String[] {token, " " + token, token + "  "}) {
                assertArrayEquals(expected, engine.validateLogoutToken(utf8(around)), around.length() + " bytes");
            }
        }
    }

    @Test
    void validateLogoutTokenWhenPastTheCoreBoundThenRefusedWithItsCode() throws Exception {
        String token = token("jti-3", now() + 300, "x".repeat(CORE_BOUND));

        OidcAuthenticationException thrown = assertThrows(OidcAuthenticationException.class,
                () -> engine.validateLogoutToken(utf8(token)));

        assertTrue(thrown.getMessage().contains("longer than " + CORE_BOUND + " bytes"), thrown.getMessage());
    }

    @Test
    void validateLogoutTokenWhenSignatureBrokenOrEmptyOrNotUtf8ThenExceptionWithCode() throws Exception {
        String token = token("jti-4", now() + 300, "");
        String broken = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");

        OidcAuthenticationException badSignature = assertThrows(OidcAuthenticationException.class,
                () -> engine.validateLogoutToken(utf8(broken)));
        OidcAuthenticationException empty = assertThrows(OidcAuthenticationException.class,
                () -> engine.validateLogoutToken(new byte[0]));
        OidcAuthenticationException notUtf8 = assertThrows(OidcAuthenticationException.class,
                () -> engine.validateLogoutToken(new byte[] {(byte) 0xff, '.', 'a', '.', 'b'}));

        assertEquals("invalid_signature", badSignature.code());
        assertEquals("invalid_request", empty.code());
        assertEquals("malformed_logout_token", notUtf8.code());
    }

    private static String token(String jti, long exp, String padding) throws GeneralSecurityException {
        return provider.sign(HEADER, payload(jti, exp, padding));
    }

    /** A token within 2 bytes of {@code length}: the padding found by the lengths alone, signed once. */
    private static String tokenOfAbout(int length, String jti, long exp) throws GeneralSecurityException {
        int padding = 0;
        while (base64Length(HEADER) + base64Length(payload(jti, exp, "x".repeat(padding))) + 2 + RS256_SIGNATURE
                < length - 1) {
            padding++;
        }
        return token(jti, exp, "x".repeat(padding));
    }

    private static String payload(String jti, long exp, String padding) {
        return "{\"iss\":\"" + provider.issuer() + "\",\"aud\":\"client-1\",\"iat\":" + now()
                + ",\"exp\":" + exp + ",\"jti\":\"" + jti + "\",\"sub\":\"alice\",\"sid\":\"sid-1\","
                + "\"events\":{\"" + EVENT + "\":{}}" + (padding.isEmpty() ? "" : ",\"pad\":\"" + padding + "\"")
                + "}";
    }

    private static int base64Length(String text) {
        return (utf8(text).length * 4 + 2) / 3;
    }

    /** The compact answer, written from its description in docs/architecture.md. */
    private static byte[] compact(String idpId, String issuer, String sub, String sid, String jti, long exp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(3);
        for (String text : new String[] {idpId, issuer, sub, sid, jti}) {
            byte[] bytes = utf8(text);
            out.write(bytes.length >> 8);
            out.write(bytes.length & 0xff);
            out.writeBytes(bytes);
        }
        out.writeBytes(ByteBuffer.allocate(8).putLong(exp).array());
        return out.toByteArray();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
