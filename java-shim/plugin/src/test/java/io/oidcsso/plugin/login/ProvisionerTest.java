package io.oidcsso.plugin.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.atlassian.CrowdUserDirectory;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.ProvisioningPlan;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeCrowdService;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.fakes.NativePlanner;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.LoginRefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The shim applies the real core's plans (native library) to a Crowd directory. */
class ProvisionerTest {
    private static final String SYNC = "{\"provisioning\":{\"groups\":{"
            + "\"defaultGroups\":{\"newUsers\":[\"welcome\"],\"everyLogin\":[\"sso-users\"]},"
            + "\"neverTouch\":[\"contractors\"]}}}";
    private static final String NO_CREATE_GROUPS = "{\"provisioning\":{\"groups\":{\"createMissingGroups\":false}}}";

    private final FakeCrowdService crowd = new FakeCrowdService();
    private final CrowdUserDirectory directory = new CrowdUserDirectory(crowd, new InMemoryPluginSettings());
    private final List<String> auditLines = new ArrayList<>();
    private final Provisioner provisioner = new Provisioner(directory, new AuditLog(capturingLogger()));

    private Logger capturingLogger() {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override public void publish(LogRecord record) { auditLines.add(record.getMessage()); }
            @Override public void flush() {}
            @Override public void close() {}
        });
        return logger;
    }

    private static LoginEngine engine(String idpFields) {
        return NativePlanner.engine(idpFields);
    }

    private boolean audited(String prefix) {
        return auditLines.stream().anyMatch(line -> line.startsWith(prefix));
    }

    @Test
    void provisionWhenNewUserThenCreatedLinkedWithClaimedAndDefaultGroupsAudited() {
        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").groups("eng").build(), "R1");

        assertEquals(Set.of("eng", "sso-users", "welcome"), crowd.groupsOf("alice"));
        assertTrue(directory.findByExternalId(new ExternalId("http://127.0.0.2:9400", "alice-sub")).isPresent());
        assertTrue(audited("event=user.created user=\"alice\" idp=\"dev\""), auditLines.toString());
        assertTrue(audited("event=group.added user=\"alice\" group=\"eng\" action=\"add\" idp=\"dev\" rule=\"syncAll\""),
                auditLines.toString());
        assertTrue(audited("event=group.added user=\"alice\" group=\"welcome\" action=\"add\" idp=\"dev\" "
                + "rule=\"defaultGroups.newUsers\""), auditLines.toString());
    }

    @Test
    void provisionWhenGroupDroppedAtIdpThenRemovedAndLocalGroupsKept() {
        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").groups("eng", "ops").build(), "R1");
        crowd.addLocalMembership("alice", "hand-picked");
        crowd.addLocalMembership("alice", "contractors");

        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").groups("eng").build(), "R2");

        assertEquals(Set.of("eng", "sso-users", "welcome", "hand-picked", "contractors"), crowd.groupsOf("alice"));
        assertTrue(audited("event=group.removed user=\"alice\" group=\"ops\" action=\"remove\" idp=\"dev\" "
                + "rule=\"groupsClaim\""), auditLines.toString());
    }

    @Test
    void provisionWhenGroupsClaimAbsentThenNothingRemoved() {
        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").groups("eng").build(), "R1");

        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").build(), "R2");

        assertTrue(crowd.groupsOf("alice").contains("eng"));
    }

    @Test
    void previewLoginWhenCalledThenPlanWithRulesAndNothingWritten() {
        int writesBefore = crowd.writes();

        ProvisioningPlan plan = provisioner.previewLogin(engine(SYNC),
                DecisionBuilder.forUser("alice").groups("eng").build());

        assertEquals(writesBefore, crowd.writes());
        assertEquals("create", plan.user().action());
        assertTrue(plan.groups().contains(new ProvisioningPlan.GroupChange("add", "eng", "syncAll", true, null)),
                plan.json());
        assertTrue(plan.json().contains("\"rule\":\"defaultGroups.everyLogin\""), plan.json());
    }

    @Test
    void provisionWhenRefusedThenCodeAuditedAndNothingWritten() {
        crowd.addLocalUser("bob", true);
        int writesBefore = crowd.writes();

        LoginRefusedException refused = assertThrows(LoginRefusedException.class,
                () -> provisioner.provision(engine(SYNC), DecisionBuilder.forUser("bob").build(), "R3"));

        assertEquals("account_exists_not_linked", refused.code());
        assertEquals(writesBefore, crowd.writes());
        assertTrue(audited("event=account.refused reason=\"account_exists_not_linked\""), auditLines.toString());
    }

    @Test
    void provisionWhenCreateMissingGroupsOffThenMissingGroupSkippedAndExistingJoined() {
        crowd.addLocalUser("seed", true).addLocalMembership("seed", "existing");

        provisioner.provision(engine(NO_CREATE_GROUPS),
                DecisionBuilder.forUser("alice").groups("existing", "missing").build(), "R4");

        assertEquals(Set.of("existing"), crowd.groupsOf("alice"));
        assertFalse(crowd.hasGroup("missing"));
        assertTrue(audited("event=group.skipped user=\"alice\" group=\"missing\""), auditLines.toString());
    }

    @Test
    void provisionWhenDirectoryRefusesGroupWriteThenAuditedAndLoginGoesOn() {
        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").groups("eng").build(), "R1");
        crowd.setReadOnly(true);

        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").groups("eng", "new-team").build(), "R5");

        assertFalse(crowd.groupsOf("alice").contains("new-team"));
        assertTrue(audited("event=group.failed user=\"alice\" group=\"new-team\""), auditLines.toString());
    }
}
