package io.oidcsso.plugin.engine;

import java.util.Objects;

/** {@code beginLogin}'s request (fixture {@code BeginLoginRequest.json}); {@code idpId} and {@code returnTo} may be null; {@code reauthenticate}
 * asks the IdP for a fresh sign-in ({@code prompt=login}, {@code max_age=0}) for websudo. */
public record BeginLoginRequest(String idpId, String returnTo, String browserBinding, boolean reauthenticate) {
    public BeginLoginRequest {
        Objects.requireNonNull(browserBinding, "browserBinding");
    }

    /** An ordinary login (not a re-authentication). */
    public BeginLoginRequest(String idpId, String returnTo, String browserBinding) {
        this(idpId, returnTo, browserBinding, false);
    }
}
