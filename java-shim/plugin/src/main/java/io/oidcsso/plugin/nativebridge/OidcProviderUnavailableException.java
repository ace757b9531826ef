package io.oidcsso.plugin.nativebridge;

/** The IdP could not be reached or answered badly; retrying later may work. */
public class OidcProviderUnavailableException extends OidcSsoException {
    /** Called from native code: keep the signature {@code (String, String, String)}. */
    public OidcProviderUnavailableException(String message, String code, String adminHint) {
        super(message, Kind.PROVIDER_UNAVAILABLE, code, adminHint);
    }
}
