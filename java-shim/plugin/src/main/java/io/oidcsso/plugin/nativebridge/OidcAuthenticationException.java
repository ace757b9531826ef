package io.oidcsso.plugin.nativebridge;

/** This login is rejected (bad state, bad token, ...): show the user a page with the code. */
public class OidcAuthenticationException extends OidcSsoException {
    /** Called from native code: keep the signature {@code (String, String, String)}. */
    public OidcAuthenticationException(String message, String code, String adminHint) {
        super(message, Kind.AUTHENTICATION, code, adminHint);
    }
}
