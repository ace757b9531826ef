package io.oidcsso.plugin.nativebridge;

/**
 * The native methods of {@code liboidc_sso_jni.so}: the contract table in docs/architecture.md.
 * Each Rust entry point says "Keep in sync with Native.java"; so does this class.
 *
 * <p>Only {@link OidcEngine} calls these, after {@link #requireLoaded()}: calling one while
 * the library is not loaded would raise an {@link UnsatisfiedLinkError}.
 */
final class Native {
    private Native() {}

    /** Loads the library (once per class loader) or says why it cannot. */
    static void requireLoaded() {
        NativeLibraryLoader.Status status = NativeLibraryLoader.status();
        if (!status.available()) {
            throw new OidcNativeUnavailableException(status.reason());
        }
    }

    /** Builds an engine from a configuration document and the host context (UTF-8 JSON). */
    static native long engineCreate(byte[] config, byte[] host);

    /** Swaps the engine behind {@code handle}; calls in flight finish on the old one. */
    static native void engineReload(long handle, byte[] config, byte[] host);

    /** The handle becomes stale. */
    static native void engineClose(long handle);

    /** JSON describing the engine (IdPs, cache state) for the admin UI. */
    static native byte[] engineInfo(long handle);

    static native byte[] beginLogin(long handle, byte[] request);

    static native byte[] completeLogin(long handle, byte[] request);

    /** The provisioning plan of one login (pure: also the dry run); JSON in, JSON out. */
    static native byte[] planProvisioning(long handle, byte[] request);

    /**
     * Back-channel logout: the token read from the String by the library; {@code idpId, issuer, sub, sid, jti,
     * exp} in the compact form written into {@code answer} when they fit; returns the answer's length.
     */
    static native int validateLogoutToken(long handle, String token, byte[] answer);

    /** Bearer tokens: the token's bytes in (no JSON around them), a {@code BearerDecision} out. */
    static native byte[] validateBearer(long handle, byte[] token);

    /** RP-initiated logout: {@code {idpId, issuer, idTokenHint}} in, {@code {url, state, postLogoutRedirectUri}} out. */
    static native byte[] endSessionUrl(long handle, byte[] request);

    /** Routing and the login pages: {@code {"op": "route" | "render", ...}} in, the decision or page out. */
    static native byte[] loginUi(long handle, byte[] request);

    /** JSON array of {@code {pointer, message}}; {@code []} when valid. */
    static native byte[] validateConfig(byte[] config);

    /** What the library offers before any engine exists: {@code {version, schemaVersion, presets}} (JSON). */
    static native byte[] libraryInfo();

    /** The admin's discovery lookup, no engine: {@code DiscoverRequest} in, {@code DiscoverResult} out (JSON). */
    static native byte[] discover(byte[] request);

    /** The admin's group-rule dry run, no engine: {@code GroupsDryRunRequest} in, {@code GroupsDryRunResult} out (JSON). */
    static native byte[] groupsDryRun(byte[] request);

    /** The admin's template preview, no engine: {@code TemplatePreviewRequest} in, {@code TemplatePreview} out (JSON). */
    static native byte[] templatePreview(byte[] request);

    /** Closes every engine and stops the native threads (plugin disabled). */
    static native void shutdown();

    /** Panics inside Rust on purpose: proves the panic guard. */
    static native void debugPanic();
}
