package io.oidcsso.refhost;

import com.atlassian.sal.api.pluginsettings.PluginSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * How {@code --config FILE} reaches the plugin: under the global PluginSettings key
 * {@value ReferenceHost#IMPORT_KEY}. SAL holds at most 99,000 characters per value, so a longer
 * document (450 IdPs are about 200,000) goes in chunks under {@code io.oidcsso.import.c0, .c1, ...},
 * written first, and the key then holds {@code chunked:<count>:<base64url SHA-256 of the document>}
 * (the plugin's ConfigImporter reads both forms; README "The reference host contract").
 */
final class ConfigImportKey {
    static final int MAX_PLAIN = 99_000;
    static final int CHUNK = 90_000;

    private ConfigImportKey() {}

    static void store(PluginSettings settings, String document) {
        if (document.length() <= MAX_PLAIN) {
            settings.put(ReferenceHost.IMPORT_KEY, document);
            return;
        }
        List<String> chunks = split(document);
        for (int i = 0; i < chunks.size(); i++) {
            settings.put(ReferenceHost.IMPORT_KEY + ".c" + i, chunks.get(i));
        }
        settings.put(ReferenceHost.IMPORT_KEY, "chunked:" + chunks.size() + ":" + sha256(document));
    }

    /** Chunks of at most {@link #CHUNK} characters, never cutting a surrogate pair. */
    static List<String> split(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + CHUNK, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            chunks.add(text.substring(start, end));
            start = end;
        }
        return chunks;
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
