package io.oidcsso.plugin.atlassian;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * PluginSettings keys of this plugin. SAL only guarantees keys up to 100 characters, so variable
 * parts are hashed to 43 characters (base64url SHA-256).
 */
final class SettingsKeys {
    static final int MAX_KEY_LENGTH = 100;
    /** SAL: a String value "should not be longer than 99000 characters". */
    static final int MAX_VALUE_LENGTH = 99_000;

    private SettingsKeys() {}

    static String hashed(String prefix, String variablePart) {
        String key = prefix + sha256(variablePart);
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("settings key prefix too long: " + prefix);
        }
        return key;
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
