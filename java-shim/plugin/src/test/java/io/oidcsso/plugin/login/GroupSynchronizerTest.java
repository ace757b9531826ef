package io.oidcsso.plugin.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.atlassian.CrowdUserDirectory;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeCrowdService;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.host.DirectoryUser;
import java.util.Set;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class GroupSynchronizerTest {
    private static final DirectoryUser ALICE = new DirectoryUser("alice", "Alice", "a@x", true);

    private final FakeCrowdService crowd = new FakeCrowdService().addLocalUser("alice", true);
    private final CrowdUserDirectory directory = new CrowdUserDirectory(crowd, new InMemoryPluginSettings());
    private final GroupSynchronizer sync = new GroupSynchronizer(directory, new AuditLog(quietLogger()));

    private static Logger quietLogger() {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        return logger;
    }

    @Test
    void applyWhenClaimedGroupsMissingThenCreatedAndJoined() {
        sync.apply(ALICE, DecisionBuilder.forUser("alice").groups("jira-users", "engineering").build(), "R");
        assertEquals(Set.of("jira-users", "engineering"), crowd.groupsOf("alice"));
        assertTrue(crowd.hasGroup("engineering"));
        assertEquals(Set.of("jira-users", "engineering"), directory.managedGroups("alice", "dev"));
    }

    @Test
    void applyWhenPluginAddedGroupNoLongerClaimedThenRemoved() {
        sync.apply(ALICE, DecisionBuilder.forUser("alice").groups("jira-users", "engineering").build(), "R1");
        sync.apply(ALICE, DecisionBuilder.forUser("alice").groups("jira-users").build(), "R2");
        assertEquals(Set.of("jira-users"), crowd.groupsOf("alice"));
        assertEquals(Set.of("jira-users"), directory.managedGroups("alice", "dev"));
    }

    @Test
    void applyWhenManuallyGrantedGroupNotClaimedThenKept() {
        crowd.addLocalMembership("alice", "admins");
        sync.apply(ALICE, DecisionBuilder.forUser("alice").groups("jira-users").build(), "R");
        assertEquals(Set.of("admins", "jira-users"), crowd.groupsOf("alice"));
    }

    @Test
    void applyWhenClaimedGroupAlreadyGrantedByHandThenNotMarkedManagedSoNeverRemoved() {
        crowd.addLocalMembership("alice", "engineering");
        sync.apply(ALICE, DecisionBuilder.forUser("alice").groups("engineering").build(), "R1");
        sync.apply(ALICE, DecisionBuilder.forUser("alice").groups().build(), "R2");
        assertEquals(Set.of("engineering"), crowd.groupsOf("alice"));
    }

    @Test
    void applyWhenDecisionHasNoGroupsFieldThenMembershipsUntouched() {
        sync.apply(ALICE, DecisionBuilder.forUser("alice").groups("engineering").build(), "R1");
        int writes = crowd.writes();
        sync.apply(ALICE, DecisionBuilder.forUser("alice").build(), "R2");
        assertEquals(writes, crowd.writes());
        assertEquals(Set.of("engineering"), crowd.groupsOf("alice"));
    }

    @Test
    void applyWhenGroupsOfAnotherIdpManagedThenLeftAlone() {
        directory.addToGroup("alice", "partner");
        directory.setManagedGroups("alice", "other-idp", Set.of("partner"));
        sync.apply(ALICE, DecisionBuilder.forUser("alice").groups().build(), "R");
        assertEquals(Set.of("partner"), crowd.groupsOf("alice"));
    }
}
