package io.oidcsso.refhost.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns an arbitrary key (settings key, lock name) into a file name that is safe on any file
 * system and unique per key: readable keys stay readable, anything else is percent-escaped,
 * and very long keys become a SHA-256 digest.
 */
public final class SafeNames {
    private static final int MAX_READABLE = 180;

    private SafeNames() {}

    public static String of(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (isPlain(c)) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        // A leading dot would hide the file and collide with our temporary files.
        if (out.length() == 0 || out.charAt(0) == '.' || out.length() > MAX_READABLE) {
            return "sha256-" + sha256(key);
        }
        return out.toString();
    }

    private static boolean isPlain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '_';
    }

    private static String sha256(String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
