package io.oidcsso.plugin.web;

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
        Optional<byte[]> token = bearerToken(request.getHeader("Authorization"));
        if (token.isEmpty()) {
            return new Outcome(request, false);
        }
        Optional<LoginEngine> engine = runtime.activeEngine();
        if (engine.isEmpty() || !scope.mayClaim(engine.get(), token.get())) {
            return new Outcome(request, false);
        }
        try {
            BearerDecision decision = engine.get().validateBearer(token.get());
            if (decision instanceof BearerDecision.Authenticated valid) {
                return new Outcome(authenticate(request, response, valid), false);
            }
            return new Outcome(request, false);
        } catch (BearerRefused e) {
            refuse(response, 401, "invalid_token", e.code, ReferenceIds.next(), e.getMessage());
        } catch (OidcUnavailable e) {
            unavailable(response, ErrorCodes.DIRECTORY_ERROR, ReferenceIds.next(), e.getMessage());
        } catch (OidcSsoException e) {
            String reference = ReferenceIds.next();
            switch (e.kind()) {
                case AUTHENTICATION -> {
                    boolean scope = ErrorCodes.INSUFFICIENT_SCOPE.equals(e.code());
                    refuse(response, scope ? 403 : 401, scope ? "insufficient_scope" : "invalid_token", e.code(),
                            reference, e.adminHint());
                }
                default -> unavailable(response, e.code(), reference, e.kind() + ": " + e.adminHint());
            }
        } catch (RuntimeException e) {
            String reference = ReferenceIds.next();
            LOG.log(Level.SEVERE, "oidc-sso: bearer token check failed [ref " + reference + "]", e);
            unavailable(response, ErrorCodes.INTERNAL_ERROR, reference, e.getClass().getName());
        }
        return new Outcome(request, true);
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
    private HttpServletRequest authenticate(HttpServletRequest request, HttpServletResponse response,
            BearerDecision.Authenticated valid) {
        ExternalId identity = new ExternalId(valid.issuer(), valid.subject());
        BearerAccounts accounts = runtime.bearerAccounts();
        try {
            DirectoryUser user = accounts.find(identity).orElseThrow(() -> notLinked(valid));
            try {
                return authenticateAs(request, response, valid, user);
            } catch (LoginRefusedException e) {
                accounts.forget(identity);
                DirectoryUser now = runtime.adapters().userDirectory().findByExternalId(identity)
                        .orElseThrow(() -> notLinked(valid));
                if (now.equals(user)) {
                    throw e;
                }
                return authenticateAs(request, response, valid, now);
            }
        } catch (LoginRefusedException e) {
            throw new BearerRefused(e.code() + ": " + e.getMessage());
        } catch (UserDirectoryException e) {
            throw new OidcUnavailable(e.getMessage());
        }
    }

    private HttpServletRequest authenticateAs(HttpServletRequest request, HttpServletResponse response,
            BearerDecision.Authenticated valid, DirectoryUser user) {
        HttpServletRequest authenticated = runtime.adapters().loginBinder().authenticateRequest(request, response,
                user);
        LOG.fine(() -> "oidc-sso: bearer token of " + valid.idpId() + " authenticated " + user.username());
        return authenticated;
    }

    private static BearerRefused notLinked(BearerDecision.Authenticated valid) {
        return new BearerRefused("no account is linked to this identity (idp " + valid.idpId() + ", sub "
                + valid.subject() + "): bearer tokens create no users; sign in once through the browser");
    }

    private void refuse(HttpServletResponse response, int status, String error, String code, String reference,
            String hint) throws IOException {
        runtime.audit().record("bearer.refused", AuditLog.fields("code", code, "reference", reference, "reason", hint));
        response.setHeader("WWW-Authenticate", "Bearer error=\"" + error + "\", error_description=\"" + code + "\"");
        write(response, status, error, code, reference);
    }

    private void unavailable(HttpServletResponse response, String code, String reference, String hint)
            throws IOException {
        LOG.warning("oidc-sso: bearer token not checked [ref " + reference + "]: " + hint);
        response.setHeader("Retry-After", "5");
        write(response, 503, "temporarily_unavailable", code, reference);
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
