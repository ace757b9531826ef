package io.oidcsso.plugin.nativebridge;

/** The native code panicked; the panic was contained and the call abandoned. A bug. */
public class OidcNativePanicException extends OidcInternalException {
    /** Called from native code: keep the signature {@code (String, String, String)}. */
    public OidcNativePanicException(String message, String code, String adminHint) {
        super(message, code, adminHint);
    }
}
