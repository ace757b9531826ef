package io.oidcsso.plugin.engine;

import java.util.Objects;

/**
 * {@code beginLogin}'s request (fixture {@code BeginLoginRequest.json}); {@code idpId} and {@code returnTo} may be null.
 * {@code testLogin} marks an administrator's test login ("SSO doctor"): the core seals the mark into the pending
 * login and its decision then carries a report instead of a sign-in; only the admin endpoint may set it.
 * {@code reauthenticate} asks the IdP for a fresh sign-in ({@code prompt=login}, {@code max_age=0}) for websudo.
 * The core refuses both together ({@code invalid_request}).
 */
public record BeginLoginRequest(String idpId, String returnTo, String browserBinding, boolean testLogin,
        boolean reauthenticate) {
    public BeginLoginRequest {
        Objects.requireNonNull(browserBinding, "browserBinding");
    }

    /** An ordinary login (neither a test login nor a re-authentication). */
    public BeginLoginRequest(String idpId, String returnTo, String browserBinding) {
        this(idpId, returnTo, browserBinding, false, false);
    }

    /** What a login of {@code purpose} begins with. */
    public static BeginLoginRequest of(Purpose purpose, String idpId, String returnTo, String browserBinding) {
        return new BeginLoginRequest(idpId, returnTo, browserBinding, purpose == Purpose.TEST_LOGIN,
                purpose == Purpose.REAUTHENTICATION);
    }

    /** Why a login is begun: the shim's callers name one, so they never set both marks. */
    public enum Purpose {
        /** A user signing in. */
        SIGN_IN,
        /** Websudo through the IdP for the session's own user. */
        REAUTHENTICATION,
        /** An administrator's test login: a report, no sign-in. */
        TEST_LOGIN
    }
}
