package io.oidcsso.plugin.atlassian;

import java.util.ArrayList;
import java.util.List;

/** Splits a document into PluginSettings-sized chunks without cutting a surrogate pair in two. */
final class ConfigChunks {
    private ConfigChunks() {}

    static List<String> split(String text, int chunkSize) {
        if (chunkSize < 2) {
            throw new IllegalArgumentException("chunkSize must be >= 2, got " + chunkSize);
        }
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + chunkSize, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            chunks.add(text.substring(start, end));
            start = end;
        }
        if (chunks.isEmpty()) {
            chunks.add("");
        }
        return chunks;
    }
}
