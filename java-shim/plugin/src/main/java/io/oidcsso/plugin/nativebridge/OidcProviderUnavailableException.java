package io.oidcsso.plugin.nativebridge;

/** The IdP could not be reached or answered badly; retrying later may work. */
public class OidcProviderUnavailableException extends OidcSsoException {
    private final String code;
    private final String adminHint;

    /** Called from native code: keep the signature {@code (String, String, String)}. */
    public OidcProviderUnavailableException(String message, String code, String adminHint) {
        super(message);
        this.code = code;
        this.adminHint = adminHint;
    }

    /** A stable error code such as {@code discovery_unreachable}. */
    public String code() {
        return code;
    }

    /** What the admin should check (URL, firewall, proxy, certificates). */
    public String adminHint() {
        return adminHint;
    }
}
