package io.oidcsso.plugin.nativebridge;

/** The configuration is wrong: the admin must fix it. Carries every problem at once. */
public class OidcConfigException extends OidcSsoException {
    private final String problemsJson;

    /** Called from native code: keep the signature {@code (String, String)}. */
    public OidcConfigException(String message, String problemsJson) {
        super(message);
        this.problemsJson = problemsJson == null ? "[]" : problemsJson;
    }

    /** The problems as a JSON array of {@code {"pointer": ..., "message": ...}}. */
    public String problemsJson() {
        return problemsJson;
    }
}
