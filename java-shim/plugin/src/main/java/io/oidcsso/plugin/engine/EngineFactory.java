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

    /**
     * The admin's discovery lookup ({@code POST discover}): the core fetches the IdP's discovery
     * document with its URL policy, timeouts and size cap; no engine needed.
     *
     * @throws io.oidcsso.plugin.nativebridge.OidcSsoException with {@code discovery_failed} (or
     *     {@code idp_unavailable}) and a hint when the document cannot be fetched or used
     */
    DiscoverResult discover(DiscoverRequest request);

    /**
     * The admin's group-rule dry run ({@code POST groups/dry-run}): the core reads the document as a save
     * would, then maps the claims and plans the groups as a login would; no engine, no network.
     */
    GroupsDryRunResult groupsDryRun(GroupsDryRunRequest request);

    /** The admin's template preview ({@code POST templates/preview}): the core's renderer; no engine, no network. */
    TemplatePreview templatePreview(TemplatePreviewRequest request);

    /** Stops what the engines share (the native runtime's threads); called after the last engine closed. */
    void shutdown();
}
