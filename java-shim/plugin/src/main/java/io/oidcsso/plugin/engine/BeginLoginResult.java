package io.oidcsso.plugin.engine;

import java.util.Objects;

/** The engine's answer to beginLogin: where to send the browser and what to remember under {@code state}. */
public record BeginLoginResult(String authorizationUrl, String state, String pendingJson, long expiresAtEpochSeconds) {
    public BeginLoginResult {
        Objects.requireNonNull(authorizationUrl, "authorizationUrl");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(pendingJson, "pendingJson");
    }
}
