package io.oidcsso.plugin.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.BeginLoginResponse;
import io.oidcsso.plugin.engine.EngineCodec;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.ProvisioningPlan;
import io.oidcsso.plugin.engine.RouteDecision;
import io.oidcsso.plugin.engine.RouteRequest;
import io.oidcsso.plugin.host.AdminGuard;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.login.Provisioner;
import io.oidcsso.plugin.login.TestLoginStore;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * An administrator's test login ("SSO doctor", docs/admin-guide.md): a real login at one IdP in a new
 * window that signs nobody in. {@link #start} (GET {@value #PATH}) needs a system administrator in websudo
 * and a one-time ticket the admin page got from the XSRF-protected API, then begins a login marked
 * {@code testLogin} in the core. Its callback ({@link #finish}, {@link #failed}) binds no session,
 * provisions nothing and changes no group: it asks the core's planner what the login WOULD do (the same
 * dry run the directory would get, {@link Provisioner#previewLogin}) and the routing rules which IdP they
 * would pick for the user, and keeps that, or the failure's code and hint, for the admin who started it
 * ({@link TestLoginStore}).
 */
final class TestLogins {
    /** Context-relative; the servlet module's pattern is this under {@code /plugins/servlet}. */
    static final String PATH = "/plugins/servlet/oidc-sso/admin/test-login";
    static final String TICKET_PARAMETER = "ticket";
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'";
    private static final Logger LOG = Logger.getLogger(TestLogins.class.getName());
    private static final Duration MIN_STARTED_TTL = Duration.ofMinutes(1);

    private final PluginRuntime runtime;
    private final LoginStarter starter;
    private final TestLoginStore store;

    TestLogins(PluginRuntime runtime, LoginStarter starter) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.store = new TestLoginStore(runtime.adapters().clusterState(), runtime.clock());
    }

    /** GET {@value #PATH}{@code ?idp=&ticket=}: checks the admin and the ticket, then off to the IdP. */
    void start(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AdminGuard guard = runtime.adapters().adminGuard();
        Optional<String> admin = guard.remoteUsername(request);
        if (admin.isEmpty()) {
            page(response, HttpServletResponse.SC_UNAUTHORIZED, "Test login not started",
                    "Log in as a system administrator of the product, then start the test login from the admin page.");
            return;
        }
        if (!guard.isSystemAdmin(request)) {
            page(response, HttpServletResponse.SC_FORBIDDEN, "Test login not allowed",
                    "Only a system administrator of the product may run a test login.");
            return;
        }
        if (!guard.hasWebSudo(request)) {
            page(response, HttpServletResponse.SC_UNAUTHORIZED, "Test login not started",
                    "Confirm your password in the product's secure administrator session (websudo), then start"
                            + " the test login again from the admin page.");
            return;
        }
        String idp;
        String ticket;
        try {
            idp = RequestParameters.single(request, LoginStarter.IDP_PARAMETER);
            ticket = RequestParameters.single(request, TICKET_PARAMETER);
        } catch (MalformedRequestException e) {
            page(response, HttpServletResponse.SC_BAD_REQUEST, "Test login not started", e.getMessage());
            return;
        }
        if (idp == null || idp.isEmpty() || !store.redeemTicket(ticket, admin.get(), idp)) {
            // The ticket is what keeps another site from starting a test login in an admin's browser.
            page(response, HttpServletResponse.SC_FORBIDDEN, "Test login not started",
                    "This link needs a fresh one-time ticket for this IdP: use the Test login button on the admin"
                            + " page.");
            return;
        }
        begin(request, response, admin.get(), idp);
    }

    private void begin(HttpServletRequest request, HttpServletResponse response, String admin, String idp)
            throws IOException {
        String reference = ReferenceIds.next();
        Optional<LoginEngine> engine = runtime.activeEngine();
        if (engine.isEmpty()) {
            keepFailure(new TestLoginStore.Started(admin, idp), ErrorCodes.SSO_DISABLED,
                    "single sign-on is off on this node: " + runtime.engineSlot().status(), reference);
            finishedPage(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        runtime.audit().record("admin.test_login", AuditLog.fields("by", admin, "idp", idp, "result", "started",
                "ref", reference));
        try {
            BeginLoginResponse begun = starter.beginTestLogin(request, response, engine.get(), idp);
            long seconds = begun.expiresAt() - runtime.clock().instant().getEpochSecond();
            Duration ttl = Duration.ofSeconds(Math.max(seconds, MIN_STARTED_TTL.toSeconds()));
            if (!store.recordStarted(begun.state(), new TestLoginStore.Started(admin, idp), ttl)) {
                // Without the record the callback could not name the admin; do not send anyone to the IdP.
                keepFailure(new TestLoginStore.Started(admin, idp), ErrorCodes.INTERNAL_ERROR,
                        "the shared store is full; the test login was not started", reference);
                finishedPage(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
            runtime.debugLog().loginStarted(idp, begun.authorizationUrl());
            response.sendRedirect(begun.authorizationUrl());
        } catch (OidcSsoException e) {
            keepFailure(new TestLoginStore.Started(admin, idp), e.code(), e.adminHint(), reference);
            finishedPage(response, CallbackHandler.statusOf(e));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "oidc-sso: a test login could not start [ref " + reference + "]", e);
            keepFailure(new TestLoginStore.Started(admin, idp), ErrorCodes.INTERNAL_ERROR, e.getClass().getName(),
                    reference);
            finishedPage(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        }
    }

    /** The test login begun with {@code state}, if this callback is one; left in place until it finishes. */
    Optional<TestLoginStore.Started> started(String state) {
        return PendingLogins.isPlausibleState(state) ? store.started(state) : Optional.empty();
    }

    /**
     * A test login's callback that the core accepted: what the login would do, kept for its admin. Binds
     * nothing, provisions nothing, changes no group; the admin's session and cookies are left alone.
     */
    void finish(HttpServletResponse response, LoginEngine engine, Provisioner provisioner, LoginDecision decision,
            String state, String reference) throws IOException {
        // Read now, taken once the result is ready: a failure in between still finds it (failed()).
        Optional<TestLoginStore.Started> started = state == null ? Optional.empty() : store.started(state);
        if (started.isEmpty() || decision.testLogin() == null) {
            // The record expired (or the core did not mark it): nobody to show it to, and still no sign-in.
            LOG.warning("oidc-sso: a test login finished without its record or report [ref " + reference + "]");
            finishedPage(response, HttpServletResponse.SC_OK);
            return;
        }
        JsonObject result = base(started.get(), reference);
        result.add("claims", JsonParser.parseString(decision.testLogin().json()));
        result.addProperty("issuer", decision.issuer());
        result.addProperty("subject", decision.subject());
        result.addProperty("username", decision.username());
        JsonObject attributes = new JsonObject();
        attributes.addProperty("displayName", decision.displayName());
        attributes.addProperty("email", decision.email());
        attributes.addProperty("emailVerified", decision.emailVerified());
        result.add("attributes", attributes);
        JsonArray groups = new JsonArray();
        decision.groups().forEach(groups::add);
        result.add("claimedGroups", groups);
        result.addProperty("groupsClaimPresent", decision.groupsClaimPresent());
        ProvisioningPlan plan = provisioner.previewLogin(engine, decision);
        result.add("plan", JsonParser.parseString(EngineCodec.encode(plan)));
        result.add("routing", routing(engine, decision));
        if (plan.outcome() == ProvisioningPlan.Outcome.REFUSE) {
            result.addProperty("outcome", "refused");
            result.add("failure", failure(plan.refusal().code(), plan.refusal().message()));
        } else {
            result.addProperty("outcome", "ok");
        }
        store.takeStarted(state);
        store.record(started.get().admin(), result);
        runtime.audit().record("admin.test_login", AuditLog.fields("by", started.get().admin(), "idp",
                started.get().idp(), "result", plan.outcome() == ProvisioningPlan.Outcome.REFUSE
                        ? plan.refusal().code() : "ok", "user", decision.username(), "ref", reference));
        finishedPage(response, HttpServletResponse.SC_OK);
    }

    /** A test login's callback that failed: its code and hint, kept for its admin. */
    void failed(HttpServletResponse response, String state, int status, String code, String hint, String reference)
            throws IOException {
        Optional<TestLoginStore.Started> started = store.takeStarted(state);
        started.ifPresent(s -> keepFailure(s, code, hint, reference));
        finishedPage(response, status);
    }

    private void keepFailure(TestLoginStore.Started started, String code, String hint, String reference) {
        JsonObject result = base(started, reference);
        result.addProperty("outcome", "failed");
        result.add("failure", failure(code, hint));
        store.record(started.admin(), result);
        runtime.audit().record("admin.test_login", AuditLog.fields("by", started.admin(), "idp", started.idp(),
                "result", code, "ref", reference));
    }

    private static JsonObject base(TestLoginStore.Started started, String reference) {
        JsonObject result = new JsonObject();
        result.addProperty("idp", started.idp());
        result.addProperty("reference", reference);
        return result;
    }

    private static JsonObject failure(String code, String hint) {
        JsonObject failure = new JsonObject();
        failure.addProperty("code", code);
        failure.addProperty("hint", hint == null ? "" : hint);
        return failure;
    }

    /**
     * Which IdP the routing rules would pick for this user on the login page: the email (or the username)
     * as the typed hint, the existing user's memberships when the rules ask for them.
     */
    private JsonObject routing(LoginEngine engine, LoginDecision decision) {
        String hint = decision.email() != null && !decision.email().isBlank() ? decision.email()
                : decision.username();
        JsonObject routing = new JsonObject();
        routing.addProperty("loginHint", hint);
        try {
            RouteRequest question = new RouteRequest(RouteRequest.Page.LOGIN, "/", null, hint, false, null, null);
            RouteDecision route = engine.route(question);
            if (route instanceof RouteDecision.NeedsUser needs) {
                route = engine.route(question.withUser(starter.knownUser(decision.username(), needs)));
            }
            if (route instanceof RouteDecision.Redirect redirect) {
                routing.addProperty("decision", "redirect");
                routing.addProperty("idp", redirect.idpId());
                routing.addProperty("rule", redirect.rule());
                routing.addProperty("sameIdp", redirect.idpId().equals(decision.idpId()));
            } else if (route instanceof RouteDecision.Chooser chooser) {
                routing.addProperty("decision", "chooser");
                routing.addProperty("idp", chooser.preselected());
            } else if (route instanceof RouteDecision.Local) {
                routing.addProperty("decision", "local");
            } else {
                routing.addProperty("decision", "pass");
            }
        } catch (OidcSsoException | io.oidcsso.plugin.host.UserDirectoryException e) {
            routing.addProperty("decision", "error");
            routing.addProperty("code", e instanceof OidcSsoException o ? o.code() : "directory_unavailable");
        }
        return routing;
    }

    /** The small page the test window ends on; the result is on the admin page. */
    static void finishedPage(HttpServletResponse response, int status) throws IOException {
        page(response, status, "Test login finished", "Return to the admin page to see the result. You may close"
                + " this window.");
    }

    private static void page(HttpServletResponse response, int status, String title, String text)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("Referrer-Policy", "no-referrer");
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + FailurePage.escape(title) + "</title></head><body style=\"font-family:sans-serif;max-width:40em;"
                + "margin:3em auto\"><h1>" + FailurePage.escape(title) + "</h1><p>" + FailurePage.escape(text)
                + "</p></body></html>");
        out.flush();
    }
}
