package io.oidcsso.plugin.engine;

import java.util.Objects;

/**
 * Where to send the browser after the local logout (fixture {@code EndSessionResponse.json});
 * {@code url} null when the IdP has no end-session endpoint.
 */
public record EndSessionResponse(String url, String state, String postLogoutRedirectUri) {
    public EndSessionResponse {
        Objects.requireNonNull(postLogoutRedirectUri, "postLogoutRedirectUri");
    }
}
