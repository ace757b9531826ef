package io.oidcsso.plugin.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.atlassian.CrowdUserDirectory;
import io.oidcsso.plugin.fakes.DecisionBuilder;
import io.oidcsso.plugin.fakes.FakeClusterLockService;
import io.oidcsso.plugin.fakes.FakeCrowdService;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.MutableClock;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.host.ExternalId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PendingLinksTest {
    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final InMemoryClusterState store = new InMemoryClusterState(clock, 100);
    private final FakeCrowdService crowd = new FakeCrowdService();
    private final CrowdUserDirectory directory = new CrowdUserDirectory(crowd,
            FakeSal.Users.resolvingEveryone().keyedBy(crowd), new InMemoryPluginSettings(), new FakeClusterLockService());
    private final PendingLinks pending = new PendingLinks(store, directory, clock);

    {
        crowd.addLocalUser("bob", true);
    }

    private static List<String> users(List<PendingLinks.Refusal> refusals) {
        return refusals.stream().map(PendingLinks.Refusal::username).collect(Collectors.toList());
    }

    @Test
    void listWhenTwoRefusalsThenNewestFirstWithIdentityClaimsAndReference() {
        pending.record(DecisionBuilder.forUser("bob").build(), "REF1");
        clock.advance(Duration.ofSeconds(5));
        pending.record(DecisionBuilder.forUser("carol").build(), "REF2");

        List<PendingLinks.Refusal> list = pending.list();

        assertEquals(List.of("carol", "bob"), users(list));
        PendingLinks.Refusal bob = list.get(1);
        assertEquals(new PendingLinks.Refusal("REF1", "dev", "http://127.0.0.2:9400", "bob-sub", "bob",
                "bob@example.com", 1_700_000_000L, crowd.keyOf("bob")), bob);
    }

    @Test
    void recordWhenSameIdentityRefusedAgainThenOneRecordWithTheLatestReference() {
        pending.record(DecisionBuilder.forUser("bob").build(), "REF1");
        pending.record(DecisionBuilder.forUser("bob").build(), "REF2");
        List<PendingLinks.Refusal> list = pending.list();
        assertEquals(1, list.size());
        assertEquals("REF2", list.get(0).reference());
    }

    @Test
    void forgetWhenLinkedThenGoneAndOthersKept() {
        pending.record(DecisionBuilder.forUser("bob").build(), "REF1");
        pending.record(DecisionBuilder.forUser("carol").build(), "REF2");
        pending.forget(new ExternalId("http://127.0.0.2:9400", "bob-sub"));
        assertEquals(List.of("carol"), users(pending.list()));
    }

    @Test
    void forgetWhenAnotherIdentityHoldsTheSlotThenItIsKept() {
        pending.record(DecisionBuilder.forUser("bob").build(), "REF1");
        ExternalId bob = new ExternalId("http://127.0.0.2:9400", "bob-sub");
        ExternalId sameSlot = null;
        for (int i = 0; sameSlot == null; i++) {
            ExternalId candidate = new ExternalId("http://127.0.0.2:9400", "other-" + i);
            if (PendingLinks.keyOf(candidate).equals(PendingLinks.keyOf(bob))) {
                sameSlot = candidate;
            }
        }
        pending.forget(sameSlot);
        assertEquals(List.of("bob"), users(pending.list()));
    }

    @Test
    void listWhenRecordsExpiredThenEmpty() {
        pending.record(DecisionBuilder.forUser("bob").build(), "REF1");
        clock.advance(PendingLinks.TTL.plusSeconds(1));
        assertEquals(List.of(), pending.list());
    }

    @Test
    void accountNowWhenTheClaimedAccountWasRenamedAndItsNameTakenThenTheRenamedAccount() throws Exception {
        pending.record(DecisionBuilder.forUser("bob").build(), "REF1");
        crowd.renameUser(crowd.getUser("bob"), "bob.old");
        crowd.addLocalUser("bob", true);
        PendingLinks.Refusal refusal = pending.find(new ExternalId("http://127.0.0.2:9400", "bob-sub")).orElseThrow();
        assertEquals("bob", refusal.username(), "the claim as the IdP made it");
        assertEquals("bob.old", pending.accountNow(refusal).orElseThrow().username(), "bound by key, not by name");
    }

    @Test
    void recordWhenNoAccountCanBeReadThenKeptWithoutAKeyAndNotConfirmable() {
        pending.record(DecisionBuilder.forUser("nobody").build(), "REF1");
        PendingLinks.Refusal refusal = pending.list().get(0);
        assertNull(refusal.accountKey());
        assertTrue(pending.accountNow(refusal).isEmpty());
    }

    @Test
    void listWhenSlotHoldsDamagedValueThenSkipped() {
        store.put(PendingLinks.KEY_PREFIX + 3, "{not json", Duration.ofMinutes(1));
        store.put(PendingLinks.KEY_PREFIX + 4, "{\"ref\":\"R\"}", Duration.ofMinutes(1));
        pending.record(DecisionBuilder.forUser("bob").build(), "REF1");
        assertEquals(List.of("bob"), users(pending.list()));
    }

    @Test
    void recordWhenStoreFailsThenNoExceptionReachesTheLogin() {
        PendingLinks failing = new PendingLinks(new ClusterState() {
            @Override
            public boolean put(String key, String value, Duration ttl) {
                throw new IllegalStateException("cluster lock busy");
            }

            @Override
            public PutResult putIfAbsent(String key, String value, Duration ttl) {
                throw new IllegalStateException("cluster lock busy");
            }

            @Override
            public Optional<String> get(String key) {
                return Optional.empty();
            }

            @Override
            public Optional<String> take(String key) {
                return Optional.empty();
            }

            @Override
            public int capacity() {
                return 1;
            }
        }, directory, clock);
        failing.record(DecisionBuilder.forUser("bob").build(), "REF1");
        assertTrue(failing.list().isEmpty());
    }
}
