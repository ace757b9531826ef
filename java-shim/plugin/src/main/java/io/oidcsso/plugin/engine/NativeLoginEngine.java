package io.oidcsso.plugin.engine;

import io.oidcsso.plugin.nativebridge.OidcEngine;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@link LoginEngine} over one native {@link OidcEngine}: the records encoded and decoded by
 * {@link EngineCodec} (the back-channel logout answer by {@link LogoutTokenCodec}), nothing else. Native exceptions pass through unchanged: the library chose
 * their kind and code (one table, {@code rust/jni/src/errors.rs}).
 */
final class NativeLoginEngine implements LoginEngine {
    private final OidcEngine engine;

    NativeLoginEngine(OidcEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public BeginLoginResponse beginLogin(BeginLoginRequest request) {
        return EngineCodec.decode(engine.beginLogin(EngineCodec.encode(request)), BeginLoginResponse.class);
    }

    @Override
    public LoginDecision completeLogin(CompleteLoginRequest request) {
        return EngineCodec.decode(engine.completeLogin(EngineCodec.encode(request)), LoginDecision.class);
    }

    @Override
    public ProvisioningPlan planProvisioning(PlanRequest request) {
        return EngineCodec.decode(engine.planProvisioning(EngineCodec.encode(request)), ProvisioningPlan.class);
    }

    @Override
    public LogoutTokenDecision validateLogoutToken(LogoutTokenRequest request) {
        // The token crosses as its bytes (a JWS is ASCII) and the answer in the compact form.
        return LogoutTokenCodec.decode(
                engine.validateLogoutToken(request.logoutToken().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public BearerDecision validateBearer(byte[] token) {
        return EngineCodec.decode(engine.validateBearer(token), BearerDecision.class);
    }

    @Override
    public EndSessionResponse endSessionUrl(EndSessionRequest request) {
        return EngineCodec.decode(engine.endSessionUrl(EngineCodec.encode(request)), EndSessionResponse.class);
    }

    @Override
    public EngineInfo info() {
        return EngineCodec.decode(engine.info(), EngineInfo.class);
    }

    @Override
    public RouteDecision route(RouteRequest request) {
        String answer = engine.loginUi(EngineCodec.encode(new LoginUiRequest.Route(request)));
        return EngineCodec.decode(answer, RouteDecision.class);
    }

    @Override
    public Rendered render(RenderRequest request) {
        String answer = engine.loginUi(EngineCodec.encode(new LoginUiRequest.Render(request)));
        return EngineCodec.decode(answer, Rendered.class);
    }

    @Override
    public void reload(String configJson, HostContext hostContext) {
        engine.reload(configJson, NativeEngineFactory.hostContextJson(hostContext));
    }

    @Override
    public void close() {
        engine.close();
    }
}
