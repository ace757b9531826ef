package io.oidcsso.plugin.login;

import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.engine.ProvisioningPlan;
import io.oidcsso.plugin.engine.ProvisioningPlan.GroupChange;
import io.oidcsso.plugin.engine.ProvisioningPlan.UserPlan;
import io.oidcsso.plugin.host.CreatedUser;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.Profile;
import io.oidcsso.plugin.host.UserDirectory;
import io.oidcsso.plugin.host.UserDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Applies a provisioning plan exactly as the core wrote it and audits each change with the user,
 * the group, the IdP and the rule. A group change the directory refuses (a read-only directory
 * allows memberships of local groups only) is audited and skipped; the login goes on.
 */
final class PlanApplier {
    private final UserDirectory directory;
    private final AuditLog audit;

    PlanApplier(UserDirectory directory, AuditLog audit) {
        this.directory = directory;
        this.audit = audit;
    }

    void refused(ProvisioningPlan plan, LoginDecision decision, String ref) {
        audit.record("account.refused", AuditLog.fields("reason", plan.refusal().code(), "user", decision.username(),
                "idp", decision.idpId(), "subject", decision.subject(), "detail", plan.refusal().message(), "ref", ref));
    }

    DirectoryUser apply(ProvisioningPlan plan, LoginDecision decision, String ref) {
        UserPlan userPlan = plan.user();
        DirectoryUser user = applyUser(userPlan, decision, ref);
        Set<String> notManaged = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (GroupChange change : plan.groups()) {
            if (!applyGroup(user.username(), change, decision.idpId(), ref)) {
                notManaged.add(change.group());
            }
        }
        auditIgnored(user.username(), plan, decision.idpId(), ref);
        if (plan.managedGroups() != null) {
            recordManaged(user.username(), plan, notManaged, decision.idpId(), ref);
        }
        plan.notes().forEach(note -> audit.record("provisioning.note", AuditLog.fields("user", user.username(),
                "idp", decision.idpId(), "detail", note, "ref", ref)));
        return user;
    }

    /**
     * The claimed groups the plan does not sync (outside the allowlist, an admin group without an
     * exact rule): one {@code group.ignored} line per reason with the groups' names, so a group
     * that "did not arrive" is explained without one line per group of a large claim.
     */
    private void auditIgnored(String username, ProvisioningPlan plan, String idpId, String ref) {
        Map<String, List<String>> byReason = new TreeMap<>();
        for (GroupChange change : plan.groups()) {
            if (change.action() == ProvisioningPlan.GroupAction.IGNORED) {
                String reason = change.reason() == null ? "ignored" : change.reason();
                byReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(change.group());
            }
        }
        byReason.forEach((reason, groups) -> audit.record("group.ignored", AuditLog.fields("user", username,
                "idp", idpId, "reason", reason, "count", Integer.toString(groups.size()),
                "groups", String.join(", ", groups), "ref", ref)));
    }

    /** Remembers what this IdP granted, so a later login can remove exactly that and nothing else. */
    private void recordManaged(String username, ProvisioningPlan plan, Set<String> notManaged, String idpId,
            String ref) {
        Set<String> managed = new TreeSet<>(plan.managedGroups());
        managed.removeAll(notManaged);
        if (managed.equals(new TreeSet<>(directory.managedGroups(username, idpId)))) {
            return;
        }
        try {
            directory.setManagedGroups(username, idpId, managed);
        } catch (UserDirectoryException e) {
            audit.record("provisioning.failed", AuditLog.fields("user", username, "idp", idpId, "reason", e.code(),
                    "detail", "granted groups not recorded", "ref", ref));
        }
    }

    private DirectoryUser applyUser(UserPlan plan, LoginDecision decision, String ref) {
        ExternalId identity = new ExternalId(decision.issuer(), decision.subject());
        String username = plan.username();
        DirectoryUser user;
        boolean linked = false;
        switch (plan.action()) {
            case CREATE:
                if (plan.link()) {
                    // Idempotent: a concurrent first login of the same identity may have created it.
                    CreatedUser created = directory.createLinked(username, new Profile(plan.displayName(),
                            plan.email()), identity);
                    user = created.user();
                    linked = true;
                    audit.record(created.createdNow() ? "user.created" : "user.created.concurrently",
                            fields(user.username(), decision, plan.rule(), ref));
                    break;
                }
                user = directory.create(username, new Profile(plan.displayName(), plan.email()));
                audit.record("user.created", fields(username, decision, plan.rule(), ref));
                break;
            case UPDATE:
                user = directory.update(username, new Profile(plan.displayName(), plan.email()));
                audit.record("user.updated", fields(username, decision, plan.rule(), ref));
                break;
            default:
                user = directory.findByUsername(username).orElseThrow(() -> new UserDirectoryException(
                        UserDirectoryException.ERROR, "user " + username + " vanished during the login", null));
        }
        if (plan.link() && !linked) {
            directory.link(username, identity);
            audit.record("account.linked", fields(username, decision, plan.rule(), ref));
        }
        return user;
    }

    /** False when the change did not happen (the membership is then not recorded as granted). */
    private boolean applyGroup(String username, GroupChange change, String idpId, String ref) {
        String group = change.group();
        try {
            switch (change.action()) {
                case ADD:
                    if (!change.createIfMissing() && !directory.groupExists(group)) {
                        audit.record("group.skipped", groupFields(username, change, idpId, "group_missing", ref));
                        return false;
                    }
                    directory.addToGroup(username, group);
                    audit.record("group.added", groupFields(username, change, idpId, null, ref));
                    return true;
                case REMOVE:
                    directory.removeFromGroup(username, group);
                    audit.record("group.removed", groupFields(username, change, idpId, null, ref));
                    return true;
                case KEPT:
                    audit.record("group.kept", groupFields(username, change, idpId, change.reason(), ref));
                    return true;
                default:
                    return true;
            }
        } catch (UserDirectoryException e) {
            audit.record("group.failed", groupFields(username, change, idpId, e.code(), ref));
            return false;
        }
    }

    private static Map<String, String> fields(String user, LoginDecision d, String rule, String ref) {
        return AuditLog.fields("user", user, "idp", d.idpId(), "subject", d.subject(), "rule", rule, "ref", ref);
    }

    private static Map<String, String> groupFields(String user, GroupChange change, String idpId,
            String reason, String ref) {
        return AuditLog.fields("user", user, "group", change.group(), "action", change.action().wireName(),
                "idp", idpId, "rule", change.rule(), "reason", reason, "ref", ref);
    }
}
