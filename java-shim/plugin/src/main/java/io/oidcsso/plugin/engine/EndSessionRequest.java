package io.oidcsso.plugin.engine;

import java.util.Objects;

/** {@code endSessionUrl}'s request (fixture {@code EndSessionRequest.json}): the session being ended. */
public record EndSessionRequest(String idpId, String issuer, String idTokenHint) {
    public EndSessionRequest {
        Objects.requireNonNull(idpId, "idpId");
        Objects.requireNonNull(issuer, "issuer");
    }

    @Override
    public String toString() {
        // The ID token never reaches a log line.
        return "EndSessionRequest[idp=" + idpId + ", iss=" + issuer + "]";
    }
}
