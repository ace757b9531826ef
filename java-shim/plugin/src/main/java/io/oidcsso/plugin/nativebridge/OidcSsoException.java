package io.oidcsso.plugin.nativebridge;

import java.util.Objects;

/**
 * The root of every error the oidc-sso native engine reports (docs/architecture.md). The native
 * library decides the class, and so the {@link #kind()}, and the {@link #code()} of each failure
 * (one table, {@code rust/jni/src/errors.rs}); the shim reacts to the kind and shows the code.
 */
public class OidcSsoException extends RuntimeException {
    /** How the shim must treat a failure: the four kinds of docs/errors.md. */
    public enum Kind {
        /** The configuration is wrong: the admin must fix it. */
        CONFIG,
        /** This login (or logout token) is refused. */
        AUTHENTICATION,
        /** The IdP could not be reached or answered badly; retryable. */
        PROVIDER_UNAVAILABLE,
        /** A bug. */
        INTERNAL
    }

    private final Kind kind;
    private final String code;
    private final String adminHint;

    protected OidcSsoException(String message, Kind kind, String code, String adminHint) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        // A failure raised in Java without a code is a bug: the core's internal_error.
        this.code = code == null || code.isEmpty() ? "internal_error" : code;
        this.adminHint = adminHint;
    }

    public Kind kind() {
        return kind;
    }

    /** A stable error code (docs/errors.md, {@code ErrorCodes}), safe to show to the user. */
    public String code() {
        return code;
    }

    /** What the admin should check; for the log, never for the user's page. Never contains secrets. */
    public String adminHint() {
        return adminHint;
    }
}
