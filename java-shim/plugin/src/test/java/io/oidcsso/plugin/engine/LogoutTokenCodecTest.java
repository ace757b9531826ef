package io.oidcsso.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.nativebridge.OidcInternalException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compact back-channel logout answer: the golden bytes the core writes
 * ({@code LogoutTokenDecision.compact.hex}, asserted by the core's {@code contract.rs}) decode into the
 * record of {@code LogoutTokenDecision.json}; bytes written here by the layout decode back to their
 * record; every malformed answer is {@code engine_protocol_error}, never a wrong decision.
 */
class LogoutTokenCodecTest {
    private static Path fixture(String name) {
        return Path.of(System.getProperty("basedir", ".")).resolve("../../rust/core/tests/data/contract")
                .resolve(name).normalize();
    }

    /** The layout written independently of the decoder (the core's encoder is the other writer). */
    private static byte[] encode(LogoutTokenDecision d) {
        return raw((d.sub() != null ? 1 : 0) | (d.sid() != null ? 2 : 0), d.exp(), d.idpId(), d.issuer(), d.sub(),
                d.sid(), d.jti());
    }

    /** Version 1, these flags, the non-null strings in order, then {@code exp}. */
    private static byte[] raw(int flags, long exp, String... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(LogoutTokenCodec.VERSION);
        out.write(flags);
        for (String text : strings) {
            if (text != null) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                out.write(bytes.length >> 8);
                out.write(bytes.length & 0xff);
                out.writeBytes(bytes);
            }
        }
        out.writeBytes(ByteBuffer.allocate(8).putLong(exp).array());
        return out.toByteArray();
    }

    @Test
    void decodeWhenGoldenBytesOfTheCoreThenTheRecordOfTheJsonFixture() throws Exception {
        byte[] golden = HexFormat.of().parseHex(Files.readString(fixture("LogoutTokenDecision.compact.hex")).trim());
        LogoutTokenDecision fromJson = EngineCodec.decode(
                Files.readString(fixture("LogoutTokenDecision.json")), LogoutTokenDecision.class);
        assertEquals(fromJson, LogoutTokenCodec.decode(golden));
        assertEquals(HexFormat.of().formatHex(golden), HexFormat.of().formatHex(encode(fromJson)));
    }

    @Test
    void decodeWhenEncodedWithSubOnlySidOnlyOrBothThenSameRecord() {
        LogoutTokenDecision[] decisions = {
            new LogoutTokenDecision("kc", "https://é.example/realms/ü", "alice", null, "j-1", 1_764_345_780L),
            new LogoutTokenDecision("kc", "https://i", null, "sid-9", "j", -2L),
            new LogoutTokenDecision("a".repeat(300), "https://i", "s".repeat(255), "d", "j".repeat(255),
                    Long.MAX_VALUE),
        };
        for (LogoutTokenDecision decision : decisions) {
            assertEquals(decision, LogoutTokenCodec.decode(encode(decision)));
        }
        assertNull(LogoutTokenCodec.decode(encode(decisions[0])).sid());
    }

    @Test
    void decodeWhenMalformedThenEngineProtocolErrorNeverADecision() {
        byte[] valid = encode(new LogoutTokenDecision("kc", "https://i", "alice", "sid", "j", 5L));
        byte[] otherVersion = valid.clone();
        otherVersion[0] = 2;
        byte[] unknownFlag = valid.clone();
        unknownFlag[1] = 7;
        byte[] neitherSubNorSid = raw(0, 5L, "kc", "https://i", "j");
        byte[] lengthPastTheEnd = valid.clone();
        lengthPastTheEnd[2] = (byte) 0xff;
        byte[] leftOver = Arrays.copyOf(valid, valid.length + 1);
        byte[][] broken = {
            null, new byte[0], otherVersion, unknownFlag, Arrays.copyOf(valid, valid.length - 1),
            lengthPastTheEnd, leftOver, neitherSubNorSid,
        };
        for (byte[] answer : broken) {
            OidcInternalException e = assertThrows(OidcInternalException.class, () -> LogoutTokenCodec.decode(answer),
                    answer == null ? "null" : HexFormat.of().formatHex(answer));
            assertEquals(ErrorCodes.ENGINE_PROTOCOL_ERROR, e.code());
            assertTrue(e.getMessage().contains("compact logout answer") || e.getMessage().contains("sub nor sid"),
                    e.getMessage());
        }
    }

    @Test
    void decodeWhenAnswerAtTheStartOfALargerArrayThenOnlyItsLengthRead() {
        LogoutTokenDecision decision = new LogoutTokenDecision("kc", "https://i", "alice", null, "j", 7L);
        byte[] answer = encode(decision);
        byte[] kept = Arrays.copyOf(answer, answer.length + 40);
        Arrays.fill(kept, answer.length, kept.length, (byte) 0x7f);
        LogoutTokenCodec codec = new LogoutTokenCodec();

        assertEquals(decision, codec.decode(kept, answer.length));
        for (int length : new int[] {-1, answer.length - 1, answer.length + 1, kept.length + 1}) {
            OidcInternalException e = assertThrows(OidcInternalException.class, () -> codec.decode(kept, length),
                    "length " + length);
            assertEquals(ErrorCodes.ENGINE_PROTOCOL_ERROR, e.code());
        }
    }

    @Test
    void decodeWhenSameIdpBytesThenTheSameStringsAndOtherBytesNeverGetThem() {
        LogoutTokenCodec codec = new LogoutTokenCodec();
        LogoutTokenDecision first = whole(codec, bytesOf("kc", "https://i/a", "u1"));
        LogoutTokenDecision again = whole(codec, bytesOf("kc", "https://i/a", "u2"));
        LogoutTokenDecision otherIssuer = whole(codec, bytesOf("kc", "https://i/b", "u3"));
        LogoutTokenDecision otherId = whole(codec, bytesOf("kd", "https://i/a", "u4"));
        LogoutTokenDecision prefix = whole(codec, bytesOf("k", "https://i/a", "u5"));

        assertSame(first.idpId(), again.idpId());
        assertSame(first.issuer(), again.issuer());
        assertEquals("u2", again.sub());
        assertEquals(List.of("kc", "https://i/b"), List.of(otherIssuer.idpId(), otherIssuer.issuer()));
        assertEquals(List.of("kd", "https://i/a"), List.of(otherId.idpId(), otherId.issuer()));
        assertEquals(List.of("k", "https://i/a"), List.of(prefix.idpId(), prefix.issuer()));
        assertEquals(4, codec.keptIdps());
        codec.forgetIdps();
        assertEquals(0, codec.keptIdps());
        assertNotSame(first.issuer(), whole(codec, bytesOf("kc", "https://i/a", "u6")).issuer());
    }

    @Test
    void decodeWhenMoreIdpsThanKeptThenEachStillReadRight() {
        LogoutTokenCodec codec = new LogoutTokenCodec();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < LogoutTokenCodec.MAX_KEPT_IDPS + 5; i++) {
                LogoutTokenDecision decision = whole(codec, bytesOf("idp-" + i, "https://i/" + i, "u"));
                assertEquals(List.of("idp-" + i, "https://i/" + i), List.of(decision.idpId(), decision.issuer()));
            }
        }
        assertEquals(LogoutTokenCodec.MAX_KEPT_IDPS, codec.keptIdps());
    }

    private static LogoutTokenDecision whole(LogoutTokenCodec codec, byte[] answer) {
        return codec.decode(answer, answer.length);
    }

    private static byte[] bytesOf(String idpId, String issuer, String sub) {
        return encode(new LogoutTokenDecision(idpId, issuer, sub, null, "j", 1L));
    }
}
