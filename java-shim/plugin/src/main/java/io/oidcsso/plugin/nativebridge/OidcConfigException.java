package io.oidcsso.plugin.nativebridge;

/**
 * The configuration is wrong: the admin must fix it. Carries every problem at once, and a code:
 * {@code invalid_configuration} for the document itself, or a specific one for a problem found at
 * run time (e.g. {@code discovery_issuer_mismatch}: the IdP publishes another issuer).
 */
public class OidcConfigException extends OidcSsoException {
    private static final String DEFAULT_CODE = "invalid_configuration";

    private final String problemsJson;
    private final String code;

    public OidcConfigException(String message, String problemsJson) {
        this(message, problemsJson, DEFAULT_CODE);
    }

    /** Called from native code: keep the signature {@code (String, String, String)}. */
    public OidcConfigException(String message, String problemsJson, String code) {
        super(message);
        this.problemsJson = problemsJson == null ? "[]" : problemsJson;
        this.code = code == null || code.isEmpty() ? DEFAULT_CODE : code;
    }

    /** The problems as a JSON array of {@code {"pointer": ..., "message": ...}}. */
    public String problemsJson() {
        return problemsJson;
    }

    /** A stable error code (docs/errors.md), safe to show to the user. */
    public String code() {
        return code;
    }
}
