package io.oidcsso.plugin.engine;

import java.util.List;
import java.util.Objects;

/**
 * The core's provisioning plan of one login (docs/provisioning.md): what to do with the account and
 * its groups, each change with the rule that caused it. {@code json} is the plan as the core wrote
 * it, for the admin's dry run.
 */
public record ProvisioningPlan(
        Outcome outcome,
        String refusalCode,
        String refusalMessage,
        List<String> needsMembership,
        UserPlan user,
        List<GroupChange> groups,
        List<String> managedGroups,
        List<String> notes,
        String json) {
    public ProvisioningPlan {
        Objects.requireNonNull(outcome, "outcome");
        needsMembership = List.copyOf(needsMembership);
        groups = List.copyOf(groups);
        managedGroups = managedGroups == null ? null : List.copyOf(managedGroups);
        notes = List.copyOf(notes);
    }

    public enum Outcome {
        APPLY,
        REFUSE,
        NEEDS_MEMBERSHIP
    }

    /** {@code action} is create, update or unchanged; null profile fields mean "unchanged". */
    public record UserPlan(String action, String username, boolean link, String displayName, String email,
            String rule) {
        public UserPlan {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(username, "username");
        }
    }

    /** {@code action} is add, remove, kept or ignored. */
    public record GroupChange(String action, String group, String rule, boolean createIfMissing, String reason) {
        public GroupChange {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(rule, "rule");
        }
    }
}
