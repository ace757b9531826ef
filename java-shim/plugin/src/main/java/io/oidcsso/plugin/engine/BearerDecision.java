package io.oidcsso.plugin.engine;

import com.google.gson.annotations.SerializedName;
import java.util.List;
import java.util.Objects;

/**
 * {@code validateBearer}'s answer (fixtures {@code BearerDecision.*.json}), one record per {@code outcome}.
 * A refusal is not an answer but an {@link io.oidcsso.plugin.nativebridge.OidcSsoException} with its code.
 */
public sealed interface BearerDecision {
    /** Every check passed: the request is {@code username}'s (who must exist and may log in). */
    record Authenticated(String idpId, String issuer, String subject, String username, List<String> scopes,
            long expiresAt) implements BearerDecision {
        public Authenticated {
            Objects.requireNonNull(idpId, "idpId");
            Objects.requireNonNull(username, "username");
            scopes = List.copyOf(scopes);
        }
    }

    /** Not a token for the plugin (a personal access token, another issuer): the request goes on untouched. */
    record Pass(Reason reason) implements BearerDecision {}

    /** Why a token is passed on. */
    enum Reason {
        @SerializedName("notJwt")
        NOT_JWT,
        @SerializedName("unknownIssuer")
        UNKNOWN_ISSUER,
        @SerializedName("bearerNotEnabled")
        BEARER_NOT_ENABLED,
        /** An opaque token every IdP with introspection calls inactive (a personal access token, revoked). */
        @SerializedName("inactive")
        INACTIVE
    }
}
