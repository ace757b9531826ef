package io.oidcsso.plugin.engine;

import java.util.List;
import java.util.Objects;

/**
 * The core's decision for a successful callback (docs/architecture.md "completeLogin").
 * {@code groupsClaimPresent} is false when the IdP sent no groups claim: then {@code groups} means
 * "unknown", and the provisioning plan removes nothing.
 */
public record LoginDecision(
        String idpId,
        String issuer,
        String subject,
        String username,
        String email,
        boolean emailVerified,
        String displayName,
        List<String> groups,
        String returnTo,
        boolean linkExistingAccounts,
        boolean createUsers,
        List<AuditEvent> audit,
        boolean groupsClaimPresent) {
    public LoginDecision {
        Objects.requireNonNull(idpId, "idpId");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(username, "username");
        groups = groups == null ? null : List.copyOf(groups);
        audit = audit == null ? List.of() : List.copyOf(audit);
    }
}
