package io.oidcsso.plugin.host;

import java.util.Objects;

/** The configuration document and the revision it was saved as. */
public record StoredConfig(String json, long revision) {
    public StoredConfig {
        Objects.requireNonNull(json, "json");
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be >= 1, got " + revision);
        }
    }
}
