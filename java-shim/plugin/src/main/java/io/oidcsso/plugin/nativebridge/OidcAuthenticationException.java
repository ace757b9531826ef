package io.oidcsso.plugin.nativebridge;

/** This login is rejected (bad state, bad token, ...): show the user a page with the code. */
public class OidcAuthenticationException extends OidcSsoException {
    private final String code;
    private final String adminHint;

    /** Called from native code: keep the signature {@code (String, String, String)}. */
    public OidcAuthenticationException(String message, String code, String adminHint) {
        super(message);
        this.code = code;
        this.adminHint = adminHint;
    }

    /** A stable error code such as {@code invalid_nonce}. */
    public String code() {
        return code;
    }

    /** What the admin should check; never contains secrets or tokens. */
    public String adminHint() {
        return adminHint;
    }
}
