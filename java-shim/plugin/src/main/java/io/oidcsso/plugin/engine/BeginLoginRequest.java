package io.oidcsso.plugin.engine;

import java.util.Objects;

/**
 * {@code beginLogin}'s request (fixture {@code BeginLoginRequest.json}); {@code idpId} and {@code returnTo} may be null.
 * {@code testLogin} marks an administrator's test login ("SSO doctor"): the core seals the mark into the pending
 * login and its decision then carries a report instead of a sign-in; only the admin endpoint may set it.
 */
public record BeginLoginRequest(String idpId, String returnTo, String browserBinding, boolean testLogin) {
    public BeginLoginRequest {
        Objects.requireNonNull(browserBinding, "browserBinding");
    }

    /** A user's own login (never a test login). */
    public BeginLoginRequest(String idpId, String returnTo, String browserBinding) {
        this(idpId, returnTo, browserBinding, false);
    }
}
