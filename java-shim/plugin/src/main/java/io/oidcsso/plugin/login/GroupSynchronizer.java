package io.oidcsso.plugin.login;

import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.UserDirectory;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies the IdP's groups: adds the claimed ones (creating missing groups), and removes only the
 * groups this plugin itself added for this IdP that are no longer claimed. Memberships an admin
 * granted by hand are never removed: the plugin remembers what it added in a user attribute.
 */
public final class GroupSynchronizer {
    private final UserDirectory directory;
    private final AuditLog audit;

    public GroupSynchronizer(UserDirectory directory, AuditLog audit) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public void apply(DirectoryUser user, LoginDecision decision, String referenceId) {
        if (decision.groups() == null) {
            return;
        }
        String username = user.username();
        Set<String> claimed = new LinkedHashSet<>();
        for (String group : decision.groups()) {
            if (group != null && !group.isBlank()) {
                claimed.add(group);
            }
        }
        Set<String> managedBefore = directory.managedGroups(username, decision.idpId());
        Set<String> managedAfter = new TreeSet<>();
        for (String group : claimed) {
            if (!directory.isMember(username, group)) {
                directory.addToGroup(username, group);
                managedAfter.add(group);
                audit.info("group.added", AuditLog.fields("user", username, "group", group, "idp", decision.idpId(),
                        "ref", referenceId));
            } else if (managedBefore.contains(group)) {
                managedAfter.add(group);
            }
        }
        for (String group : managedBefore) {
            if (!claimed.contains(group)) {
                directory.removeFromGroup(username, group);
                audit.info("group.removed", AuditLog.fields("user", username, "group", group, "idp", decision.idpId(),
                        "ref", referenceId));
            }
        }
        if (!managedAfter.equals(new TreeSet<>(managedBefore))) {
            directory.setManagedGroups(username, decision.idpId(), Collections.unmodifiableSet(managedAfter));
        }
    }
}
