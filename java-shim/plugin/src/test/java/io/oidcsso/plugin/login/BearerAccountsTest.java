package io.oidcsso.plugin.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.atlassian.CrowdUserDirectory;
import io.oidcsso.plugin.fakes.CountingClusterState;
import io.oidcsso.plugin.fakes.FakeClusterLockService;
import io.oidcsso.plugin.fakes.FakeCrowdService;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.fakes.MutableClock;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.UserDirectory;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BearerAccountsTest {
    private static final ExternalId ALICE = new ExternalId("https://idp.example", "alice-sub");

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final FakeCrowdService crowd = new FakeCrowdService();
    private final CrowdUserDirectory directory = new CrowdUserDirectory(crowd, FakeSal.Users.resolvingEveryone().keyedBy(crowd),
            new InMemoryPluginSettings(),
            new FakeClusterLockService());
    private final InMemoryClusterState shared = new InMemoryClusterState(clock, 100);
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger sharedReads = new AtomicInteger();

    /** The directory, counting {@code findByExternalId}. */
    private UserDirectory counted() {
        return (UserDirectory) Proxy.newProxyInstance(UserDirectory.class.getClassLoader(),
                new Class<?>[] {UserDirectory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findByExternalId")) {
                        lookups.incrementAndGet();
                    }
                    return method.invoke(directory, args);
                });
    }

    private BearerAccounts node() {
        return new BearerAccounts(counted(), CountingClusterState.readsOnly(shared, sharedReads), clock);
    }

    private void aliceLinked() {
        crowd.addLocalUser("alice", true);
        directory.link("alice", ALICE);
    }

    @Test
    void findWhenAskedAgainWithinTtlThenDirectoryReadOnceAndAgainAfterIt() {
        aliceLinked();
        BearerAccounts accounts = node();
        for (int i = 0; i < 10; i++) {
            assertEquals("alice", accounts.find(ALICE).orElseThrow().username());
            clock.advance(Duration.ofMillis(900));
        }
        assertEquals(1, lookups.get(), "one directory read for 9 s of requests");
        clock.advance(Duration.ofSeconds(1));
        accounts.find(ALICE);
        assertEquals(2, lookups.get(), "read again once the TTL has passed");
        assertEquals(9, accounts.hits());
        assertEquals(2, accounts.misses());
        assertTrue(sharedReads.get() <= 7, "the shared generation at most once per 2 s: " + sharedReads.get());
    }

    @Test
    void findWhenIdentityNotLinkedThenNotRememberedAndFoundOnceLinked() {
        crowd.addLocalUser("alice", true);
        BearerAccounts accounts = node();
        assertTrue(accounts.find(ALICE).isEmpty());
        directory.link("alice", ALICE);
        assertEquals("alice", accounts.find(ALICE).orElseThrow().username(), "no negative answer kept");
    }

    @Test
    void findWhenUnlinkedOnThisNodeThenNextRequestAsksDirectory() {
        aliceLinked();
        BearerAccounts accounts = node();
        accounts.find(ALICE);
        directory.unlink("alice", ALICE.hash());
        accounts.linksChanged();
        assertTrue(accounts.find(ALICE).isEmpty(), "at once on the node that unlinked");
    }

    @Test
    void findWhenUnlinkedOnAnotherNodeThenSeenWithinPropagationBound() {
        aliceLinked();
        BearerAccounts nodeA = node();
        BearerAccounts nodeB = node();
        nodeA.find(ALICE);
        nodeB.find(ALICE);
        directory.unlink("alice", ALICE.hash());
        nodeB.linksChanged();

        assertTrue(nodeA.find(ALICE).isPresent(), "node A may answer from its view within the bound");
        clock.advance(BearerAccounts.PROPAGATION_BOUND);
        assertTrue(nodeA.find(ALICE).isEmpty(), "node A sees the change once the bound has passed");
    }

    @Test
    void findWhenLinkEditedInTheProductThenStaleAtMostTtl() {
        aliceLinked();
        BearerAccounts accounts = node();
        accounts.find(ALICE);
        directory.unlink("alice", ALICE.hash());
        clock.advance(BearerAccounts.TTL.minusMillis(1));
        assertTrue(accounts.find(ALICE).isPresent(), "within the TTL (no event from the product)");
        clock.advance(Duration.ofMillis(1));
        assertTrue(accounts.find(ALICE).isEmpty(), "never longer than the TTL");
    }

    @Test
    void findWhenMoreIdentitiesThanMaxThenViewBounded() {
        UserDirectory everyoneLinked = (UserDirectory) Proxy.newProxyInstance(UserDirectory.class.getClassLoader(),
                new Class<?>[] {UserDirectory.class}, (proxy, method, args) -> {
                    lookups.incrementAndGet();
                    return Optional.of(new DirectoryUser("alice", "Alice", null, true, "alice"));
                });
        BearerAccounts accounts = new BearerAccounts(everyoneLinked, shared, clock);
        for (int i = 0; i < BearerAccounts.MAX_ENTRIES + 10; i++) {
            accounts.find(new ExternalId("https://idp.example", "sub-" + i));
        }
        lookups.set(0);
        accounts.find(new ExternalId("https://idp.example", "sub-0"));
        assertEquals(1, lookups.get(), "the view started over when full, so the first identity is read again");
        assertEquals(BearerAccounts.MAX_ENTRIES, accounts.evictions(), "every answer of the full view dropped");
    }

    @Test
    void findWhenRenamedAndNewAccountCreatedUnderOldNameWithinTtlThenNewAccountNeverReached() throws Exception {
        aliceLinked();
        BearerAccounts accounts = node();
        assertEquals("alice", accounts.find(ALICE).orElseThrow().username());

        crowd.renameUser(crowd.getUser("alice"), "alice.old");
        crowd.addLocalUser("alice", true);
        clock.advance(Duration.ofSeconds(1));

        DirectoryUser user = accounts.find(ALICE).orElseThrow();
        assertEquals("alice.old", user.username(), "the linked account under its new name, not the new alice");
        assertEquals(crowd.keyOf("alice.old"), user.key());
        assertTrue(!user.key().equals(crowd.keyOf("alice")), "the new account has another key");
        assertEquals(1, lookups.get(), "answered from the cache (by key), the link not read again");
    }

    @Test
    void findWhenRenamedThenStillFoundUnderNewNameAfterTtl() throws Exception {
        aliceLinked();
        BearerAccounts accounts = node();
        accounts.find(ALICE);
        crowd.renameUser(crowd.getUser("alice"), "alice.old");
        crowd.addLocalUser("alice", true);
        clock.advance(BearerAccounts.TTL);

        assertEquals("alice.old", accounts.find(ALICE).orElseThrow().username(),
                "the link (by key in the index, the attribute on the renamed account) still finds it");
        assertEquals(2, lookups.get());
    }

    @Test
    void findWhenAccountDeletedWithinTtlThenNotReachedAtOnce() {
        aliceLinked();
        BearerAccounts accounts = node();
        accounts.find(ALICE);
        crowd.removeUser("alice");
        crowd.addLocalUser("alice", true);

        assertTrue(accounts.find(ALICE).isEmpty(), "no account has the key: the link decides, and the new alice"
                + " does not carry it");
        assertEquals(2, lookups.get());
        assertEquals(0, accounts.hits());
        assertEquals(2, accounts.misses());
    }

    @Test
    void findWhenDirectoryGivesNoKeyThenNotCached() {
        UserDirectory keyless = (UserDirectory) Proxy.newProxyInstance(UserDirectory.class.getClassLoader(),
                new Class<?>[] {UserDirectory.class}, (proxy, method, args) -> {
                    lookups.incrementAndGet();
                    return Optional.of(new DirectoryUser("alice", "Alice", null, true, null));
                });
        BearerAccounts accounts = new BearerAccounts(keyless, shared, clock);
        accounts.find(ALICE);
        accounts.find(ALICE);
        assertEquals(2, lookups.get(), "an account without a stable key is never answered by name from the cache");
        assertEquals(0, accounts.hits());
        assertEquals(2, accounts.misses());
    }

    @Test
    void forgetWhenCalledThenNextFindAsksDirectory() {
        aliceLinked();
        BearerAccounts accounts = node();
        accounts.find(ALICE);
        accounts.forget(ALICE);
        accounts.find(ALICE);
        assertEquals(2, lookups.get());
    }
}
