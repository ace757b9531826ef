package io.oidcsso.plugin.engine;

import io.oidcsso.plugin.nativebridge.OidcEngine;
import java.util.Objects;

/**
 * {@link LoginEngine} over one native {@link OidcEngine}: the records encoded and decoded by
 * {@link EngineCodec} (the back-channel logout answer by {@link LogoutTokenCodec}, which keeps this engine's
 * IdP names), nothing else. Native exceptions pass through unchanged: the library chose
 * their kind and code (one table, {@code rust/jni/src/errors.rs}).
 */
final class NativeLoginEngine implements LoginEngine {
    /** The first answer array of a thread; a real answer is about 200 bytes. */
    static final int FIRST_ANSWER_BYTES = 512;
    /** Larger answer arrays are used once, not kept. */
    static final int MAX_KEPT_ANSWER_BYTES = 16 * 1024;
    private static final int MAX_ATTEMPTS = 3;
    /**
     * Each request thread's answer array, kept between calls (of every engine: the call fills it and the
     * codec reads it before the thread makes another). A {@code byte[]}, so nothing of the plugin's class
     * loader stays on the product's threads after an upgrade.
     */
    private static final ThreadLocal<byte[]> ANSWER = new ThreadLocal<>();

    private final OidcEngine engine;
    private final LogoutTokenCodec logoutCodec = new LogoutTokenCodec();

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
        // The library reads the token from its String and writes the compact answer into this thread's
        // array; an answer longer than the array (never seen: about 200 bytes for a real token) is asked
        // again with an array of its length. Only a reload between two calls can change that length.
        String token = request.logoutToken();
        byte[] answer = ANSWER.get();
        if (answer == null) {
            answer = new byte[FIRST_ANSWER_BYTES];
            ANSWER.set(answer);
        }
        int length = engine.validateLogoutToken(token, answer);
        for (int attempt = 1; length > answer.length; attempt++) {
            if (attempt == MAX_ATTEMPTS) {
                throw EngineCodec.protocolError("the compact logout answer grew on each of " + MAX_ATTEMPTS
                        + " calls (" + length + " bytes)");
            }
            answer = new byte[length];
            if (length <= MAX_KEPT_ANSWER_BYTES) {
                ANSWER.set(answer);
            }
            length = engine.validateLogoutToken(token, answer);
        }
        return logoutCodec.decode(answer, length);
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
        // Not needed for correctness (the names are keyed by their bytes): keeps only this configuration's.
        logoutCodec.forgetIdps();
    }

    @Override
    public void close() {
        engine.close();
    }
}
