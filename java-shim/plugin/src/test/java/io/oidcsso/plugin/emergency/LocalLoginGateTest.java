package io.oidcsso.plugin.emergency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.atlassian.CrowdLocalAccounts;
import io.oidcsso.plugin.emergency.LocalLoginGate.Reason;
import io.oidcsso.plugin.fakes.AuditCapture;
import io.oidcsso.plugin.fakes.FakeCrowdService;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.MutableClock;
import io.oidcsso.plugin.login.AuditLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalLoginGateTest {
    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final FakeCrowdService crowd = new FakeCrowdService()
            .addLocalUser("admin", true).setPassword("admin", "admin-pw")
            .addLocalUser("local", true).setPassword("local", "local-pw")
            .addLocalUser("oncall", true).setPassword("oncall", "oncall-pw").addLocalMembership("oncall", "ops")
            .addLocalUser("sleepy", false).setPassword("sleepy", "sleepy-pw");
    private final FakeSal.Users users = FakeSal.Users.resolvingEveryone();
    private final AuditCapture capture = new AuditCapture();
    private final LocalLoginGate gate;

    LocalLoginGateTest() {
        users.admins.add("admin");
        gate = new LocalLoginGate(new CrowdLocalAccounts(crowd, users), new AttemptLimiter(clock), new AuditLog(capture));
    }

    private static EmergencySettings enforced(String emergency) {
        return EmergencySettings.read("{\"schemaVersion\":1,\"routing\":{\"enforceSso\":true},\"emergency\":"
                + emergency + "}");
    }

    private Reason check(EmergencySettings settings, String client, String user, String password) {
        return gate.check(settings, client, "/login", user, password).reason();
    }

    @Test
    void checkWhenDefaultsThenOnlyTheSystemAdministratorWithTheRightPasswordGoesOn() {
        EmergencySettings defaults = enforced("{}");
        assertEquals(Reason.ALLOWED, check(defaults, "10.0.0.1", "admin", "admin-pw"));
        assertEquals(Reason.NOT_IN_ALLOWED_GROUPS, check(defaults, "10.0.0.1", "local", "local-pw"));
        assertEquals(Reason.WRONG_CREDENTIALS, check(defaults, "10.0.0.1", "admin", "wrong"));
        assertEquals(Reason.WRONG_CREDENTIALS, check(defaults, "10.0.0.1", "nobody", "x"));
        assertEquals(Reason.ACCOUNT_INACTIVE, check(defaults, "10.0.0.1", "sleepy", "sleepy-pw"));
        assertEquals(Reason.NO_CREDENTIALS, check(defaults, "10.0.0.1", "admin", null));

        List<String> audit = capture.lines();
        assertTrue(audit.get(0).startsWith("WARNING event=local_login.allowed user=\"admin\" client=\"10.0.0.1\""),
                audit.get(0));
        assertTrue(audit.get(1).startsWith("WARNING event=local_login.refused user=\"local\""), audit.get(1));
        assertTrue(audit.get(1).contains("reason=\"not_in_allowed_groups\""), audit.get(1));
        assertTrue(audit.stream().noneMatch(line -> line.contains("-pw") || line.contains("=\"wrong\"")), audit.toString());
    }

    @Test
    void checkWhenGroupsListedThenTheirMembersNotTheAdministrator() {
        EmergencySettings ops = enforced("{\"allowedGroups\": [\"ops\"]}");
        assertEquals(Reason.ALLOWED, check(ops, "10.0.0.1", "oncall", "oncall-pw"));
        assertEquals(Reason.NOT_IN_ALLOWED_GROUPS, check(ops, "10.0.0.1", "admin", "admin-pw"));
        assertEquals(Reason.NOT_IN_ALLOWED_GROUPS, check(enforced("{\"allowedGroups\": []}"), "10.0.0.1", "admin",
                "admin-pw"));
        assertEquals(Reason.DISABLED, check(enforced("{\"enabled\": false}"), "10.0.0.1", "admin", "admin-pw"));
    }

    @Test
    void checkWhenNetworksListedThenOutsideRefusedBeforeAnyPasswordCheck() {
        EmergencySettings vpn = enforced("{\"allowedNetworks\": [\"10.0.0.0/8\", \"::1\"]}");
        assertEquals(Reason.ALLOWED, check(vpn, "10.9.8.7", "admin", "admin-pw"));
        assertEquals(Reason.ALLOWED, check(vpn, "0:0:0:0:0:0:0:1", "admin", "admin-pw"));
        crowd.setUnreachable(true);
        assertEquals(Reason.NETWORK_NOT_ALLOWED, check(vpn, "192.168.1.1", "admin", "admin-pw"),
                "refused before the directory is asked");
        assertEquals(Reason.NETWORK_NOT_ALLOWED, check(vpn, "not-an-address", "admin", "admin-pw"));
        assertEquals(Reason.DIRECTORY_UNAVAILABLE, check(vpn, "10.9.8.7", "admin", "admin-pw"));
        assertEquals(Reason.NETWORK_NOT_ALLOWED,
                gate.beforeForm(vpn, "192.168.1.1", "/login").orElseThrow().reason());
        assertTrue(gate.beforeForm(vpn, "10.1.1.1", "/login").isEmpty());
    }

    @Test
    void checkWhenTheRoleServiceFailsThenDirectoryUnavailableNotALogin() {
        CrowdLocalAccounts real = new CrowdLocalAccounts(crowd, users);
        LocalLoginGate failing = new LocalLoginGate(new io.oidcsso.plugin.host.LocalAccounts() {
            @Override
            public Result authenticate(String username, String password) {
                return real.authenticate(username, password);
            }

            @Override
            public boolean isSystemAdmin(String username) {
                throw new IllegalStateException("SAL down");
            }

            @Override
            public boolean isMember(String username, String group) {
                throw new IllegalStateException("SAL down");
            }
        }, new AttemptLimiter(clock), new AuditLog(capture));
        assertEquals(Reason.DIRECTORY_UNAVAILABLE,
                failing.check(enforced("{}"), "10.0.0.1", "/login", "admin", "admin-pw").reason());
    }

    @Test
    void checkWhenOneClientHammersTheAdministratorThenThatPairIsLimitedNotTheAdministratorElsewhere() {
        EmergencySettings limits = enforced("{\"rateLimit\": {\"perClient\": 8, \"perClientAndUser\": 3,"
                + " \"windowSeconds\": 60}}");
        for (int i = 0; i < 3; i++) {
            assertEquals(Reason.WRONG_CREDENTIALS, check(limits, "203.0.113.9", "admin", "guess" + i));
        }
        LocalLoginGate.Verdict limited = gate.check(limits, "203.0.113.9", "/login", "admin", "admin-pw");
        assertEquals(Reason.RATE_LIMITED, limited.reason());
        assertTrue(limited.retryAfterSeconds() >= 1 && limited.retryAfterSeconds() <= 60, limited.toString());
        // The administrator, from their own address, is not locked out.
        assertEquals(Reason.ALLOWED, check(limits, "10.0.0.5", "ADMIN", "admin-pw"));
        // The same client, other names: up to perClient in all.
        for (int i = 0; i < 5; i++) {
            assertEquals(Reason.WRONG_CREDENTIALS, check(limits, "203.0.113.9", "user" + i, "x"));
        }
        assertEquals(Reason.RATE_LIMITED, check(limits, "203.0.113.9", "someone-else", "x"));
        clock.advance(Duration.ofSeconds(61));
        assertEquals(Reason.ALLOWED, check(limits, "203.0.113.9", "admin", "admin-pw"));
    }

    @Test
    void limiterWhenTenThousandClientsThenBoundedAndStillCounting() {
        AttemptLimiter limiter = new AttemptLimiter(clock);
        for (int i = 0; i < AttemptLimiter.CAPACITY * 2; i++) {
            assertTrue(limiter.tryAcquire("2001:db8::" + Integer.toHexString(i), "admin", 20, 5, 60));
        }
        assertTrue(limiter.size() <= AttemptLimiter.CAPACITY + 2, "size " + limiter.size());
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryAcquire("198.51.100.1", "admin", 20, 5, 60));
        }
        assertEquals(false, limiter.tryAcquire("198.51.100.1", "admin", 20, 5, 60));
    }
}
