package io.oidcsso.plugin.web;

import io.oidcsso.plugin.engine.BeginLoginRequest;
import io.oidcsso.plugin.engine.BeginLoginResponse;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.RenderRequest;
import io.oidcsso.plugin.engine.RouteDecision;
import io.oidcsso.plugin.engine.RouteRequest;
import io.oidcsso.plugin.host.UserDirectory;
import io.oidcsso.plugin.host.UserDirectoryException;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.metrics.LoginMetrics;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Starts a login: asks the core where the user goes (routing, docs/login-pages.md), then either
 * shows the chooser, lets the product's own form through, or asks the engine for the authorization
 * request, seals the pending login into a cookie ({@link PendingCookies}: nothing is stored on the
 * server, any node can finish it), sets the browser-binding cookie and redirects to the IdP. An unreachable IdP gets a 503 page with a way
 * to the local login (with {@code emergency.localLoginWhenIdpDown}, the form itself: {@link IdpDownPage}); a refused choice a 400 page; any other failure falls back to the product's own
 * login page.
 */
final class LoginStarter {
    static final String IDP_PARAMETER = "idp";
    static final String HINT_PARAMETER = "oidcsso_hint";
    static final String CHOOSER_PARAMETER = "oidcsso_chooser";
    private static final Logger LOG = Logger.getLogger(LoginStarter.class.getName());

    /** When the engine names no expiry (it always does): the core's default pending-login lifetime. */
    private static final Duration DEFAULT_PENDING_LIFETIME = Duration.ofMinutes(10);

    private final PluginRuntime runtime;
    private final FailurePage failurePage;
    private final PendingCookies pendingCookies;
    /** Null: an outage gets the ordinary failure page. */
    private final IdpDownPage idpDownPage;
    private final LoginMetrics metrics;

    LoginStarter(PluginRuntime runtime, FailurePage failurePage) {
        this(runtime, failurePage, null, new LoginMetrics());
    }

    LoginStarter(PluginRuntime runtime, FailurePage failurePage, IdpDownPage idpDownPage, LoginMetrics metrics) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.failurePage = Objects.requireNonNull(failurePage, "failurePage");
        this.idpDownPage = idpDownPage;
        this.pendingCookies = new PendingCookies(new SealingKeys(runtime.adapters().clusterState(), runtime.clock()),
                runtime.clock());
    }

    /** The product's login page: {@code ?idp=}, the typed email/username, or the routing rules decide. */
    void start(HttpServletRequest request, HttpServletResponse response, FilterChain chain, LoginEngine engine)
            throws IOException, ServletException {
        String returnTo = ReturnTo.sanitize(RequestParameters.first(request, "os_destination"), baseUrl());
        RouteRequest question = new RouteRequest(RouteRequest.Page.LOGIN, returnTo == null ? "/" : returnTo,
                RequestParameters.first(request, IDP_PARAMETER), RequestParameters.first(request, HINT_PARAMETER),
                "true".equals(RequestParameters.first(request, CHOOSER_PARAMETER)), null, null);
        routeAndGo(request, response, chain, engine, question, returnTo);
    }

    /** Any other anonymous page: only {@code routing.forceLogin} starts a login there. */
    void forceLogin(HttpServletRequest request, HttpServletResponse response, FilterChain chain, LoginEngine engine)
            throws IOException, ServletException {
        String path = LoginRequestPolicy.pathOf(request);
        String query = request.getQueryString();
        String returnTo = ReturnTo.sanitize(query == null ? path : path + "?" + query, baseUrl());
        RouteRequest question = new RouteRequest(RouteRequest.Page.OTHER, returnTo == null ? path : returnTo, null,
                null, false, null, null);
        routeAndGo(request, response, chain, engine, question, returnTo);
    }

    /** OIDC Core 4, third-party-initiated login: {@code iss} must name an enabled IdP exactly. */
    void initiate(HttpServletRequest request, HttpServletResponse response, FilterChain chain, LoginEngine engine,
            String issuer, String targetLinkUri) throws IOException, ServletException {
        String returnTo = ReturnTo.sanitize(targetLinkUri, baseUrl());
        RouteRequest question = new RouteRequest(RouteRequest.Page.LOGIN, returnTo == null ? "/" : returnTo, null,
                null, false, issuer == null ? "" : issuer, null);
        routeAndGo(request, response, chain, engine, question, returnTo);
    }

    private void routeAndGo(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            LoginEngine engine, RouteRequest question, String returnTo) throws IOException, ServletException {
        try {
            RouteDecision route = engine.route(question);
            if (route instanceof RouteDecision.NeedsUser needs) {
                route = engine.route(question.withUser(knownUser(question.loginHint(), needs)));
            }
            if (route instanceof RouteDecision.Redirect redirect && redirect.isImmediate()) {
                begin(request, response, chain, engine, redirect.idpId(), returnTo);
            } else if (route instanceof RouteDecision.Redirect) {
                chooser(request, response, engine, route, returnTo, null);
            } else if (route instanceof RouteDecision.Chooser) {
                chooser(request, response, engine, route, returnTo, question.loginHint());
            } else {
                // Local (a rule chose the product's form) and Pass (no login needed here).
                chain.doFilter(request, response);
            }
        } catch (OidcSsoException e) {
            fail(request, response, chain, engine, e, null, returnTo);
        } catch (IllegalStateException e) {
            // The engine was closed under this request (the configuration was removed): as any bug in
            // the engine, it must not lock anyone out.
            LOG.log(Level.WARNING, "oidc-sso: the engine closed while routing; showing the product's login page", e);
            chain.doFilter(request, response);
        } catch (UserDirectoryException e) {
            // Directory trouble must not lock anyone out: show the product's own login.
            LOG.log(Level.SEVERE, "oidc-sso: could not look the user up for routing; showing the product's login page",
                    e);
            chain.doFilter(request, response);
        }
    }

    /**
     * The directory's answer to the core's {@code needsUser}: membership of the groups the rules name
     * and the user's directory, for the existing user named by what was typed.
     */
    RouteRequest.User knownUser(String username, RouteDecision.NeedsUser route) {
        UserDirectory directory = runtime.adapters().userDirectory();
        String name = username == null ? null : username.trim();
        String directoryOf = name == null || name.isEmpty() ? null : directory.directoryOf(name).orElse(null);
        Map<String, Boolean> memberOf = new LinkedHashMap<>();
        for (String group : route.groups()) {
            memberOf.put(group, directoryOf != null && directory.isMember(name, group));
        }
        return new RouteRequest.User(memberOf, directoryOf);
    }

    /** The chooser; {@code loginHint} is what the user typed (shown again in the field), or null. */
    private void chooser(HttpServletRequest request, HttpServletResponse response, LoginEngine engine,
            RouteDecision route, String returnTo, String loginHint) throws IOException {
        LoginPages.write(engine, response, HttpServletResponse.SC_OK, RenderRequest.chooser(request.getContextPath(),
                failurePage.loginPath(), returnTo, route, loginHint, failurePage.siteName()));
    }

    private void begin(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            LoginEngine engine, String idpId, String returnTo) throws IOException, ServletException {
        begin(request, response, chain, engine, idpId, returnTo, BeginLoginRequest.Purpose.SIGN_IN);
    }

    /**
     * Sends a signed-in user to {@code idpId} to sign in again for websudo ({@code prompt=login},
     * {@code max_age=0}; {@link WebSudoViaIdp}); on any failure to start, the product's page as for a login.
     */
    void beginReauthentication(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            LoginEngine engine, String idpId, String returnTo) throws IOException, ServletException {
        begin(request, response, chain, engine, idpId, returnTo, BeginLoginRequest.Purpose.REAUTHENTICATION);
    }

    private void begin(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            LoginEngine engine, String idpId, String returnTo, BeginLoginRequest.Purpose purpose)
            throws IOException, ServletException {
        String binding = BrowserBinding.readOrCreate(request);
        int slot = PendingCookies.nextSlot(BrowserBinding.lastSlot(request));
        BeginLoginResponse begun;
        Optional<String> sealed;
        try {
            begun = timedBegin(engine, BeginLoginRequest.of(purpose, idpId, returnTo, binding));
            sealed = seal(begun);
            if (sealed.isEmpty() && returnTo != null) {
                LOG.info("oidc-sso: the return path (" + returnTo.length() + " characters) does not fit into the"
                        + " login cookie; this login returns to the start page");
                begun = timedBegin(engine, BeginLoginRequest.of(purpose, idpId, null, binding));
                sealed = seal(begun);
            }
        } catch (OidcSsoException e) {
            fail(request, response, chain, engine, e, idpId, returnTo);
            return;
        } catch (RuntimeException e) {
            // Storage or host trouble must not lock anyone out: show the product's own login.
            LOG.log(Level.SEVERE, "oidc-sso: could not start login; showing the product's login page", e);
            chain.doFilter(request, response);
            return;
        }
        if (sealed.isEmpty()) {
            LOG.severe("oidc-sso: the pending login of IdP " + idpId + " does not fit into the login cookie even"
                    + " without a return path; showing the product's login page");
            chain.doFilter(request, response);
            return;
        }
        setCookies(request, response, slot, sealed.get(), begun, binding);
        runtime.debugLog().loginStarted(idpId, begun.authorizationUrl());
        response.sendRedirect(begun.authorizationUrl());
        metrics.pendingStarted(idpId);
    }

    /**
     * Begins an administrator's test login at {@code idpId} ({@link TestLogins}): the pending-login and
     * browser-binding cookies are set, the caller redirects. No fallback to the product's page: the
     * caller shows the failure to the admin.
     *
     * @throws io.oidcsso.plugin.nativebridge.OidcSsoException when the core refuses to begin
     */
    BeginLoginResponse beginTestLogin(HttpServletRequest request, HttpServletResponse response, LoginEngine engine,
            String idpId) {
        String binding = BrowserBinding.readOrCreate(request);
        int slot = PendingCookies.nextSlot(BrowserBinding.lastSlot(request));
        BeginLoginResponse begun = timedBegin(engine, BeginLoginRequest.of(BeginLoginRequest.Purpose.TEST_LOGIN,
                idpId, null, binding));
        String sealed = seal(begun).orElseThrow(() -> new IllegalStateException("the test login's pending login"
                + " does not fit into the login cookie"));
        setCookies(request, response, slot, sealed, begun, binding);
        metrics.pendingStarted(idpId);
        return begun;
    }

    private void setCookies(HttpServletRequest request, HttpServletResponse response, int slot, String sealed,
            BeginLoginResponse begun, String binding) {
        boolean secure = runtime.adapters().hostInfo().isSecure();
        response.addHeader("Set-Cookie", pendingCookies.header(slot, sealed, begun.expiresAt(),
                PendingCookies.path(request.getContextPath(), PluginRuntime.CALLBACK_PATH), secure));
        BrowserBinding.write(response, binding, slot, request.getContextPath(), secure);
        response.setHeader("Cache-Control", "no-store");
    }

    private BeginLoginResponse timedBegin(LoginEngine engine, BeginLoginRequest request) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            BeginLoginResponse begun = engine.beginLogin(request);
            ok = true;
            return begun;
        } finally {
            metrics.engineCall(LoginMetrics.Call.BEGIN_LOGIN, request.idpId(), ok, System.nanoTime() - start);
        }
    }

    private String baseUrl() {
        return runtime.adapters().hostInfo().baseUrl();
    }

    private Optional<String> seal(BeginLoginResponse begun) {
        long expiresAt = begun.expiresAt() > 0 ? begun.expiresAt()
                : runtime.clock().instant().plus(DEFAULT_PENDING_LIFETIME).getEpochSecond();
        return pendingCookies.seal(begun.state(), expiresAt, begun.pending().json());
    }

    /** {@code idpId}: the IdP the login was started at, null when it failed before one was chosen. */
    private void fail(HttpServletRequest request, HttpServletResponse response, FilterChain chain, LoginEngine engine,
            OidcSsoException e, String idpId, String returnTo) throws IOException, ServletException {
        String reference = ReferenceIds.next();
        if (e.kind() == OidcSsoException.Kind.INTERNAL) {
            // A bug must not lock anyone out: show the product's own login.
            LOG.log(Level.WARNING, "oidc-sso: could not start login [ref " + reference + "]: " + e.code()
                    + (e.adminHint() == null ? "" : " - " + e.adminHint()) + "; showing the product's login page");
            chain.doFilter(request, response);
            return;
        }
        // One line with what the admin needs; the page shows the same code and reference.
        runtime.audit().record("login.rejected", AuditLog.fields("code", e.code(), "kind", CallbackHandler.kindOf(e),
                "detail", e.adminHint(), "ref", reference));
        metrics.loginFailed(LoginMetrics.Result.REJECTED, e.code());
        if (e.kind() == OidcSsoException.Kind.CONFIG) {
            // Found at run time (the IdP's discovery document contradicts the settings): say so, with
            // the way to the local login.
            failurePage.renderMisconfigured(request, response, e.code(), reference);
            return;
        }
        if (idpDownPage != null
                && idpDownPage.render(request, response, e.code(), reference, engine, idpId, returnTo)) {
            return;
        }
        int status = e.kind() == OidcSsoException.Kind.AUTHENTICATION ? HttpServletResponse.SC_BAD_REQUEST
                : HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        failurePage.render(request, response, status, e.code(), reference, engine);
    }
}
