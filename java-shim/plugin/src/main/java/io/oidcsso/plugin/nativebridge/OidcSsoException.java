package io.oidcsso.plugin.nativebridge;

/** The root of every error the oidc-sso native engine reports (see docs/architecture.md). */
public class OidcSsoException extends RuntimeException {
    public OidcSsoException(String message) {
        super(message);
    }
}
