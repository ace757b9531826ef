package io.oidcsso.plugin.engine;

import java.util.Objects;

/** {@code validateLogoutToken}'s request (fixture {@code LogoutTokenRequest.json}): the token the IdP POSTed. */
public record LogoutTokenRequest(String logoutToken) {
    public LogoutTokenRequest {
        Objects.requireNonNull(logoutToken, "logoutToken");
    }

    @Override
    public String toString() {
        return "LogoutTokenRequest[" + logoutToken.length() + " characters]";
    }
}
