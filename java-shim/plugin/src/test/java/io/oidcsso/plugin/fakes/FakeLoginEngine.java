package io.oidcsso.plugin.fakes;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.BearerDecision;
import io.oidcsso.plugin.engine.BeginLoginRequest;
import io.oidcsso.plugin.engine.BeginLoginResponse;
import io.oidcsso.plugin.engine.CompleteLoginRequest;
import io.oidcsso.plugin.engine.EndSessionRequest;
import io.oidcsso.plugin.engine.EndSessionResponse;
import io.oidcsso.plugin.engine.EngineInfo;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.HostContext;
import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.LoginUiRequest;
import io.oidcsso.plugin.engine.LogoutTokenDecision;
import io.oidcsso.plugin.engine.LogoutTokenRequest;
import io.oidcsso.plugin.engine.OpaqueJson;
import io.oidcsso.plugin.engine.PlanRequest;
import io.oidcsso.plugin.engine.ProvisioningPlan;
import io.oidcsso.plugin.engine.RenderRequest;
import io.oidcsso.plugin.engine.Rendered;
import io.oidcsso.plugin.engine.RouteDecision;
import io.oidcsso.plugin.engine.RouteRequest;
import io.oidcsso.plugin.nativebridge.OidcAuthenticationException;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scriptable engine with the core's observable contract, in the contract's records: beginLogin puts
 * the browser binding into the pending login; completeLogin rejects a missing pending login
 * ({@code login_expired_or_replayed}) and a binding that differs ({@code state_not_bound}), as the core's
 * {@code callback.rs} does, then answers the scripted decision. Failures are the native exceptions with
 * codes of {@link ErrorCodes}.
 */
public final class FakeLoginEngine implements LoginEngine {
    public static final String AUTHORIZATION_ENDPOINT = "https://idp.example/authorize";
    public static final String ROUTED_IDP = "test";

    public final List<BeginLoginRequest> beginRequests = new ArrayList<>();
    public final List<CompleteLoginRequest> completeRequests = new ArrayList<>();
    public final List<LogoutTokenRequest> logoutRequests = new ArrayList<>();
    public final List<EndSessionRequest> endSessionRequests = new ArrayList<>();
    /** Every {@code loginUi} call, route questions and render requests in order. */
    public final List<LoginUiRequest> loginUiRequests = new ArrayList<>();
    private LogoutTokenDecision logoutAnswer;
    private BearerDecision bearerAnswer = new BearerDecision.Pass(BearerDecision.Reason.NOT_JWT);
    private OidcSsoException bearerFailure;
    private final List<String> bearerTokens = new ArrayList<>();
    private OidcSsoException logoutFailure;
    private EndSessionResponse endSessionAnswer;
    private OidcSsoException endSessionFailure;
    private List<String> issuers = List.of();
    /** When set, what {@code info} lists instead of one IdP per scripted issuer. */
    private List<EngineInfo.Idp> scriptedIdps;
    private RouteDecision route = immediateRedirect(ROUTED_IDP);
    /** Route answers to give, in order, before {@link #route}. */
    private final ArrayDeque<RouteDecision> nextRoutes = new ArrayDeque<>();
    private final Map<String, String> idpByIssuer = new HashMap<>();
    private int counter;
    private long expiresAt = 4_000_000_000L;
    private LoginDecision decision;
    private OidcSsoException beginFailure;
    private OidcSsoException renderFailure;
    private boolean closed;
    private int reloads;

    public synchronized void answer(LoginDecision scripted) {
        decision = scripted;
    }

    /** The {@code expiresAt} of later logins (epoch seconds). */
    public synchronized void expireAt(long epochSeconds) {
        expiresAt = epochSeconds;
    }

    public synchronized void failBeginWith(OidcSsoException failure) {
        beginFailure = failure;
    }

    /** Every later {@code render} call throws {@code failure}, as a broken engine would. */
    public synchronized void failRenderWith(OidcSsoException failure) {
        renderFailure = failure;
    }

    @Override
    public synchronized BeginLoginResponse beginLogin(BeginLoginRequest request) {
        beginRequests.add(request);
        if (beginFailure != null) {
            throw beginFailure;
        }
        String state = "state-" + (++counter);
        JsonObject pending = new JsonObject();
        pending.addProperty("state", state);
        pending.addProperty("browserBinding", request.browserBinding());
        pending.addProperty("returnTo", request.returnTo());
        return new BeginLoginResponse(AUTHORIZATION_ENDPOINT + "?state=" + state, state,
                new OpaqueJson(pending.toString()), expiresAt);
    }

    @Override
    public synchronized LoginDecision completeLogin(CompleteLoginRequest request) {
        completeRequests.add(request);
        if (request.pending() == null) {
            String hint = "no pending login for this callback: replayed or expired";
            throw new OidcAuthenticationException(hint, ErrorCodes.LOGIN_EXPIRED_OR_REPLAYED, hint);
        }
        JsonObject pending = JsonParser.parseString(request.pending().json()).getAsJsonObject();
        if (request.browserBinding() == null
                || !pending.get("browserBinding").getAsString().equals(request.browserBinding())) {
            String hint = "the callback came from another browser";
            throw new OidcAuthenticationException(hint, ErrorCodes.STATE_NOT_BOUND, hint);
        }
        return decision;
    }

    /** The real core's plan (see {@link NativePlanner}) for the scripted decision's IdP settings. */
    @Override
    public synchronized ProvisioningPlan planProvisioning(PlanRequest request) {
        return NativePlanner.planFor(decision, request);
    }

    /** Routes to {@link #ROUTED_IDP} at once unless {@link #answerRoute} scripted another decision. */
    @Override
    public synchronized RouteDecision route(RouteRequest request) {
        loginUiRequests.add(new LoginUiRequest.Route(request));
        if (request.issuer() != null) {
            // As the core: an issuer names an enabled IdP exactly, else unknown_issuer.
            String idp = idpByIssuer.get(request.issuer());
            if (idp == null) {
                String hint = "no enabled IdP has this issuer";
                throw new OidcAuthenticationException(hint, ErrorCodes.UNKNOWN_ISSUER, hint);
            }
            return immediateRedirect(idp);
        }
        if (!nextRoutes.isEmpty()) {
            return nextRoutes.poll();
        }
        // As the core without forceLogin: other pages need no login.
        return request.page() == RouteRequest.Page.OTHER ? new RouteDecision.Pass() : route;
    }

    /** The visible parts of the core's built-in pages that the shim's tests look at. */
    @Override
    public synchronized Rendered render(RenderRequest request) {
        loginUiRequests.add(new LoginUiRequest.Render(request));
        if (renderFailure != null) {
            throw renderFailure;
        }
        String local = request.contextPath() + request.loginPath() + "?oidcsso_local=true";
        String body = request.code() != null
                ? "<p>Error code: <code>" + request.code() + "</code><br>Reference: <code>" + request.reference()
                        + "</code></p>"
                : "<p>" + request.page().name().toLowerCase(java.util.Locale.ROOT) + "</p>";
        return new Rendered(body + "<p><a href=\"" + local + "\">Log in with a local account</a></p>", null);
    }

    /** The route questions asked so far. */
    public synchronized List<RouteRequest> routeQuestions() {
        return loginUiRequests.stream().filter(LoginUiRequest.Route.class::isInstance)
                .map(r -> ((LoginUiRequest.Route) r).request()).toList();
    }

    /** The pages rendered so far. */
    public synchronized List<RenderRequest> renderRequests() {
        return loginUiRequests.stream().filter(LoginUiRequest.Render.class::isInstance)
                .map(r -> ((LoginUiRequest.Render) r).request()).toList();
    }

    /** The core's answer that starts a login at {@code idpId} at once. */
    public static RouteDecision immediateRedirect(String idpId) {
        return new RouteDecision.Redirect(idpId, false, 0, null);
    }

    public synchronized void answerRoute(RouteDecision decision) {
        route = decision;
    }

    /** Scripts the next route answers, in order; afterwards {@link #answerRoute}'s answer again. */
    public synchronized void answerRoutesInOrder(RouteDecision... decisions) {
        nextRoutes.addAll(List.of(decisions));
    }

    /** A third-party-initiated login with this {@code iss} routes to {@code idpId}; other issuers are unknown. */
    public synchronized void idpForIssuer(String issuer, String idpId) {
        idpByIssuer.put(issuer, idpId);
    }

    /** Scripts {@code validateLogoutToken}: the answer, or a failure when {@code failure} is set. */
    public synchronized void answerLogout(LogoutTokenDecision answer, OidcSsoException failure) {
        logoutAnswer = answer;
        logoutFailure = failure;
    }

    /** Scripts {@code validateBearer}: the answer, or a failure when {@code failure} is set. */
    public synchronized void answerBearer(BearerDecision answer, OidcSsoException failure) {
        bearerAnswer = answer;
        bearerFailure = failure;
    }

    /** The tokens {@code validateBearer} was called with, in order. */
    public synchronized List<String> bearerTokens() {
        return List.copyOf(bearerTokens);
    }

    @Override
    public synchronized BearerDecision validateBearer(byte[] token) {
        bearerTokens.add(new String(token, java.nio.charset.StandardCharsets.UTF_8));
        if (bearerFailure != null) {
            throw bearerFailure;
        }
        return bearerAnswer;
    }

    /** Scripts {@code endSessionUrl}: the answer, or a failure when {@code failure} is set. */
    public synchronized void answerEndSession(EndSessionResponse answer, OidcSsoException failure) {
        endSessionAnswer = answer;
        endSessionFailure = failure;
    }

    /** The issuers {@code info} lists. */
    public synchronized void issuers(String... issuers) {
        this.issuers = List.of(issuers);
    }

    @Override
    public synchronized LogoutTokenDecision validateLogoutToken(LogoutTokenRequest request) {
        logoutRequests.add(request);
        if (logoutFailure != null) {
            throw logoutFailure;
        }
        return logoutAnswer;
    }

    @Override
    public synchronized EndSessionResponse endSessionUrl(EndSessionRequest request) {
        endSessionRequests.add(request);
        if (endSessionFailure != null) {
            throw endSessionFailure;
        }
        return endSessionAnswer;
    }

    /** Whether {@code info} reports the IdPs with {@code bearer} on, and introspecting opaque tokens. */
    public volatile boolean bearer = true;
    public volatile boolean introspects = true;
    /** How often {@code info} was asked. */
    public final java.util.concurrent.atomic.AtomicInteger infoCalls = new java.util.concurrent.atomic.AtomicInteger();

    /** {@code signIn.websudoViaIdp} as {@code info} reports it. */
    public volatile String websudoViaIdp = EngineInfo.WEBSUDO_VIA_IDP_SSO_SESSIONS;

    /** {@code info} lists these IdPs (their circuits as given). */
    public synchronized void idps(EngineInfo.Idp... idps) {
        this.scriptedIdps = List.of(idps);
    }

    /** One IdP per scripted issuer, closed circuit (or the IdPs of {@link #idps}). */
    @Override
    public synchronized EngineInfo info() {
        infoCalls.incrementAndGet();
        if (scriptedIdps != null) {
            return new EngineInfo(1, 600, "http://localhost:8080/plugins/servlet/oidc-sso/callback", scriptedIdps,
                    websudoViaIdp);
        }
        List<EngineInfo.Idp> idps = new ArrayList<>();
        for (int i = 0; i < issuers.size(); i++) {
            idps.add(new EngineInfo.Idp(i == 0 ? "dev" : "idp" + i, "IdP " + i, issuers.get(i), null, true, false, false,
                    "client_secret_basic", List.of("RS256"), new EngineInfo.Quirks(false),
                    new EngineInfo.Availability(EngineInfo.CircuitState.CLOSED, 0, 0, null, null, null, 0, 0, 16),
                    EngineInfo.Fetches.NONE, EngineInfo.Fetches.NONE, bearer,
                    introspects ? new EngineInfo.Introspections(0, 0, 0, 0) : null));
        }
        return new EngineInfo(1, 600, "http://localhost:8080/plugins/servlet/oidc-sso/callback", idps,
                websudoViaIdp);
    }

    @Override
    public synchronized void reload(String configJson, HostContext hostContext) {
        reloads++;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    public synchronized boolean closed() {
        return closed;
    }

    public synchronized int reloads() {
        return reloads;
    }
}
