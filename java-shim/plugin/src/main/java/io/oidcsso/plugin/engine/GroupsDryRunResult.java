package io.oidcsso.plugin.engine;

import java.util.List;
import java.util.Objects;

/**
 * {@code groupsDryRun}'s answer (fixtures {@code GroupsDryRunResult*.json}): the document's problems, or
 * why a login with these claims would be refused ({@code failure}: code and hint), or the mapped
 * identity and the provisioning plan.
 */
public record GroupsDryRunResult(List<ConfigProblem> problems, ProvisioningPlan.Refusal failure,
        Identity identity, ProvisioningPlan plan) {
    public GroupsDryRunResult {
        problems = List.copyOf(problems);
    }

    /** What the claim mapping yields: the username and attributes, and the claimed groups before the rules. */
    public record Identity(String username, String email, boolean emailVerified, String displayName,
            List<String> groups, boolean groupsClaimPresent) {
        public Identity {
            Objects.requireNonNull(username, "username");
            groups = List.copyOf(groups);
        }
    }
}
