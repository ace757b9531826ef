package io.oidcsso.plugin.web;

import io.oidcsso.plugin.engine.EngineFailure;
import io.oidcsso.plugin.engine.EngineJson;
import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.LogoutJson;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.UserDirectoryException;
import io.oidcsso.plugin.host.LoginRefusedException;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.login.Provisioner;
import io.oidcsso.plugin.logout.OidcSession;
import io.oidcsso.plugin.runtime.HostAdapters;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Finishes a login, coordinating only (the core validates everything): take the pending login once,
 * let the engine decide, apply the decision through the host adapters, bind the session, redirect.
 * Any failure is an error page with a code and a reference id; no session is bound then.
 */
final class CallbackHandler {
    static final String[] CALLBACK_PARAMETERS = {"state", "code", "iss", "error", "error_description"};
    private static final int MAX_PARAMETER_LENGTH = 8_192;
    private static final Logger LOG = Logger.getLogger(CallbackHandler.class.getName());

    private final PluginRuntime runtime;
    private final FailurePage failurePage;
    private final Provisioner provisioner;

    CallbackHandler(PluginRuntime runtime, FailurePage failurePage) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.failurePage = Objects.requireNonNull(failurePage, "failurePage");
        this.provisioner = new Provisioner(runtime.adapters().userDirectory(), runtime.audit());
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String reference = ReferenceIds.next();
        try {
            complete(request, response, reference);
        } catch (EngineFailure e) {
            if (e.kind() == EngineFailure.Kind.CONFIG) {
                runtime.audit().warning("login.failed", AuditLog.fields("code", e.code(), "detail",
                        e.kind() + ": " + e.adminHint(), "ref", reference));
                failurePage.renderMisconfigured(request, response, e.code(), reference);
                return;
            }
            fail(request, response, statusOf(e), e.code(), reference, e.kind() + ": " + e.adminHint());
        } catch (LoginRefusedException e) {
            fail(request, response, HttpServletResponse.SC_FORBIDDEN, e.code(), reference, e.getMessage());
        } catch (UserDirectoryException e) {
            fail(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.code(), reference, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "oidc-sso: callback failed [ref " + reference + "]", e);
            fail(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "internal_error", reference,
                    e.getClass().getName());
        }
    }

    private void complete(HttpServletRequest request, HttpServletResponse response, String reference)
            throws IOException {
        HostAdapters host = runtime.adapters();
        Optional<LoginEngine> engine = runtime.activeEngine();
        if (engine.isEmpty()) {
            fail(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "sso_disabled", reference,
                    "callback while SSO is off: " + runtime.engineSlot().status());
            return;
        }
        Map<String, String> params = callbackParameters(request);
        if (params == null) {
            fail(request, response, HttpServletResponse.SC_BAD_REQUEST, "invalid_request", reference,
                    "a callback parameter is longer than " + MAX_PARAMETER_LENGTH + " characters");
            return;
        }
        String state = params.get("state");
        Optional<String> pending = PendingLogins.isPlausibleState(state)
                ? host.clusterState().take(PendingLogins.key(state))
                : Optional.empty();
        if (pending.isEmpty() && host.loginBinder().boundUsername(request).isPresent()) {
            // A replayed or reloaded callback of someone already logged in: nothing to do.
            response.sendRedirect(request.getContextPath() + "/");
            return;
        }
        String requestJson = EngineJson.completeLoginRequest(pending.orElse(null),
                BrowserBinding.read(request).orElse(null), params, LoginRequestPolicy.pathOf(request));
        String decisionJson = engine.get().completeLogin(requestJson);
        LoginDecision decision = EngineJson.parseDecision(decisionJson);
        decision.audit().forEach(event -> runtime.audit().info(event.event(), AuditLog.fields("idp", event.idp(),
                "subject", event.subject(), "detail", event.detail(), "ref", reference)));
        DirectoryUser user = provisioner.provision(engine.get(), decision, reference);
        host.loginBinder().bind(request, response, user);
        // For logout: iss/sub/sid, when, and the ID token hint, in the (rotated) session only.
        OidcSession.of(LogoutJson.parseLoginBinding(decisionJson), runtime.clock().millis())
                .store(request.getSession(true));
        runtime.audit().info("login.bound", AuditLog.fields("user", user.username(), "idp", decision.idpId(),
                "subject", decision.subject(), "node", host.hostInfo().nodeId(), "ref", reference));
        String returnTo = ReturnTo.sanitize(decision.returnTo(), host.hostInfo().baseUrl());
        response.setHeader("Cache-Control", "no-store");
        response.sendRedirect(request.getContextPath() + (returnTo == null ? "/" : returnTo));
    }

    /** The OAuth parameters the core needs, or null when one is oversized. */
    private static Map<String, String> callbackParameters(HttpServletRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : CALLBACK_PARAMETERS) {
            String value = request.getParameter(name);
            if (value != null) {
                if (value.length() > MAX_PARAMETER_LENGTH) {
                    return null;
                }
                params.put(name, value);
            }
        }
        return params;
    }

    static int statusOf(EngineFailure failure) {
        switch (failure.kind()) {
            case AUTHENTICATION:
                if (failure.code().equals("access_denied")) {
                    return HttpServletResponse.SC_FORBIDDEN;
                }
                return failure.code().equals("invalid_request") ? HttpServletResponse.SC_BAD_REQUEST
                        : HttpServletResponse.SC_UNAUTHORIZED;
            default:
                return HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        }
    }

    private void fail(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String reference, String detail) throws IOException {
        runtime.audit().warning("login.failed", AuditLog.fields("code", code, "status", Integer.toString(status),
                "detail", detail, "ref", reference));
        failurePage.render(request, response, status, code, reference, runtime.activeEngine().orElse(null));
    }
}
