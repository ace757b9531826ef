package io.oidcsso.plugin.engine;

import java.util.Objects;

/** A failed engine call, mapped from the native exception hierarchy (docs/architecture.md). */
public final class EngineFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The four kinds of docs/architecture.md's error table. */
    public enum Kind {
        CONFIG,
        AUTHENTICATION,
        PROVIDER_UNAVAILABLE,
        INTERNAL
    }

    private final Kind kind;
    private final String code;
    private final String adminHint;

    public EngineFailure(Kind kind, String code, String adminHint, Throwable cause) {
        super(kind + " " + code + (adminHint == null ? "" : ": " + adminHint), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = Objects.requireNonNull(code, "code");
        this.adminHint = adminHint;
    }

    public Kind kind() {
        return kind;
    }

    /** A stable error code such as {@code invalid_nonce}, safe to show to the user. */
    public String code() {
        return code;
    }

    /** What the admin should check; for the log, not for the user's page. May be null. */
    public String adminHint() {
        return adminHint;
    }
}
