package io.oidcsso.plugin.engine;

import java.util.Objects;

/**
 * A valid back-channel logout token (fixture {@code LogoutTokenDecision.json}): whose sessions end
 * ({@code sub} and/or {@code sid}), and the {@code jti} to use once, kept until {@code exp} (epoch
 * seconds).
 */
public record LogoutTokenDecision(String idpId, String issuer, String sub, String sid, String jti, long exp) {
    public LogoutTokenDecision {
        Objects.requireNonNull(idpId, "idpId");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jti, "jti");
        if (sub == null && sid == null) {
            throw new IllegalArgumentException("a logout token decision names neither sub nor sid");
        }
    }
}
