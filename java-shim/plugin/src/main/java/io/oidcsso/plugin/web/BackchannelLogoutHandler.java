package io.oidcsso.plugin.web;

import com.google.gson.JsonObject;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.LogoutTokenDecision;
import io.oidcsso.plugin.engine.LogoutTokenRequest;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.logout.Revocations;
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
 * Back-Channel Logout 1.0 §2.5-2.8: the IdP POSTs a {@code logout_token}; the core validates it, the
 * {@code jti} is used once across the cluster, and the user's sessions are revoked on every node
 * ({@link Revocations}). 200 on success, 400 with a JSON error otherwise; never cached.
 */
final class BackchannelLogoutHandler {
    static final String CACHE_CONTROL = "no-cache, no-store";
    static final int MAX_TOKEN_LENGTH = 64 * 1024;
    static final String JTI_PREFIX = "logout:jti:";
    private static final Duration MIN_JTI_RETENTION = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(BackchannelLogoutHandler.class.getName());

    private final PluginRuntime runtime;
    private final Revocations revocations;

    BackchannelLogoutHandler(PluginRuntime runtime, Revocations revocations) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        noCache(response);
        String reference = ReferenceIds.next();
        try {
            logout(request, response, reference);
        } catch (MalformedRequestException e) {
            // The client's mistake: one INFO line, no stack trace, no audit warning.
            LOG.info("oidc-sso: malformed back-channel logout refused [ref " + reference + "]: " + e.getMessage());
            writeError(response, ErrorCodes.INVALID_REQUEST, reference);
        } catch (OidcSsoException e) {
            fail(response, e.code(), reference, e.kind() + ": " + e.adminHint());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "oidc-sso: back-channel logout failed [ref " + reference + "]", e);
            fail(response, ErrorCodes.INTERNAL_ERROR, reference, e.getClass().getName());
        }
    }

    private void logout(HttpServletRequest request, HttpServletResponse response, String reference)
            throws IOException {
        if (!"POST".equals(request.getMethod())) {
            fail(response, ErrorCodes.INVALID_REQUEST, reference, "method " + request.getMethod() + " instead of POST");
            return;
        }
        Optional<LoginEngine> engine = runtime.activeEngine();
        if (engine.isEmpty()) {
            fail(response, ErrorCodes.SSO_DISABLED, reference, "back-channel logout while SSO is off");
            return;
        }
        String token = RequestParameters.single(request, "logout_token", MAX_TOKEN_LENGTH);
        if (token == null || token.isEmpty()) {
            fail(response, ErrorCodes.INVALID_REQUEST, reference, "no logout_token form parameter of 1 to "
                    + MAX_TOKEN_LENGTH + " characters");
            return;
        }
        LogoutTokenDecision valid = engine.get().validateLogoutToken(new LogoutTokenRequest(token));
        ClusterState state = runtime.adapters().clusterState();
        String jtiKey = JTI_PREFIX + valid.issuer() + "\n" + valid.jti();
        switch (state.putIfAbsent(jtiKey, "used", jtiRetention(valid.exp()))) {
            case EXISTS:
                fail(response, ErrorCodes.LOGOUT_TOKEN_REPLAYED, reference, "jti already used: " + valid.jti());
                return;
            case FULL:
                fail(response, ErrorCodes.CLUSTER_STATE_FULL, reference, "the shared store is full");
                return;
            default:
                break;
        }
        if (!revocations.revoke(valid.issuer(), valid.sub(), valid.sid())) {
            state.take(jtiKey); // let the IdP's retry through
            fail(response, ErrorCodes.CLUSTER_STATE_FULL, reference, "the shared store is full");
            return;
        }
        runtime.audit().record("logout.backchannel", AuditLog.fields("idp", valid.idpId(), "subject", valid.sub(),
                "sid", valid.sid(), "node", runtime.adapters().hostInfo().nodeId(), "ref", reference));
        response.setStatus(HttpServletResponse.SC_OK);
    }

    /** Until the core would refuse the token anyway, at least a minute. */
    private Duration jtiRetention(long expEpochSeconds) {
        Duration left = Duration.ofSeconds(expEpochSeconds).minusMillis(runtime.clock().millis());
        return left.compareTo(MIN_JTI_RETENTION) < 0 ? MIN_JTI_RETENTION : left;
    }

    static void noCache(HttpServletResponse response) {
        response.setHeader("Cache-Control", CACHE_CONTROL);
        response.setHeader("Pragma", "no-cache");
    }

    private void fail(HttpServletResponse response, String code, String reference, String detail) throws IOException {
        runtime.audit().record("logout.backchannel.failed", AuditLog.fields("code", code, "detail", detail,
                "ref", reference));
        writeError(response, code, reference);
    }

    /** §2.8: 400 with an optional JSON body {@code {error, error_description}}; the code, never the admin hint. */
    static void writeError(HttpServletResponse response, String code, String reference) throws IOException {
        JsonObject body = new JsonObject();
        body.addProperty("error", "invalid_request");
        body.addProperty("error_description", code);
        body.addProperty("reference", reference);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/json;charset=UTF-8");
        noCache(response);
        PrintWriter out = response.getWriter();
        out.print(body);
        out.flush();
    }
}
