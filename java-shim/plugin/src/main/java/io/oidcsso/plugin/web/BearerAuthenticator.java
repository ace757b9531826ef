package io.oidcsso.plugin.web;

import io.oidcsso.plugin.admin.UnreadBody;
import io.oidcsso.plugin.engine.BearerDecision;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.LoginRefusedException;
import io.oidcsso.plugin.host.UserDirectoryException;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.login.BearerAccounts;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code Authorization: Bearer <token>} (RFC 6750): a JWT from an IdP with {@code bearer}, or an opaque token
 * an IdP with {@code bearer.introspection} calls active (RFC 7662, asked and cached by the core): one native
 * call with the token's bytes; a valid token authenticates this request alone as the account linked to the token's
 * identity (no session, no cookie, no user created); a refused one is 401 (403 for a missing scope) with
 * {@code WWW-Authenticate}, never a redirect. Anything else, personal access tokens included, goes on
 * untouched (docs/security.md, "Bearer tokens").
 */
final class BearerAuthenticator {
    /**
     * What the request becomes: on its way (maybe as another request), or answered here. A class, not
     * a record: Eclipse Transformer leaves a record's component descriptors (its {@code Record}
     * attribute) in javax, so the jakarta jar would still name {@code javax/servlet} (JakartaJarIT).
     */
    static final class Outcome {
        private final HttpServletRequest request;
        private final boolean answered;

        Outcome(HttpServletRequest request, boolean answered) {
            this.request = request;
            this.answered = answered;
        }

        HttpServletRequest request() {
            return request;
        }

        boolean answered() {
            return answered;
        }
    }

    /** How the product takes a valid token's account for this request; {@link LoginRefusedException}: it does not. */
    @FunctionalInterface
    interface Binding<T> {
        T bind(DirectoryUser user);
    }

    enum Kind {
        /** Not the plugin's token (no header, another scheme, a token no IdP claims, a pass of the core). */
        PASS,
        AUTHENTICATED,
        /** A token of the plugin's that is refused: 401 {@code invalid_token} or 403 {@code insufficient_scope}. */
        REFUSED,
        /** The check could not be made (IdP, directory or internal failure): 503. */
        UNAVAILABLE
    }

    /**
     * What {@link #decide} found: the user {@code bind} made (AUTHENTICATED), or the answer's status, RFC 6750
     * error, the plugin's error code, the reference in the log and the admin hint (REFUSED, UNAVAILABLE). The
     * hint is for logs and the audit line, never for the client.
     */
    record Decision<T>(Kind kind, T user, int status, String error, String code, String reference, String hint) {
        static <T> Decision<T> pass() {
            return new Decision<>(Kind.PASS, null, 0, null, null, null, null);
        }

        static <T> Decision<T> authenticated(T user) {
            return new Decision<>(Kind.AUTHENTICATED, user, 0, null, null, null, null);
        }

        /** The {@code Retry-After} seconds of an UNAVAILABLE answer, on every path that writes one. */
        static final String RETRY_AFTER_SECONDS = "5";

        /** The {@code WWW-Authenticate} value of a refusal (RFC 6750 §3). */
        String challenge() {
            return "Bearer error=\"" + error + "\", error_description=\"" + code + "\"";
        }
    }

    private static final Logger LOG = Logger.getLogger(BearerAuthenticator.class.getName());
    private static final String SCHEME = "bearer ";
    /** Longer headers are left to the product (the core refuses tokens over 64 KiB anyway). */
    private static final int MAX_HEADER_LENGTH = 64 * 1024 + SCHEME.length();

    private final PluginRuntime runtime;
    private final BearerScope scope;

    BearerAuthenticator(PluginRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.scope = new BearerScope(runtime.engineSlot());
    }

    Outcome apply(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Decision<HttpServletRequest> decision = decide(request.getHeader("Authorization"),
                user -> runtime.adapters().loginBinder().authenticateRequest(request, response, user));
        switch (decision.kind()) {
            case AUTHENTICATED:
                return new Outcome(decision.user(), false);
            case REFUSED:
                // Answered before the product read the body: settle it, as every early answer does.
                UnreadBody.settle(request, response);
                response.setHeader("WWW-Authenticate", decision.challenge());
                write(response, decision.status(), decision.error(), decision.code(), decision.reference());
                return new Outcome(request, true);
            case UNAVAILABLE:
                UnreadBody.settle(request, response);
                response.setHeader("Retry-After", Decision.RETRY_AFTER_SECONDS);
                write(response, 503, "temporarily_unavailable", decision.code(), decision.reference());
                return new Outcome(request, true);
            default:
                return new Outcome(request, false);
        }
    }

    /**
     * The one decision on a request's {@code Authorization: Bearer} header, for the servlet filter and for
     * Bitbucket's {@code http-auth-handler} alike ({@link BitbucketBearerHandler}): the header read, the scope
     * check, the one native call, the linked account, {@code bind} (how the product takes the user: the SAL
     * binding of a request, or Bitbucket's {@code ApplicationUser}), the audit line of a refusal. A
     * {@link LoginRefusedException} from {@code bind} refuses the token (after one fresh directory read).
     * {@code authorization} is the request's {@code Authorization} header (null: none): a generic method naming a
     * servlet type keeps {@code javax} in its signature after Eclipse Transformer (JakartaJarIT).
     */
    <T> Decision<T> decide(String authorization, Binding<T> bind) {
        Optional<byte[]> token = bearerToken(authorization);
        if (token.isEmpty()) {
            return Decision.pass();
        }
        Optional<LoginEngine> engine = runtime.activeEngine();
        if (engine.isEmpty() || !scope.mayClaim(engine.get(), token.get())) {
            return Decision.pass();
        }
        try {
            BearerDecision decision = engine.get().validateBearer(token.get());
            if (decision instanceof BearerDecision.Authenticated valid) {
                return Decision.authenticated(authenticate(valid, bind));
            }
            return Decision.pass();
        } catch (BearerRefused e) {
            return refused(401, "invalid_token", e.code, ReferenceIds.next(), e.getMessage());
        } catch (OidcUnavailable e) {
            return unavailable(ErrorCodes.DIRECTORY_ERROR, ReferenceIds.next(), e.getMessage());
        } catch (OidcSsoException e) {
            String reference = ReferenceIds.next();
            if (e.kind() == OidcSsoException.Kind.AUTHENTICATION) {
                boolean scope = ErrorCodes.INSUFFICIENT_SCOPE.equals(e.code());
                return refused(scope ? 403 : 401, scope ? "insufficient_scope" : "invalid_token", e.code(), reference,
                        e.adminHint());
            }
            return unavailable(e.code(), reference, e.kind() + ": " + e.adminHint());
        } catch (RuntimeException e) {
            String reference = ReferenceIds.next();
            LOG.log(Level.SEVERE, "oidc-sso: bearer token check failed [ref " + reference + "]", e);
            return unavailable(ErrorCodes.INTERNAL_ERROR, reference, e.getClass().getName());
        }
    }

    /**
     * The token of {@code Bearer <token>} when it is an RFC 6750 {@code b64token} (a compact JWS or an opaque
     * token): anything else (another scheme, spaces, quotes) is never sent to the core, nor is a token no IdP
     * can claim ({@link BearerScope}: an opaque one when no IdP introspects).
     */
    static Optional<byte[]> bearerToken(String header) {
        if (header == null || header.length() <= SCHEME.length() || header.length() > MAX_HEADER_LENGTH
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = header.substring(SCHEME.length()).trim();
        int end = token.length();
        while (end > 0 && token.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return Optional.empty();
        }
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            // RFC 6750 b64token: ALPHA, DIGIT and "-" "." "_" "~" "+" "/" (its trailing "=" are cut above).
            if (!(BearerScope.isBase64UrlChar(c) || c == '.' || c == '~' || c == '+' || c == '/')) {
                return Optional.empty();
            }
        }
        return Optional.of(token.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The account linked to the token's identity (this node's view, {@link BearerAccounts}), checked by the
     * product, for this request only. When the product refuses a cached account, the directory is asked again
     * once: the account may have changed since (renamed, deleted, relinked).
     */
    private <T> T authenticate(BearerDecision.Authenticated valid, Binding<T> bind) {
        ExternalId identity = new ExternalId(valid.issuer(), valid.subject());
        BearerAccounts accounts = runtime.bearerAccounts();
        try {
            DirectoryUser user = accounts.find(identity).orElseThrow(() -> notLinked(valid));
            try {
                return authenticateAs(valid, user, bind);
            } catch (LoginRefusedException e) {
                accounts.forget(identity);
                DirectoryUser now = runtime.adapters().userDirectory().findByExternalId(identity)
                        .orElseThrow(() -> notLinked(valid));
                if (now.equals(user)) {
                    throw e;
                }
                return authenticateAs(valid, now, bind);
            }
        } catch (LoginRefusedException e) {
            throw new BearerRefused(e.code() + ": " + e.getMessage());
        } catch (UserDirectoryException e) {
            throw new OidcUnavailable(e.getMessage());
        }
    }

    private static <T> T authenticateAs(BearerDecision.Authenticated valid, DirectoryUser user, Binding<T> bind) {
        T authenticated = bind.bind(user);
        LOG.fine(() -> "oidc-sso: bearer token of " + valid.idpId() + " authenticated " + user.username());
        return authenticated;
    }

    private static BearerRefused notLinked(BearerDecision.Authenticated valid) {
        return new BearerRefused("no account is linked to this identity (idp " + valid.idpId() + ", sub "
                + valid.subject() + "): bearer tokens create no users; sign in once through the browser");
    }

    private <T> Decision<T> refused(int status, String error, String code, String reference, String hint) {
        runtime.audit().record("bearer.refused", AuditLog.fields("code", code, "reference", reference, "reason", hint));
        return new Decision<>(Kind.REFUSED, null, status, error, code, reference, hint);
    }

    private static <T> Decision<T> unavailable(String code, String reference, String hint) {
        LOG.warning("oidc-sso: bearer token not checked [ref " + reference + "]: " + hint);
        return new Decision<>(Kind.UNAVAILABLE, null, 503, "temporarily_unavailable", code, reference, hint);
    }

    private static void write(HttpServletResponse response, int status, String error, String code, String reference)
            throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json;charset=UTF-8");
        try (PrintWriter out = response.getWriter()) {
            out.write("{\"error\":\"" + error + "\",\"error_description\":\"" + code + "\",\"reference\":\""
                    + reference + "\"}");
        }
    }

    /** A valid token whose user the product does not let in. */
    private static final class BearerRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code = ErrorCodes.BEARER_USER_REFUSED;

        BearerRefused(String message) {
            super(message, null, false, false);
        }
    }

    /** The product's directory failed while the user was looked up. */
    private static final class OidcUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OidcUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
