package io.oidcsso.plugin.engine;

import java.util.Objects;

/** {@code beginLogin}'s request (fixture {@code BeginLoginRequest.json}); {@code idpId} and {@code returnTo} may be null. */
public record BeginLoginRequest(String idpId, String returnTo, String browserBinding) {
    public BeginLoginRequest {
        Objects.requireNonNull(browserBinding, "browserBinding");
    }
}
