package io.oidcsso.plugin.engine;

import com.google.gson.annotations.SerializedName;
import java.util.List;
import java.util.Objects;

/**
 * The core's provisioning plan of one login (docs/provisioning.md, fixtures {@code ProvisioningPlan*.json}):
 * what to do with the account and its groups, each change with the rule that caused it.
 * {@code managedGroups} null means "leave as is".
 */
public record ProvisioningPlan(
        Outcome outcome,
        Refusal refusal,
        List<String> needsMembership,
        UserPlan user,
        List<GroupChange> groups,
        List<String> managedGroups,
        List<String> notes) {
    public ProvisioningPlan {
        Objects.requireNonNull(outcome, "outcome");
        needsMembership = List.copyOf(needsMembership);
        groups = List.copyOf(groups);
        managedGroups = managedGroups == null ? null : List.copyOf(managedGroups);
        notes = List.copyOf(notes);
        if (outcome == Outcome.REFUSE && refusal == null) {
            throw new IllegalArgumentException("a refused plan without its refusal");
        }
    }

    public enum Outcome {
        @SerializedName("apply")
        APPLY,
        @SerializedName("refuse")
        REFUSE,
        @SerializedName("needsMembership")
        NEEDS_MEMBERSHIP
    }

    /** Why the login is refused: a code of docs/errors.md ("Provisioning") and a message for the admin. */
    public record Refusal(String code, String message) {
        public Refusal {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /** What happens to the account; null profile fields mean "unchanged". */
    public record UserPlan(UserAction action, String username, boolean link, String displayName, String email,
            List<FieldChange> changes, String rule) {
        public UserPlan {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(rule, "rule");
            changes = List.copyOf(changes);
        }
    }

    public enum UserAction {
        @SerializedName("create")
        CREATE,
        @SerializedName("update")
        UPDATE,
        @SerializedName("unchanged")
        UNCHANGED
    }

    /** One profile field that changes, from the account's value to the login's. */
    public record FieldChange(String field, String from, String to) {
        public FieldChange {
            Objects.requireNonNull(field, "field");
        }
    }

    /** What happens to one group; {@code reason} says why for {@code kept} and {@code ignored}. */
    public record GroupChange(GroupAction action, String group, String rule, boolean createIfMissing,
            String reason) {
        public GroupChange {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(rule, "rule");
        }
    }

    public enum GroupAction {
        @SerializedName("add")
        ADD,
        @SerializedName("remove")
        REMOVE,
        /** A removal that policy prevents (never touched, last admin). */
        @SerializedName("kept")
        KEPT,
        /** A claimed group that is not synced. */
        @SerializedName("ignored")
        IGNORED;

        /** As the core writes it (and the audit line shows it). */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
