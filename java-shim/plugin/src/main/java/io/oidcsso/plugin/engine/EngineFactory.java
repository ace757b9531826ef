package io.oidcsso.plugin.engine;

import java.util.List;

/** Creates engines and validates configuration documents; hides whether the native library loaded. */
public interface EngineFactory {
    boolean isAvailable();

    /** Why {@link #isAvailable()} is false, for the log and the admin. */
    String unavailableReason();

    LoginEngine create(String configJson, HostContext hostContext);

    /** Every problem of the document ({@code []} = valid). */
    List<ConfigProblem> validate(String configJson);

    /** The library's version, schema version and IdP presets, before any engine exists (admin UI). */
    LibraryInfo libraryInfo();

    /** Stops what the engines share (the native runtime's threads); called after the last engine closed. */
    void shutdown();
}
