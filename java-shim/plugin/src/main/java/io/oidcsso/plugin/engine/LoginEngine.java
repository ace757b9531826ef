package io.oidcsso.plugin.engine;

/**
 * The protocol engine as the shim sees it: JSON in, JSON out (shapes in docs/architecture.md).
 * Failures are {@link EngineFailure}s. The native implementation is {@link NativeLoginEngine};
 * tests use a fake.
 */
public interface LoginEngine extends AutoCloseable {
    String beginLogin(String requestJson);

    String completeLogin(String requestJson);

    /** The provisioning plan of one login; pure (the same call is the dry run). */
    String planProvisioning(String requestJson);

    /** Back-channel logout: validates {@code {"logoutToken"}}; answers {@code {idpId, issuer, sub, sid, jti, exp}}. */
    String validateLogoutToken(String requestJson);

    /** RP-initiated logout: {@code {idpId, issuer, idTokenHint}} to {@code {url, state, postLogoutRedirectUri}}. */
    String endSessionUrl(String requestJson);

    /** The engine's description ({@code engineInfo}: the IdPs and their issuers; no secrets). */
    String info();

    /** Routing and the login pages: {@code {"op": "route" | "render", ...}} (docs/architecture.md). */
    String loginUi(String requestJson);

    void reload(String configJson, HostContext hostContext);

    @Override
    void close();
}
