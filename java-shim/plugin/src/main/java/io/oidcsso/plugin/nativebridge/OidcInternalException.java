package io.oidcsso.plugin.nativebridge;

/** A bug in oidc-sso (native or shim): report it. */
public class OidcInternalException extends OidcSsoException {
    /** Called from native code: keep the signature {@code (String, String, String)}. */
    public OidcInternalException(String message, String code, String adminHint) {
        super(message, Kind.INTERNAL, code, adminHint);
    }
}
