package io.oidcsso.plugin.engine;

import java.util.List;
import java.util.Objects;

/**
 * {@code discover}'s answer (fixture {@code DiscoverResult.json}): the endpoints the IdP publishes,
 * each checked by the core with the URL policy logins use, the algorithms and scopes it lists, and
 * what the admin should know before saving. {@code null}: not published (or not usable).
 */
public record DiscoverResult(String issuer, String authorizationEndpoint, String tokenEndpoint,
        String userinfoEndpoint, String jwksUri, String endSessionEndpoint,
        List<String> idTokenSigningAlgValuesSupported, List<String> scopesSupported, List<String> warnings) {
    public DiscoverResult {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(jwksUri, "jwksUri");
        idTokenSigningAlgValuesSupported = List.copyOf(idTokenSigningAlgValuesSupported);
        scopesSupported = List.copyOf(scopesSupported);
        warnings = List.copyOf(warnings);
    }
}
