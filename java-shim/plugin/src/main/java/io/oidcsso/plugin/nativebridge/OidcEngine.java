package io.oidcsso.plugin.nativebridge;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One native oidc-sso engine (a validated configuration and its caches), behind a
 * generation-checked handle. Thread-safe; {@link #reload} swaps the configuration while calls
 * are in flight. JSON crosses the boundary as UTF-8 bytes (the bearer token of {@link #validateBearer} as its
 * own bytes, the logout token of {@link #validateLogoutToken} as its String); shapes are in docs/architecture.md.
 *
 * <p>Failures raise {@link OidcConfigException}, {@link OidcAuthenticationException},
 * {@link OidcProviderUnavailableException} or {@link OidcInternalException}; using a closed
 * engine raises {@link IllegalStateException}.
 */
public final class OidcEngine implements AutoCloseable {
    private final AtomicLong handle;

    private OidcEngine(long handle) {
        this.handle = new AtomicLong(handle);
    }

    /** Whether the native library is loaded on this server. */
    public static boolean isAvailable() {
        return NativeLibraryLoader.status().available();
    }

    /** Why the native library is not available, for the admin; {@code null} when it is. */
    public static String unavailableReason() {
        return NativeLibraryLoader.status().reason();
    }

    /** Builds an engine; makes no network call. */
    public static OidcEngine create(String configJson, String hostContextJson) {
        byte[] config = utf8(configJson, "configJson");
        byte[] host = utf8(hostContextJson, "hostContextJson");
        Native.requireLoaded();
        return new OidcEngine(Native.engineCreate(config, host));
    }

    /** Replaces the configuration; on failure the previous one stays in force. */
    public void reload(String configJson, String hostContextJson) {
        byte[] config = utf8(configJson, "configJson");
        byte[] host = utf8(hostContextJson, "hostContextJson");
        Native.engineReload(handle.get(), config, host);
    }

    /** Starts a login: the authorization URL and the pending-login record to store. */
    public String beginLogin(String requestJson) {
        return string(Native.beginLogin(handle.get(), utf8(requestJson, "requestJson")));
    }

    /** Validates a callback: the login decision, or an exception with a code. */
    public String completeLogin(String requestJson) {
        return string(Native.completeLogin(handle.get(), utf8(requestJson, "requestJson")));
    }

    /** The provisioning plan of one login (docs/provisioning.md); no side effects. */
    public String planProvisioning(String requestJson) {
        return string(Native.planProvisioning(handle.get(), utf8(requestJson, "requestJson")));
    }

    /**
     * Validates a back-channel logout token. The library reads the token from the String itself (no
     * {@code byte[]} made for it; any character that is not ASCII, which no compact JWS has, is read as
     * {@code getBytes(UTF_8)} would encode it, so such a token gets the refusal it always got), writes the
     * compact answer (docs/architecture.md, read by {@code LogoutTokenCodec}) to the start of {@code answer}
     * and returns its length. When the answer is longer than {@code answer}, nothing is written and the
     * length is returned all the same: call again with an array at least that long (the call has no side
     * effects). A refusal is an exception with a code; a token over 65,536 characters is refused unread.
     */
    public int validateLogoutToken(String token, byte[] answer) {
        return Native.validateLogoutToken(handle.get(), Objects.requireNonNull(token, "token"),
                Objects.requireNonNull(answer, "answer"));
    }

    /** {@code Authorization: Bearer}: the token's bytes in, a {@code BearerDecision} out; a refusal is an exception. */
    public String validateBearer(byte[] token) {
        return string(Native.validateBearer(handle.get(), Objects.requireNonNull(token, "token")));
    }

    /** The IdP's end-session URL for RP-initiated logout (docs/architecture.md). */
    public String endSessionUrl(String requestJson) {
        return string(Native.endSessionUrl(handle.get(), utf8(requestJson, "requestJson")));
    }

    /** Routing decision or rendered login page (docs/architecture.md, "loginUi"). */
    public String loginUi(String requestJson) {
        return string(Native.loginUi(handle.get(), utf8(requestJson, "requestJson")));
    }

    /** JSON describing the engine, for the admin UI. */
    public String info() {
        return string(Native.engineInfo(handle.get()));
    }

    /** Every problem in a configuration document, as a JSON array of {@code {pointer, message}}. */
    public static String validateConfig(String configJson) {
        byte[] config = utf8(configJson, "configJson");
        Native.requireLoaded();
        return string(Native.validateConfig(config));
    }

    /** The library's version, the schema version it reads and the IdP presets (JSON, for the admin UI). */
    public static String libraryInfo() {
        Native.requireLoaded();
        return string(Native.libraryInfo());
    }

    /** The admin's discovery lookup: a {@code DiscoverRequest} in, a {@code DiscoverResult} out (JSON). */
    public static String discover(String requestJson) {
        byte[] request = utf8(requestJson, "requestJson");
        Native.requireLoaded();
        return string(Native.discover(request));
    }

    /** The admin's group-rule dry run: a {@code GroupsDryRunRequest} in, a {@code GroupsDryRunResult} out (JSON). */
    public static String groupsDryRun(String requestJson) {
        byte[] request = utf8(requestJson, "requestJson");
        Native.requireLoaded();
        return string(Native.groupsDryRun(request));
    }

    /** The admin's template preview: a {@code TemplatePreviewRequest} in, a {@code TemplatePreview} out (JSON). */
    public static String templatePreview(String requestJson) {
        byte[] request = utf8(requestJson, "requestJson");
        Native.requireLoaded();
        return string(Native.templatePreview(request));
    }

    /**
     * Closes every engine of this plugin instance and stops the native threads; for the
     * plugin's disable hook. Does nothing when the library is not loaded.
     */
    public static void shutdownNative() {
        if (isAvailable()) {
            Native.shutdown();
        }
    }

    /** Panics inside the native code on purpose (admin self test): raises {@link OidcNativePanicException}. */
    public static void selfTestPanic() {
        Native.requireLoaded();
        Native.debugPanic();
    }

    /** Idempotent: later calls on this engine raise {@link IllegalStateException}. */
    @Override
    public void close() {
        long closing = handle.getAndSet(0L);
        if (closing != 0L) {
            try {
                Native.engineClose(closing);
            } catch (IllegalStateException alreadyGone) {
                // shutdownNative() closed every engine first: nothing left to release.
            }
        }
    }

    /** The raw handle, for the JNI tests. */
    long handle() {
        return handle.get();
    }

    private static byte[] utf8(String json, String name) {
        return Objects.requireNonNull(json, name).getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
