package io.oidcsso.plugin.nativebridge;

/** A bug in oidc-sso (native or shim): report it. */
public class OidcInternalException extends OidcSsoException {
    /** Called from native code: keep the signature {@code (String)}. */
    public OidcInternalException(String message) {
        super(message);
    }
}
