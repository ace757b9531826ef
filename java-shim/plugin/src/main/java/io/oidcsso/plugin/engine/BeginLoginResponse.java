package io.oidcsso.plugin.engine;

import java.util.Objects;

/**
 * {@code beginLogin}'s answer (fixture {@code BeginLoginResponse.json}): where to send the browser, the
 * login's {@code state}, and the pending login to seal into the login cookie until {@code expiresAt}
 * (epoch seconds).
 */
public record BeginLoginResponse(String authorizationUrl, String state, OpaqueJson pending, long expiresAt) {
    public BeginLoginResponse {
        Objects.requireNonNull(authorizationUrl, "authorizationUrl");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(pending, "pending");
    }
}
