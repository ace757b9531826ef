package io.oidcsso.plugin.engine;

/**
 * The protocol engine as the shim sees it: the records of this package in and out (the contract of
 * {@code rust/core/src/api}, docs/architecture.md). A refusal or failure is an
 * {@link io.oidcsso.plugin.nativebridge.OidcSsoException} whose kind and code the core chose; a closed
 * engine raises {@link IllegalStateException}. The native implementation is {@link NativeLoginEngine},
 * the only class that sees JSON (through {@link EngineCodec}); tests use a fake.
 */
public interface LoginEngine extends AutoCloseable {
    /** Starts a login: the authorization URL and the pending login to seal into the login cookie. */
    BeginLoginResponse beginLogin(BeginLoginRequest request);

    /** Finishes a login at the callback: every check, the code exchange, the claims. */
    LoginDecision completeLogin(CompleteLoginRequest request);

    /** The provisioning plan of one login; pure (the same call is the dry run). */
    ProvisioningPlan planProvisioning(PlanRequest request);

    /** Back-channel logout: validates a logout token of any configured IdP. */
    LogoutTokenDecision validateLogoutToken(LogoutTokenRequest request);

    /**
     * {@code Authorization: Bearer}: the token's bytes (nothing around them); a JWT access token of an IdP
     * with {@code bearer} authenticates its user, anything else passes. A refusal is an exception.
     */
    BearerDecision validateBearer(byte[] token);

    /** RP-initiated logout: the IdP's end-session URL for the session being ended. */
    EndSessionResponse endSessionUrl(EndSessionRequest request);

    /** The engine's description: the IdPs and their availability; no secrets. */
    EngineInfo info();

    /** Where a user lands (docs/login-pages.md). */
    RouteDecision route(RouteRequest request);

    /** A login page from the admin's template, or the built-in one. */
    Rendered render(RenderRequest request);

    void reload(String configJson, HostContext hostContext);

    @Override
    void close();
}
