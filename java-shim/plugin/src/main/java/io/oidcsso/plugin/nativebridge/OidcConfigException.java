package io.oidcsso.plugin.nativebridge;

/**
 * The configuration is wrong: the admin must fix it. Carries every problem at once, and a code:
 * {@code invalid_configuration} for the document itself, or a specific one for a problem found at
 * run time (e.g. {@code discovery_issuer_mismatch}: the IdP publishes another issuer).
 */
public class OidcConfigException extends OidcSsoException {
    private static final String DEFAULT_CODE = "invalid_configuration";

    private final String problemsJson;

    /** Called from native code: keep the signature {@code (String, String, String)}. */
    public OidcConfigException(String message, String problemsJson, String code) {
        super(message, Kind.CONFIG, code == null || code.isEmpty() ? DEFAULT_CODE : code,
                message + " " + (problemsJson == null ? "[]" : problemsJson));
        this.problemsJson = problemsJson == null ? "[]" : problemsJson;
    }

    /** The problems as a JSON array of {@code {"pointer": ..., "message": ...}} (the engine package reads it). */
    public String problemsJson() {
        return problemsJson;
    }
}
