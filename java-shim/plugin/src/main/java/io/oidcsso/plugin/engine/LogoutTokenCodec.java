package io.oidcsso.plugin.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code validateLogoutToken}'s compact answer (docs/architecture.md, "The compact logout answer";
 * written by the core's {@code LogoutTokenDecision::to_compact}, golden bytes in
 * {@code rust/core/tests/data/contract/LogoutTokenDecision.compact.hex}), read by hand: no JSON and
 * no reflection on the back-channel logout path (issue 14). Big-endian: {@code version u8 = 1},
 * {@code flags u8} (bit 0 {@code sub} present, bit 1 {@code sid} present), then each string as
 * {@code u16 length} and UTF-8 bytes: {@code idpId}, {@code issuer}, {@code sub} (when present),
 * {@code sid} (when present), {@code jti}; then {@code exp i64}. Anything else (another version,
 * an unknown flag, a length past the end, bytes left over) is {@code engine_protocol_error}.
 *
 * <p>One codec per engine ({@link NativeLoginEngine}) keeps the IdP's id and issuer it has read as
 * Strings, keyed by their bytes: an answer naming the same IdP reuses them instead of building two
 * Strings per call (issue 14, b-string). Keyed by the bytes themselves, not by an index, an answer
 * can never be read against another configuration's names: after a reload that renames an IdP or
 * moves its issuer, the new bytes match no kept pair and are read as new. Thread-safe: the kept
 * pairs are an immutable array replaced as a whole.
 */
final class LogoutTokenCodec {
    static final int VERSION = 1;
    /** IdP pairs kept at most (a configuration has a handful; reloads can leave old pairs behind). */
    static final int MAX_KEPT_IDPS = 32;
    private static final int SUB = 1;
    private static final int SID = 2;

    /** An IdP's id and issuer, as bytes (the key) and as Strings. */
    private record Idp(byte[] idpIdBytes, byte[] issuerBytes, String idpId, String issuer) {}

    private volatile Idp[] kept = new Idp[0];

    /** Reads a whole array (the fixtures, the tests); no IdP names kept. */
    static LogoutTokenDecision decode(byte[] answer) {
        return new LogoutTokenCodec().decode(answer, answer == null ? 0 : answer.length);
    }

    /** The first {@code length} bytes of {@code answer}: one answer, nothing after it. */
    LogoutTokenDecision decode(byte[] answer, int length) {
        if (answer == null) {
            throw EngineCodec.protocolError("the compact logout answer is missing");
        }
        if (length < 0 || length > answer.length) {
            throw EngineCodec.protocolError("the compact logout answer has length " + length);
        }
        Reader in = new Reader(answer, length);
        try {
            if (in.u8() != VERSION) {
                throw EngineCodec.protocolError("the compact logout answer has version " + (answer[0] & 0xff));
            }
            int flags = in.u8();
            if ((flags & ~(SUB | SID)) != 0) {
                throw EngineCodec.protocolError("the compact logout answer has unknown flags " + flags);
            }
            int idpIdAt = in.stringStart();
            int idpIdEnd = in.at;
            int issuerAt = in.stringStart();
            Idp idp = idp(answer, idpIdAt, idpIdEnd, issuerAt, in.at);
            String sub = (flags & SUB) != 0 ? in.string() : null;
            String sid = (flags & SID) != 0 ? in.string() : null;
            String jti = in.string();
            long exp = in.i64();
            if (in.at != length) {
                throw EngineCodec.protocolError("the compact logout answer has " + (length - in.at)
                        + " bytes left over");
            }
            return new LogoutTokenDecision(idp.idpId(), idp.issuer(), sub, sid, jti, exp);
        } catch (IllegalArgumentException e) {
            // The record's own rule (sub or sid) broken by the answer.
            throw EngineCodec.protocolError("LogoutTokenDecision: " + e.getMessage());
        }
    }

    /** The kept pair with these bytes, else a new one (kept while there is room). */
    private Idp idp(byte[] answer, int idpIdAt, int idpIdEnd, int issuerAt, int issuerEnd) {
        Idp[] pairs = kept;
        for (Idp pair : pairs) {
            if (Arrays.equals(pair.idpIdBytes(), 0, pair.idpIdBytes().length, answer, idpIdAt, idpIdEnd)
                    && Arrays.equals(pair.issuerBytes(), 0, pair.issuerBytes().length, answer, issuerAt, issuerEnd)) {
                return pair;
            }
        }
        Idp read = new Idp(Arrays.copyOfRange(answer, idpIdAt, idpIdEnd), Arrays.copyOfRange(answer, issuerAt, issuerEnd),
                utf8(answer, idpIdAt, idpIdEnd), utf8(answer, issuerAt, issuerEnd));
        if (pairs.length < MAX_KEPT_IDPS) {
            // A racing reader may add the same pair too: harmless, both are the same names.
            Idp[] more = Arrays.copyOf(pairs, pairs.length + 1);
            more[pairs.length] = read;
            kept = more;
        }
        return read;
    }

    /** Drops the kept names (after a reload; a call in flight may add an old pair back, harmlessly). */
    void forgetIdps() {
        kept = new Idp[0];
    }

    /** How many IdP pairs are kept (the tests). */
    int keptIdps() {
        return kept.length;
    }

    private static String utf8(byte[] bytes, int from, int to) {
        // The core's strings are UTF-8 by type (Rust `String`).
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    /** A cursor over the answer's first {@code length} bytes. */
    private static final class Reader {
        private final byte[] bytes;
        private final int length;
        private int at;

        Reader(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        int u8() {
            need(1);
            return bytes[at++] & 0xff;
        }

        /** Skips a string's length prefix and its bytes; returns where its bytes start. */
        int stringStart() {
            need(2);
            int count = ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
            at += 2;
            need(count);
            int start = at;
            at += count;
            return start;
        }

        String string() {
            int start = stringStart();
            return utf8(bytes, start, at);
        }

        long i64() {
            need(8);
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (bytes[at++] & 0xff);
            }
            return value;
        }

        private void need(int count) {
            if (length - at < count) {
                throw EngineCodec.protocolError("the compact logout answer ends after " + length + " bytes");
            }
        }
    }
}
