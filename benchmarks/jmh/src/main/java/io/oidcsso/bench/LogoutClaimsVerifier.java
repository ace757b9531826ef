package io.oidcsso.bench;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claim rules of a back-channel logout token (Back-Channel Logout 1.0 §2.4, §2.6) for
 * Nimbus, the same as the engine's {@code rust/core/src/logout.rs}: {@code iss} exactly,
 * {@code aud} names the client and nobody untrusted ({@code azp} with several), {@code iat}
 * present, not in the future, not older than the maximum age, {@code exp} when present not
 * passed, the back-channel logout event as an object, {@code sub} or {@code sid}, no
 * {@code nonce}, a {@code jti}. So the benchmark compares equal work.
 */
final class LogoutClaimsVerifier implements JWTClaimsSetVerifier<SecurityContext> {
    static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private static final int MAX_ID_LENGTH = 255;

    private final String issuer;
    private final String clientId;
    private final Set<String> trustedAudiences;
    private final long maxAgeSeconds;
    private final long leewaySeconds;

    LogoutClaimsVerifier(String issuer, String clientId, Set<String> trustedAudiences, long maxAgeSeconds,
            long leewaySeconds) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.trustedAudiences = trustedAudiences;
        this.maxAgeSeconds = maxAgeSeconds;
        this.leewaySeconds = leewaySeconds;
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        long now = System.currentTimeMillis() / 1000;
        if (!issuer.equals(claims.getIssuer())) {
            throw new BadJWTException("iss is not the issuer");
        }
        checkAudience(claims);
        checkTimes(claims, now);
        if (!(claims.getClaim("events") instanceof Map<?, ?> events)
                || !(events.get(BACKCHANNEL_LOGOUT_EVENT) instanceof Map<?, ?>)) {
            throw new BadJWTException("no back-channel logout event object");
        }
        String sub = identifier(claims, "sub");
        String sid = identifier(claims, "sid");
        if (sub == null && sid == null) {
            throw new BadJWTException("neither sub nor sid");
        }
        if (claims.getClaims().containsKey("nonce")) {
            throw new BadJWTException("a logout token carries no nonce");
        }
        if (identifier(claims, "jti") == null) {
            throw new BadJWTException("no jti");
        }
    }

    private void checkAudience(JWTClaimsSet claims) throws BadJWTException {
        List<String> audiences = claims.getAudience();
        if (audiences.isEmpty() || !audiences.contains(clientId)) {
            throw new BadJWTException("aud does not name the client");
        }
        for (String audience : audiences) {
            if (!audience.equals(clientId) && !trustedAudiences.contains(audience)) {
                throw new BadJWTException("aud names an untrusted party");
            }
        }
        Object azp = claims.getClaim("azp");
        if (audiences.size() > 1 && azp == null) {
            throw new BadJWTException("several audiences and no azp");
        }
        if (azp != null && !clientId.equals(azp)) {
            throw new BadJWTException("azp is not the client");
        }
    }

    private void checkTimes(JWTClaimsSet claims, long now) throws BadJWTException {
        Date issued = claims.getIssueTime();
        if (issued == null) {
            throw new BadJWTException("no numeric iat");
        }
        long iat = issued.getTime() / 1000;
        if (iat > now + leewaySeconds || iat < now - maxAgeSeconds - leewaySeconds) {
            throw new BadJWTException("iat in the future or too old");
        }
        Date expires = claims.getExpirationTime();
        if (claims.getClaim("exp") != null && expires == null) {
            throw new BadJWTException("exp is not numeric");
        }
        if (expires != null && expires.getTime() / 1000 + leewaySeconds <= now) {
            throw new BadJWTException("expired");
        }
    }

    /** An optional identifier claim: absent, or a string of 1 to 255 printable characters. */
    private static String identifier(JWTClaimsSet claims, String name) throws BadJWTException {
        Object value = claims.getClaim(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isEmpty() || text.length() > MAX_ID_LENGTH
                || text.chars().anyMatch(Character::isISOControl)) {
            throw new BadJWTException(name + " is not a string of 1 to 255 printable characters");
        }
        return text;
    }
}
