package io.oidcsso.plugin.web;

import io.oidcsso.plugin.engine.EngineInfo;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.logout.OidcSession;
import io.oidcsso.plugin.logout.Revocations;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Front-Channel Logout 1.0 §2-4: the IdP's logout page loads this URL in a cross-site iframe with
 * {@code iss} and {@code sid}. The browser does not send the product's session cookie there, so the
 * logout is recorded on the server by ({@code iss}, {@code sid}) ({@link Revocations}); every node ends
 * the matching sessions on their next request. {@code iss} must be a configured IdP's issuer.
 */
final class FrontchannelLogoutHandler {
    static final int MAX_PARAMETER_LENGTH = 255;
    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(FrontchannelLogoutHandler.class.getName());

    private final PluginRuntime runtime;
    private final Revocations revocations;

    FrontchannelLogoutHandler(PluginRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.revocations = new Revocations(runtime.adapters().clusterState(), runtime.clock());
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        BackchannelLogoutHandler.noCache(response);
        String reference = ReferenceIds.next();
        String iss;
        String sid;
        try {
            iss = RequestParameters.single(request, "iss", MAX_PARAMETER_LENGTH);
            sid = RequestParameters.single(request, "sid", MAX_PARAMETER_LENGTH);
        } catch (MalformedRequestException e) {
            // The client's mistake: one INFO line, no stack trace, no audit warning.
            LOG.info("oidc-sso: malformed front-channel logout refused [ref " + reference + "]: " + e.getMessage());
            BackchannelLogoutHandler.writeError(response, ErrorCodes.INVALID_REQUEST, reference);
            return;
        }
        if (!plausible(iss) || !plausible(sid)) {
            fail(response, ErrorCodes.INVALID_REQUEST, reference, "iss and sid are required (1 to " + MAX_PARAMETER_LENGTH
                    + " printable characters)");
            return;
        }
        Optional<LoginEngine> engine = runtime.activeEngine();
        if (engine.isEmpty()) {
            fail(response, ErrorCodes.SSO_DISABLED, reference, "front-channel logout while SSO is off");
            return;
        }
        try {
            if (engine.get().info().idps().stream().map(EngineInfo.Idp::issuer).noneMatch(iss::equals)) {
                fail(response, ErrorCodes.UNKNOWN_LOGOUT_ISSUER, reference,
                        "iss is not the issuer of a configured IdP");
                return;
            }
        } catch (OidcSsoException e) {
            fail(response, e.code(), reference, e.kind() + ": " + e.adminHint());
            return;
        } catch (IllegalStateException e) {
            // The engine was closed under this request (the configuration was removed).
            fail(response, ErrorCodes.INTERNAL_ERROR, reference, "the engine was closed: " + e.getMessage());
            return;
        }
        if (!revocations.revoke(iss, null, sid)) {
            fail(response, ErrorCodes.CLUSTER_STATE_FULL, reference, "the shared store is full");
            return;
        }
        // The rare case where the browser did send the cookie: end this session right away too.
        OidcSession.read(request.getSession(false)).filter(s -> iss.equals(s.issuer()) && sid.equals(s.sid()))
                .ifPresent(s -> {
                    runtime.adapters().loginBinder().end(request);
                    OidcSession.clear(request.getSession(false));
                });
        runtime.audit().record("logout.frontchannel", AuditLog.fields("iss", iss, "sid", sid, "ref", reference));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Logged out</title></head>"
                + "<body>Logged out.</body></html>");
        out.flush();
    }

    private static boolean plausible(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_PARAMETER_LENGTH
                && value.chars().noneMatch(Character::isISOControl);
    }

    private void fail(HttpServletResponse response, String code, String reference, String detail) throws IOException {
        runtime.audit().record("logout.frontchannel.failed", AuditLog.fields("code", code, "detail", detail,
                "ref", reference));
        BackchannelLogoutHandler.writeError(response, code, reference);
    }
}
