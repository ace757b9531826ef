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
 *
 * <p>Entra ID and AD FS send only {@code sid}: for them the IdP is named by the path,
 * {@code /frontchannel-logout/<idp id>}, which supplies its issuer (an {@code iss} that is sent too must
 * be that issuer). The request is anonymous, so a revocation is recorded only for a {@code sid} a live
 * session of this deployment has ({@link Revocations#revokeLiveSid}): made-up {@code sid}s write nothing.
 */
final class FrontchannelLogoutHandler {
    static final int MAX_PARAMETER_LENGTH = 255;
    static final String PATH = "/plugins/servlet/oidc-sso/frontchannel-logout";
    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(FrontchannelLogoutHandler.class.getName());

    private final PluginRuntime runtime;
    private final Revocations revocations;

    FrontchannelLogoutHandler(PluginRuntime runtime, Revocations revocations) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
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
        Optional<String> pathIdp = idpOfPath(request);
        if (!plausible(sid) || (pathIdp.isEmpty() && !plausible(iss)) || (iss != null && !plausible(iss))) {
            fail(response, ErrorCodes.INVALID_REQUEST, reference, "sid is required, and iss unless the path names the"
                    + " IdP (1 to " + MAX_PARAMETER_LENGTH + " printable characters)");
            return;
        }
        Optional<LoginEngine> engine = runtime.activeEngine();
        if (engine.isEmpty()) {
            fail(response, ErrorCodes.SSO_DISABLED, reference, "front-channel logout while SSO is off");
            return;
        }
        String issuer;
        try {
            issuer = issuer(engine.get().info(), pathIdp, iss, response, reference);
        } catch (OidcSsoException e) {
            fail(response, e.code(), reference, e.kind() + ": " + e.adminHint());
            return;
        } catch (IllegalStateException e) {
            // The engine was closed under this request (the configuration was removed).
            fail(response, ErrorCodes.INTERNAL_ERROR, reference, "the engine was closed: " + e.getMessage());
            return;
        }
        if (issuer == null) {
            return;
        }
        switch (revocations.revokeLiveSid(issuer, sid)) {
            case UNKNOWN_SESSION:
                fail(response, ErrorCodes.UNKNOWN_SESSION, reference, "no live session of this deployment has that sid");
                return;
            case FULL:
                fail(response, ErrorCodes.CLUSTER_STATE_FULL, reference, "the shared store is full");
                return;
            default:
                break;
        }
        // The rare case where the browser did send the cookie: end this session right away too.
        OidcSession.read(request.getSession(false)).filter(s -> issuer.equals(s.issuer()) && sid.equals(s.sid()))
                .ifPresent(s -> {
                    runtime.adapters().loginBinder().end(request);
                    LoginRequestPolicy.forgetLoggedIn(request);
                    OidcSession.clear(request.getSession(false));
                });
        runtime.audit().record("logout.frontchannel", AuditLog.fields("iss", issuer, "sid", sid, "ref", reference));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Logged out</title></head>"
                + "<body>Logged out.</body></html>");
        out.flush();
    }

    /** The issuer this logout is for, or null once the failure was answered. */
    private String issuer(EngineInfo info, Optional<String> pathIdp, String iss, HttpServletResponse response,
            String reference) throws IOException {
        if (pathIdp.isPresent()) {
            Optional<String> issuer = info.idps().stream().filter(idp -> idp.id().equals(pathIdp.get()))
                    .map(EngineInfo.Idp::issuer).findFirst();
            if (issuer.isEmpty()) {
                fail(response, ErrorCodes.UNKNOWN_IDP, reference, "no configured IdP has the id in the path");
                return null;
            }
            if (iss != null && !iss.equals(issuer.get())) {
                fail(response, ErrorCodes.UNKNOWN_LOGOUT_ISSUER, reference,
                        "iss is not the issuer of the IdP in the path");
                return null;
            }
            return issuer.get();
        }
        if (info.idps().stream().map(EngineInfo.Idp::issuer).noneMatch(iss::equals)) {
            fail(response, ErrorCodes.UNKNOWN_LOGOUT_ISSUER, reference, "iss is not the issuer of a configured IdP");
            return null;
        }
        return iss;
    }

    /** {@code <idp id>} of {@code .../frontchannel-logout/<idp id>}; empty on the bare path. */
    static Optional<String> idpOfPath(HttpServletRequest request) {
        String path = LoginRequestPolicy.pathOf(request);
        if (!path.startsWith(PATH + "/")) {
            return Optional.empty();
        }
        // An id outside the schema's pattern matches no IdP; it is not echoed anywhere.
        return Optional.of(path.substring(PATH.length() + 1));
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
