package io.oidcsso.plugin.nativebridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code validateLogoutToken} through the real library: the token read from its String, the compact
 * answer (docs/architecture.md) written into the caller's array, byte for byte, whatever the token's
 * size up to the bound (65,536 characters: the core's 64 KiB); past it, or refused, an exception with
 * its code. A character that is not ASCII ends where its UTF-8 bytes always did. A guard for any change
 * to how the bridge reads the token or writes the answer.
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
    private static final String MALFORMED = "malformed_logout_token";

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

        byte[] answer = call(token("jti-1", exp, ""));

        assertArrayEquals(compact("test", provider.issuer(), "alice", "sid-1", "jti-1", exp + CLOCK_SKEW), answer);
    }

    @Test
    void validateLogoutTokenWhenTokenOfAbout4Or12KbThenSameAnswerAsAShortOne() throws Exception {
        long exp = now() + 300;
        byte[] expected = compact("test", provider.issuer(), "alice", "sid-1", "jti-2", exp + CLOCK_SKEW);
        // The bridge reads up to 4,096 characters on the stack, longer tokens on the heap.
        for (int target : new int[] {FOUR_KB - 1, FOUR_KB, FOUR_KB + 1, 3 * FOUR_KB}) {
            String token = tokenOfAbout(target, "jti-2", exp);
            assertTrue(Math.abs(token.length() - target) <= 2, token.length() + " for " + target);
            // The core trims the token: the same answer with white space around it.
            for (String around : new String[] {token, " " + token, token + "  "}) {
                assertArrayEquals(expected, call(around), around.length() + " characters");
            }
        }
    }

    @Test
    void validateLogoutTokenWhenPastTheCoreBoundThenRefusedWithItsCode() throws Exception {
        String token = token("jti-3", now() + 300, "x".repeat(CORE_BOUND));

        OidcAuthenticationException thrown = assertThrows(OidcAuthenticationException.class, () -> call(token));

        assertEquals(MALFORMED, thrown.code());
        assertTrue(thrown.getMessage().contains("longer than " + CORE_BOUND + " bytes"), thrown.getMessage());
    }

    @Test
    void validateLogoutTokenWhenAtTheBoundThenReadAndOneCharacterOverThenRefusedUnread() throws Exception {
        long exp = now() + 300;
        String token = token("jti-5", exp, "");
        String atTheBound = token + " ".repeat(CORE_BOUND - token.length());
        String overTheBound = atTheBound + " ";

        byte[] answer = call(atTheBound);
        OidcAuthenticationException over = assertThrows(OidcAuthenticationException.class, () -> call(overTheBound));
        OidcAuthenticationException overAndNotAscii = assertThrows(OidcAuthenticationException.class,
                () -> call("\u00e9".repeat(CORE_BOUND + 1)));
        // At the bound in characters but over it in UTF-8 bytes: the core's own refusal.
        OidcAuthenticationException overInBytes = assertThrows(OidcAuthenticationException.class,
                () -> call("\u00e9".repeat(CORE_BOUND)));

        assertArrayEquals(compact("test", provider.issuer(), "alice", "sid-1", "jti-5", exp + CLOCK_SKEW), answer);
        for (OidcAuthenticationException refused : new OidcAuthenticationException[] {over, overAndNotAscii,
            overInBytes}) {
            assertEquals(MALFORMED, refused.code());
            assertEquals("the logout token is malformed: longer than 65536 bytes", refused.adminHint());
        }
    }

    @Test
    void validateLogoutTokenWhenSignatureBrokenOrEmptyThenExceptionWithCode() throws Exception {
        String token = token("jti-4", now() + 300, "");
        String broken = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");

        OidcAuthenticationException badSignature = assertThrows(OidcAuthenticationException.class,
                () -> call(broken));
        OidcAuthenticationException empty = assertThrows(OidcAuthenticationException.class, () -> call(""));
        OidcAuthenticationException blank = assertThrows(OidcAuthenticationException.class, () -> call(" \u2028 "));

        assertEquals("invalid_signature", badSignature.code());
        assertEquals("invalid_request", empty.code());
        assertEquals("invalid_request", blank.code());
    }

    /**
     * A character that is not ASCII (no compact JWS has one) is read as {@code getBytes(UTF_8)} encoded it
     * before the token crossed as a String: the core then refuses the part it is in, or trims it as white
     * space (U+00A0, U+2028) and accepts the token; an unpaired surrogate is the {@code ?} the JDK wrote.
     */
    @Test
    void validateLogoutTokenWhenNotAsciiThenWhatItsUtf8BytesGot() throws Exception {
        long exp = now() + 300;
        String token = token("jti-6", exp, "");
        int firstDot = token.indexOf('.');
        int secondDot = token.indexOf('.', firstDot + 1);
        String[][] refused = {
            {"\u00e9" + token, "the header is not unpadded base64url"},
            {token.substring(0, firstDot + 1) + "\u20ac" + token.substring(firstDot + 1),
                "the payload is not unpadded base64url"},
            {token + "\ud83d\ude00", "the signature is not unpadded base64url"},
            {token + "\ud83d", "the signature is not unpadded base64url"},
            {token.substring(0, secondDot) + "\uff0e" + token.substring(secondDot + 1),
                "2 dot-separated parts instead of 3 (JWS compact form)"},
            {"\u00a0{" + token, "it uses the JWS JSON serialisation; only the compact form is accepted"},
        };
        for (String[] c : refused) {
            OidcAuthenticationException thrown = assertThrows(OidcAuthenticationException.class, () -> call(c[0]),
                    c[1]);
            assertEquals(MALFORMED, thrown.code(), c[1]);
            assertEquals("the logout token is malformed: " + c[1], thrown.adminHint());
        }
        byte[] expected = compact("test", provider.issuer(), "alice", "sid-1", "jti-6", exp + CLOCK_SKEW);
        for (String around : new String[] {"\u00a0" + token, token + "\u2028", "\u3000" + token + "\u00a0"}) {
            assertArrayEquals(expected, call(around), around.substring(0, 2));
        }
    }

    @Test
    void validateLogoutTokenWhenAnswerLongerThanTheArrayThenNothingWrittenAndItsLengthReturned() throws Exception {
        long exp = now() + 300;
        String token = token("j".repeat(255), exp, "");
        byte[] expected = compact("test", provider.issuer(), "alice", "sid-1", "j".repeat(255), exp + CLOCK_SKEW);

        byte[] tooSmall = new byte[expected.length - 1];
        int needed = engine.validateLogoutToken(token, tooSmall);
        byte[] exact = new byte[needed];
        int written = engine.validateLogoutToken(token, exact);
        byte[] larger = new byte[needed + 3];
        Arrays.fill(larger, (byte) 0x55);
        int writtenInLarger = engine.validateLogoutToken(token, larger);

        assertEquals(expected.length, needed);
        assertArrayEquals(new byte[tooSmall.length], tooSmall, "nothing written, never a truncated answer");
        assertEquals(needed, written);
        assertArrayEquals(expected, exact);
        assertEquals(needed, writtenInLarger);
        assertArrayEquals(expected, Arrays.copyOf(larger, needed));
        assertArrayEquals(new byte[] {0x55, 0x55, 0x55}, Arrays.copyOfRange(larger, needed, needed + 3));
        assertThrows(NullPointerException.class, () -> engine.validateLogoutToken(token, null));
        assertThrows(NullPointerException.class, () -> engine.validateLogoutToken(null, new byte[1]));
    }

    @Test
    void validateLogoutTokenWhenTheNativeMethodGetsANullArrayOrTokenThenAnExceptionAndNothingRead() throws Exception {
        // OidcEngine refuses nulls first; the library must hold on its own (it reads the array's length
        // and the String's with raw JNI calls): an exception naming the argument, never a crash.
        String token = token("jti-null", now() + 300, "");

        OidcInternalException noArray = assertThrows(OidcInternalException.class,
                () -> Native.validateLogoutToken(engine.handle(), token, null));
        OidcInternalException noToken = assertThrows(OidcInternalException.class,
                () -> Native.validateLogoutToken(engine.handle(), null, new byte[512]));
        int needed = Native.validateLogoutToken(engine.handle(), token, new byte[0]);

        assertTrue(noArray.getMessage().contains("the answer array is null"), noArray.getMessage());
        assertTrue(noToken.getMessage().contains("the logout token is null"), noToken.getMessage());
        assertEquals(call(token).length, needed, "an empty array: nothing written, the length returned");
    }

    /** The answer in an array of 512 bytes (about twice a real one), cut to its length. */
    private static byte[] call(String token) {
        byte[] answer = new byte[512];
        int length = engine.validateLogoutToken(token, answer);
        assertTrue(length <= answer.length, length + " bytes");
        return Arrays.copyOf(answer, length);
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
