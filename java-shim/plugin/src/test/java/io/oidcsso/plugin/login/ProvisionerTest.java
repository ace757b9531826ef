package io.oidcsso.plugin.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.atlassian.CrowdUserDirectory;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.ProvisioningPlan;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeClusterLockService;
import io.oidcsso.plugin.fakes.FakeCrowdService;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.fakes.AuditCapture;
import io.oidcsso.plugin.fakes.NativePlanner;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.LoginRefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shim applies the real core's plans (native library) to a Crowd directory. */
class ProvisionerTest {
    private static final String SYNC = "{\"provisioning\":{\"groups\":{"
            + "\"defaultGroups\":{\"newUsers\":[\"welcome\"],\"everyLogin\":[\"sso-users\"]},"
            + "\"neverTouch\":[\"contractors\"]}}}";
    private static final String NO_CREATE_GROUPS = "{\"provisioning\":{\"groups\":{\"createMissingGroups\":false}}}";

    private final FakeCrowdService crowd = new FakeCrowdService();
    private final CrowdUserDirectory directory = new CrowdUserDirectory(crowd, FakeSal.Users.resolvingEveryone().keyedBy(crowd),
            new InMemoryPluginSettings(),
            new FakeClusterLockService());
    private final AuditCapture capture = new AuditCapture();
    private final Provisioner provisioner = new Provisioner(directory, new AuditLog(capture));

    private static LoginEngine engine(String idpFields) {
        return NativePlanner.engine(idpFields);
    }

    private boolean audited(String prefix) {
        return capture.messages().stream().anyMatch(line -> line.startsWith(prefix));
    }

    private long auditedTimes(String prefix) {
        return capture.messages().stream().filter(line -> line.startsWith(prefix)).count();
    }

    @Test
    void provisionWhenNewUserThenCreatedLinkedWithClaimedAndDefaultGroupsAudited() {
        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").groups("eng").build(), "R1");

        assertEquals(Set.of("eng", "sso-users", "welcome"), crowd.groupsOf("alice"));
        assertTrue(directory.findByExternalId(new ExternalId("http://127.0.0.2:9400", "alice-sub")).isPresent());
        assertTrue(audited("event=user.created user=\"alice\" idp=\"dev\""), capture.messages().toString());
        assertTrue(audited("event=group.added user=\"alice\" group=\"eng\" action=\"add\" idp=\"dev\" rule=\"syncAll\""),
                capture.messages().toString());
        assertTrue(audited("event=group.added user=\"alice\" group=\"welcome\" action=\"add\" idp=\"dev\" "
                + "rule=\"defaultGroups.newUsers\""), capture.messages().toString());
    }

    @Test
    void provisionWhenTheAllowlistDropsClaimedGroupsThenOneGroupIgnoredLineNamesThem() {
        String allowlist = "{\"provisioning\":{\"groups\":{\"mode\":\"allowlist\","
                + "\"rules\":[{\"match\":\"exact\",\"value\":\"eng\"}]}}}";

        provisioner.provision(engine(allowlist), DecisionBuilder.forUser("alice").groups("eng", "sales", "hr").build(),
                "R1");

        assertEquals(Set.of("eng"), crowd.groupsOf("alice"));
        assertEquals(1, auditedTimes("event=group.ignored"), capture.messages().toString());
        assertTrue(audited("event=group.ignored user=\"alice\" idp=\"dev\" reason=\"not_in_allowlist\" count=\"2\" "
                + "groups=\"sales, hr\" ref=\"R1\""), capture.messages().toString());
        assertEquals(List.of(), capture.warnings());
    }

    /** Issue 8: one "already exists" among 200 concurrent first logins used to be a 503 directory_error. */
    @Test
    void provisionWhenTwoHundredConcurrentFirstLoginsOfOneUserThenAllSucceedWithOneLinkedAccount() throws Exception {
        int logins = 200;
        LoginEngine engine = engine(SYNC);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(logins);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < logins; i++) {
                String ref = "R" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return provisioner.provision(engine, DecisionBuilder.forUser("zoe").groups("eng").build(), ref)
                            .username();
                }));
            }
            start.countDown();
            List<String> failures = new ArrayList<>();
            for (java.util.concurrent.Future<String> result : results) {
                try {
                    assertEquals("zoe", result.get(60, java.util.concurrent.TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                }
            }
            assertEquals(List.of(), failures);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, auditedTimes("event=user.created user=\"zoe\""), capture.messages().toString());
        assertTrue(directory.findByExternalId(new ExternalId("http://127.0.0.2:9400", "zoe-sub")).isPresent());
        assertEquals(Set.of("eng", "sso-users", "welcome"), crowd.groupsOf("zoe"));
    }

    @Test
    void provisionWhenUsernameTakenByUnlinkedAccountDuringCreateThenRefusedNotTakenOver() {
        FakeCrowdService racing = new FakeCrowdService();
        CrowdUserDirectory racingDirectory = new CrowdUserDirectory(racing, FakeSal.Users.resolvingEveryone().keyedBy(racing),
                new InMemoryPluginSettings(),
                new FakeClusterLockService());
        // The plan says "create" (no account yet), then a local account of that name appears.
        racing.addLocalUser("zoe", true);

        LoginRefusedException refused = assertThrows(LoginRefusedException.class, () -> racingDirectory.createLinked(
                "zoe", new io.oidcsso.plugin.host.Profile("Zoe", "zoe@example.com"),
                new ExternalId("http://127.0.0.2:9400", "zoe-sub")));

        assertEquals(ErrorCodes.ACCOUNT_EXISTS_NOT_LINKED, refused.code());
        assertEquals(0, racingDirectory.linkCount("zoe"));
    }

    @Test
    void provisionWhenGroupDroppedAtIdpThenRemovedAndLocalGroupsKept() {
        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").groups("eng", "ops").build(), "R1");
        crowd.addLocalMembership("alice", "hand-picked");
        crowd.addLocalMembership("alice", "contractors");

        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").groups("eng").build(), "R2");

        assertEquals(Set.of("eng", "sso-users", "welcome", "hand-picked", "contractors"), crowd.groupsOf("alice"));
        assertTrue(audited("event=group.removed user=\"alice\" group=\"ops\" action=\"remove\" idp=\"dev\" "
                + "rule=\"groupsClaim\""), capture.messages().toString());
    }

    @Test
    void provisionWhenGroupsClaimAbsentThenNothingRemoved() {
        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").groups("eng").build(), "R1");

        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").build(), "R2");

        assertTrue(crowd.groupsOf("alice").contains("eng"));
    }

    @Test
    void provisionWhenNewUserThenCreatedAtInfoWithoutAnyWarning() {
        // Issue 16 item 5: a just-in-time creation is the normal course of a login, not a warning.
        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("carol").groups("eng").build(), "R6");

        assertEquals(1, auditedTimes("event=user.created user=\"carol\""), capture.messages().toString());
        assertFalse(audited("event=account.linked"), capture.messages().toString());
        assertEquals(List.of(), capture.warnings());
    }

    @Test
    void provisionWhenExistingAccountLinkedThenLinkAuditedAtInfo() {
        crowd.addLocalUser("bob", true);

        provisioner.provision(engine("{\"linkExistingAccounts\":true}"),
                DecisionBuilder.forUser("bob").linkExistingAccounts(true).email("bob@local").build(), "R7");

        assertEquals(1, directory.linkCount("bob"));
        assertTrue(audited("event=account.linked user=\"bob\" idp=\"dev\" subject=\"bob-sub\""),
                capture.messages().toString());
        assertEquals(List.of(), capture.warnings(), "an admin's opt-in doing its job is not a warning");
    }

    @Test
    void previewLoginWhenCalledThenPlanWithRulesAndNothingWritten() {
        int writesBefore = crowd.writes();

        ProvisioningPlan plan = provisioner.previewLogin(engine(SYNC),
                DecisionBuilder.forUser("alice").groups("eng").build());

        assertEquals(writesBefore, crowd.writes());
        assertEquals(ProvisioningPlan.UserAction.CREATE, plan.user().action());
        assertTrue(plan.groups().contains(new ProvisioningPlan.GroupChange(ProvisioningPlan.GroupAction.ADD, "eng",
                "syncAll", true, null)), plan.toString());
        assertTrue(plan.groups().stream().anyMatch(change -> change.rule().equals("defaultGroups.everyLogin")),
                plan.toString());
    }

    @Test
    void provisionWhenRefusedThenCodeAuditedAndNothingWritten() {
        crowd.addLocalUser("bob", true);
        int writesBefore = crowd.writes();

        LoginRefusedException refused = assertThrows(LoginRefusedException.class,
                () -> provisioner.provision(engine(SYNC), DecisionBuilder.forUser("bob").build(), "R3"));

        assertEquals(ErrorCodes.ACCOUNT_EXISTS_NOT_LINKED, refused.code());
        assertEquals(writesBefore, crowd.writes());
        assertTrue(audited("event=account.refused reason=\"account_exists_not_linked\""), capture.messages().toString());
    }

    @Test
    void provisionWhenCreateMissingGroupsOffThenMissingGroupSkippedAndExistingJoined() {
        crowd.addLocalUser("seed", true).addLocalMembership("seed", "existing");

        provisioner.provision(engine(NO_CREATE_GROUPS),
                DecisionBuilder.forUser("alice").groups("existing", "missing").build(), "R4");

        assertEquals(Set.of("existing"), crowd.groupsOf("alice"));
        assertFalse(crowd.hasGroup("missing"));
        assertTrue(audited("event=group.skipped user=\"alice\" group=\"missing\""), capture.messages().toString());
    }

    @Test
    void provisionWhenDirectoryRefusesGroupWriteThenAuditedAndLoginGoesOn() {
        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").groups("eng").build(), "R1");
        crowd.setReadOnly(true);

        provisioner.provision(engine(SYNC), DecisionBuilder.forUser("alice").groups("eng", "new-team").build(), "R5");

        assertFalse(crowd.groupsOf("alice").contains("new-team"));
        assertTrue(audited("event=group.failed user=\"alice\" group=\"new-team\""), capture.messages().toString());
    }
}
