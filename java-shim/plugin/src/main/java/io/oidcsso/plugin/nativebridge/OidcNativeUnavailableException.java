package io.oidcsso.plugin.nativebridge;

/**
 * The native library is not loaded on this server (unsupported platform, missing from the
 * jar, or a directory it cannot run from). Check {@link OidcEngine#isAvailable()} first.
 */
public class OidcNativeUnavailableException extends OidcSsoException {
    public OidcNativeUnavailableException(String reason) {
        super(reason, Kind.INTERNAL, null, reason);
    }
}
