package io.oidcsso.plugin.engine;

import java.util.List;
import java.util.Objects;

/**
 * {@code libraryInfo}'s answer (fixture {@code LibraryInfo.json}): what the admin UI needs before any
 * engine exists — the library's version, the schema version it reads, and the IdP presets.
 */
public record LibraryInfo(String version, long schemaVersion, List<Preset> presets) {
    public LibraryInfo {
        Objects.requireNonNull(version, "version");
        presets = List.copyOf(presets);
    }

    /** One IdP preset (docs/idp/): its parameters, the fields it fills, notes and the guide. */
    public record Preset(String name, String displayName, List<Parameter> parameters, OpaqueJson defaults,
            List<String> notes, String guide) {
        public Preset {
            Objects.requireNonNull(name, "name");
            parameters = List.copyOf(parameters);
            Objects.requireNonNull(defaults, "defaults");
            notes = List.copyOf(notes);
        }
    }

    /** One parameter of a preset; {@code defaultValue} is used when it is not given. */
    public record Parameter(String name, String description, String example, boolean required,
            @com.google.gson.annotations.SerializedName("default") String defaultValue) {
        public Parameter {
            Objects.requireNonNull(name, "name");
        }
    }
}
