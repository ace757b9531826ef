package io.oidcsso.plugin.engine;

import java.util.List;
import java.util.Objects;

/**
 * {@code groupsDryRun}'s request (fixture {@code GroupsDryRunRequest.json}): the document (secrets merged
 * in), the IdP, the ID token's and userinfo's claims ({@code userinfo} null = none), the account's groups
 * ({@code existingGroups} null = no account yet) and the groups this IdP granted earlier.
 */
public record GroupsDryRunRequest(OpaqueJson config, String idp, OpaqueJson claims, OpaqueJson userinfo,
        List<String> existingGroups, List<String> managedGroups) {
    public GroupsDryRunRequest {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(idp, "idp");
        Objects.requireNonNull(claims, "claims");
        existingGroups = existingGroups == null ? null : List.copyOf(existingGroups);
        managedGroups = managedGroups == null ? List.of() : List.copyOf(managedGroups);
    }
}
