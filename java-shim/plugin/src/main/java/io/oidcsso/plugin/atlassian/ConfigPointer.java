package io.oidcsso.plugin.atlassian;

import java.util.Optional;

/**
 * The value that names the current configuration generation: {@code <revision>:<chunkCount>:<sha256>}.
 * Written last, so a reader never follows it to a half-written generation.
 */
record ConfigPointer(long revision, int chunkCount, String sha256) {
    ConfigPointer {
        if (revision < 1 || chunkCount < 1 || sha256 == null || sha256.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration pointer");
        }
    }

    static Optional<ConfigPointer> parse(Object stored) {
        if (!(stored instanceof String)) {
            return Optional.empty();
        }
        String[] parts = ((String) stored).split(":", -1);
        if (parts.length != 3) {
            throw new IllegalStateException("configuration pointer is damaged: " + stored);
        }
        try {
            return Optional.of(new ConfigPointer(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), parts[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("configuration pointer is damaged: " + stored, e);
        }
    }

    String format() {
        return revision + ":" + chunkCount + ":" + sha256;
    }
}
