package io.oidcsso.plugin.engine;

import java.util.List;
import java.util.Objects;

/**
 * The core's decision for a successful callback (fixture {@code LoginDecision.json}).
 * {@code groupsClaimPresent} is false when the IdP sent no groups claim: then {@code groups} means
 * "unknown", and the provisioning plan removes nothing. {@code sid} and {@code idTokenHint} are for the
 * login's later logout and stay in the server-side session ({@code OidcSession}). {@code testLogin} is null except
 * for an administrator's test login ("SSO doctor"), when it is the core's report, passed on unread: such a decision
 * must never bind a session or change a user or group. {@code reauthentication}
 * is true for a login begun with {@code reauthenticate} (websudo through the IdP): the shim then compares the
 * identity with the session's and starts websudo, and never binds, provisions or changes groups.
 * {@code tokenSummary} is the ID token's timing and assurance claims for the debug line ({@link TokenSummary}).
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
        boolean groupsClaimPresent,
        String returnTo,
        boolean linkExistingAccounts,
        boolean createUsers,
        List<AuditEvent> audit,
        String sid,
        String idTokenHint,
        OpaqueJson testLogin,
        boolean reauthentication,
        TokenSummary tokenSummary) {
    public LoginDecision {
        Objects.requireNonNull(idpId, "idpId");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(returnTo, "returnTo");
        Objects.requireNonNull(idTokenHint, "idTokenHint");
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
        audit = List.copyOf(Objects.requireNonNull(audit, "audit"));
        tokenSummary = tokenSummary == null ? TokenSummary.NONE : tokenSummary;
    }

    @Override
    public String toString() {
        // The ID token never reaches a log line.
        return "LoginDecision[idp=" + idpId + ", iss=" + issuer + ", sub=" + subject + ", username=" + username
                + ", groups=" + groups + ", groupsClaimPresent=" + groupsClaimPresent + ", reauthentication="
                + reauthentication + ", testLogin=" + (testLogin != null) + "]";
    }
}
