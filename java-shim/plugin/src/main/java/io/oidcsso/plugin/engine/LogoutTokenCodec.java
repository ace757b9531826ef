package io.oidcsso.plugin.engine;

import java.nio.charset.StandardCharsets;

/**
 * {@code validateLogoutToken}'s compact answer (docs/architecture.md, "The compact logout answer";
 * written by the core's {@code LogoutTokenDecision::to_compact}, golden bytes in
 * {@code rust/core/tests/data/contract/LogoutTokenDecision.compact.hex}), read by hand: no JSON and
 * no reflection on the back-channel logout path (issue 14). Big-endian: {@code version u8 = 1},
 * {@code flags u8} (bit 0 {@code sub} present, bit 1 {@code sid} present), then each string as
 * {@code u16 length} and UTF-8 bytes: {@code idpId}, {@code issuer}, {@code sub} (when present),
 * {@code sid} (when present), {@code jti}; then {@code exp i64}. Anything else (another version,
 * an unknown flag, a length past the end, bytes left over) is {@code engine_protocol_error}.
 */
final class LogoutTokenCodec {
    static final int VERSION = 1;
    private static final int SUB = 1;
    private static final int SID = 2;

    private final byte[] bytes;
    private int at;

    private LogoutTokenCodec(byte[] bytes) {
        this.bytes = bytes;
    }

    static LogoutTokenDecision decode(byte[] answer) {
        if (answer == null) {
            throw EngineCodec.protocolError("the compact logout answer is missing");
        }
        LogoutTokenCodec in = new LogoutTokenCodec(answer);
        try {
            if (in.u8() != VERSION) {
                throw EngineCodec.protocolError("the compact logout answer has version " + (answer[0] & 0xff));
            }
            int flags = in.u8();
            if ((flags & ~(SUB | SID)) != 0) {
                throw EngineCodec.protocolError("the compact logout answer has unknown flags " + flags);
            }
            String idpId = in.string();
            String issuer = in.string();
            String sub = (flags & SUB) != 0 ? in.string() : null;
            String sid = (flags & SID) != 0 ? in.string() : null;
            String jti = in.string();
            long exp = in.i64();
            if (in.at != answer.length) {
                throw EngineCodec.protocolError("the compact logout answer has " + (answer.length - in.at)
                        + " bytes left over");
            }
            return new LogoutTokenDecision(idpId, issuer, sub, sid, jti, exp);
        } catch (IllegalArgumentException e) {
            // The record's own rule (sub or sid) broken by the answer.
            throw EngineCodec.protocolError("LogoutTokenDecision: " + e.getMessage());
        }
    }

    private int u8() {
        need(1);
        return bytes[at++] & 0xff;
    }

    private String string() {
        need(2);
        int length = ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
        at += 2;
        need(length);
        // The core's strings are UTF-8 by type (Rust `String`).
        String value = new String(bytes, at, length, StandardCharsets.UTF_8);
        at += length;
        return value;
    }

    private long i64() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[at++] & 0xff);
        }
        return value;
    }

    private void need(int count) {
        if (bytes.length - at < count) {
            throw EngineCodec.protocolError("the compact logout answer ends after " + bytes.length + " bytes");
        }
    }
}
