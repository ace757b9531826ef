package io.oidcsso.plugin.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code planProvisioning}'s request (fixture {@code PlanRequest.json}): the login, what the
 * directory holds for it, and what the directory can do.
 */
public record PlanRequest(LoginFacts login, AccountState account, DirectoryState directory) {
    public PlanRequest {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(directory, "directory");
    }

    /** The login's mapped claims: {@code completeLogin}'s fields that the plan depends on. */
    public record LoginFacts(String idpId, String issuer, String subject, String username, String email,
            boolean emailVerified, String displayName, List<String> groups, boolean groupsClaimPresent) {
        public LoginFacts {
            Objects.requireNonNull(idpId, "idpId");
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(username, "username");
            groups = groups == null ? List.of() : List.copyOf(groups);
        }

        public static LoginFacts of(LoginDecision decision) {
            return new LoginFacts(decision.idpId(), decision.issuer(), decision.subject(), decision.username(),
                    decision.email(), decision.emailVerified(), decision.displayName(), decision.groups(),
                    decision.groupsClaimPresent());
        }
    }

    /**
     * The account linked to the login's identity and the one named like its username (either may be
     * null; the second is looked up only when nothing is linked), the memberships looked up so far, and
     * the groups granted earlier by this IdP.
     */
    public record AccountState(ExistingUser linked, ExistingUser sameUsername, Map<String, Boolean> memberOf,
            List<String> managedGroups) {
        public AccountState {
            memberOf = memberOf == null ? Map.of() : Map.copyOf(memberOf);
            managedGroups = managedGroups == null ? List.of() : List.copyOf(managedGroups);
        }
    }

    /** An account in the directory; {@code linkCount} = IdP identities linked to it. */
    public record ExistingUser(String username, String displayName, String email, boolean active, int linkCount) {
        public ExistingUser {
            Objects.requireNonNull(username, "username");
        }
    }

    /** {@code adminCount} null: the host cannot count the admins (then no admin group is removed). */
    public record DirectoryState(boolean writable, Integer adminCount) {}
}
