package io.oidcsso.plugin.emergency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.emergency.BreakGlassCodes.Outcome;
import io.oidcsso.plugin.atlassian.CrowdUserDirectory;
import io.oidcsso.plugin.fakes.FakeClusterLockService;
import io.oidcsso.plugin.fakes.FakeCrowdService;
import io.oidcsso.plugin.fakes.FakeSal;
import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.InMemoryPluginSettings;
import io.oidcsso.plugin.fakes.MutableClock;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.host.UserDirectory;
import io.oidcsso.plugin.host.UserDirectoryException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BreakGlassCodesTest {
    private static final String LOCKOUT = "{\"schemaVersion\":1,\"routing\":{\"enforceSso\":true},"
            + "\"emergency\":{\"enabled\":false}}";

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final InMemoryClusterState store = new InMemoryClusterState(clock, BreakGlassCodes.STORE_CAPACITY);
    private final FakeCrowdService crowd = new FakeCrowdService();
    /** The product's directory with SAL's stable keys: a rename keeps the key, a new account gets another. */
    private final CrowdUserDirectory directory = new CrowdUserDirectory(crowd,
            FakeSal.Users.resolvingEveryone().keyedBy(crowd), new InMemoryPluginSettings(), new FakeClusterLockService());
    private final BreakGlassCodes codes = new BreakGlassCodes(store, directory, clock);

    {
        crowd.addLocalUser("admin", true).addLocalUser("local", true).addLocalUser("oncall", true);
        for (int i = 0; i < 6; i++) {
            crowd.addLocalUser("admin" + i, true);
        }
    }

    @Test
    void generateWhenAskedThenDistinctHighEntropyCodesShownOnceAndNeverStoredInClear() {
        BreakGlassCodes.Generated generated = codes.generate("admin", 10, null);
        assertEquals(10, generated.codes().size());
        assertEquals(10, new HashSet<>(generated.codes()).size());
        for (String code : generated.codes()) {
            assertTrue(code.matches("[a-z2-7]{8}-[a-z2-7]{26}"), code);
            String secret = code.substring(9);
            for (String key : store.keys()) {
                assertFalse(store.get(key).orElse("").contains(secret), "the secret is stored in clear under " + key);
            }
        }
        assertEquals(clock.instant().plus(BreakGlassCodes.MAX_LIFETIME), generated.expiresAt());
    }

    @Test
    void redeemWhenRightUserAndCodeThenOkOnceAndUnknownTheSecondTime() {
        String code = codes.generate("admin", 2, null).codes().get(0);
        BreakGlassCodes.Redeemed first = codes.redeem("Admin", " " + code.toUpperCase(java.util.Locale.ROOT) + " ");
        assertEquals(Outcome.OK, first.outcome());
        assertEquals("admin", first.username());
        assertEquals(crowd.keyOf("admin"), first.user().key());
        assertEquals(Outcome.UNKNOWN_CODE, codes.redeem("admin", code).outcome());
    }

    @Test
    void redeemWhenWrongSecretOrWrongUserThenRefusedAndTheCodeStillWorks() {
        String code = codes.generate("admin", 1, null).codes().get(0);
        String wrongSecret = code.substring(0, 9) + (code.charAt(9) == 'a' ? "b" : "a") + code.substring(10);
        assertEquals(Outcome.WRONG_CODE, codes.redeem("admin", wrongSecret).outcome());
        assertEquals(Outcome.WRONG_USER, codes.redeem("local", code).outcome());
        assertEquals(Outcome.MALFORMED_CODE, codes.redeem("admin", "123456").outcome());
        assertEquals(Outcome.MALFORMED_CODE, codes.redeem("admin", null).outcome());
        assertEquals(Outcome.OK, codes.redeem("admin", code).outcome());
    }

    @Test
    void redeemWhenExpiryDatePassedThenUnknownCode() {
        String code = codes.generate("admin", 1, clock.instant().plus(Duration.ofDays(1))).codes().get(0);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertEquals(Outcome.UNKNOWN_CODE, codes.redeem("admin", code).outcome());
        assertFalse(codes.anyLive());
    }

    @Test
    void generateWhenExpiryInThePastOrCountOutOfRangeThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> codes.generate("admin", 1, clock.instant()));
        assertThrows(IllegalArgumentException.class, () -> codes.generate("admin", 0, null));
        assertThrows(IllegalArgumentException.class, () -> codes.generate("admin", BreakGlassCodes.MAX_COUNT + 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> codes.generate("admin", 1, clock.instant().plus(Duration.ofDays(3651))));
    }

    @Test
    void generateWhenAgainForTheSameAdministratorThenEarlierCodesReplacedOthersKept() {
        String old = codes.generate("admin", 3, null).codes().get(0);
        String other = codes.generate("oncall", 1, null).codes().get(0);
        BreakGlassCodes.Generated again = codes.generate("ADMIN", 2, null);
        assertEquals(3, again.replaced());
        assertEquals(Outcome.UNKNOWN_CODE, codes.redeem("admin", old).outcome());
        assertEquals(Outcome.OK, codes.redeem("oncall", other).outcome());
        assertEquals(Outcome.OK, codes.redeem("admin", again.codes().get(1)).outcome());
    }

    @Test
    void redeemWhenAccountRenamedThenTheCodeWorksUnderTheNewNameOnly() throws Exception {
        String code = codes.generate("admin", 2, null).codes().get(0);
        crowd.renameUser(crowd.getUser("admin"), "admin.old");

        assertEquals(Outcome.WRONG_USER, codes.redeem("admin", code).outcome(), "no account has the old name now");
        BreakGlassCodes.Redeemed redeemed = codes.redeem("admin.old", code);
        assertEquals(Outcome.OK, redeemed.outcome());
        assertEquals("admin.old", redeemed.username());
        assertEquals(crowd.keyOf("admin.old"), redeemed.user().key());
    }

    @Test
    void redeemWhenRenamedAndNewAccountTookTheOldNameThenTheNewAccountIsRefusedAndTheCodeKept() throws Exception {
        String code = codes.generate("admin", 1, null).codes().get(0);
        crowd.renameUser(crowd.getUser("admin"), "admin.old");
        crowd.addLocalUser("admin", true);

        assertEquals(Outcome.WRONG_USER, codes.redeem("admin", code).outcome(),
                "the new account under the old name has another key");
        assertEquals(Outcome.OK, codes.redeem("admin.old", code).outcome(), "the refusal did not spend the code");
    }

    @Test
    void redeemWhenAccountDeletedAndNameReusedThenAccountGone() {
        String code = codes.generate("admin", 1, null).codes().get(0);
        crowd.removeUser("admin");
        crowd.addLocalUser("admin", true);
        assertEquals(Outcome.ACCOUNT_GONE, codes.redeem("admin", code).outcome());
    }

    @Test
    void redeemWhenDirectoryFailsThenUserUnavailableAndTheCodeKept() {
        String code = codes.generate("admin", 1, null).codes().get(0);
        UserDirectory down = (UserDirectory) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {UserDirectory.class}, (proxy, method, args) -> {
                    throw new UserDirectoryException(UserDirectoryException.ERROR, "directory down", null);
                });
        assertEquals(Outcome.USER_UNAVAILABLE, new BreakGlassCodes(store, down, clock).redeem("admin", code).outcome());
        assertEquals(Outcome.OK, codes.redeem("admin", code).outcome());
    }

    @Test
    void generateWhenNoSuchAccountThenRefusedAndNothingStored() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> codes.generate("nobody", 1, null));
        assertTrue(refused.getMessage().contains("no account named nobody"), refused.getMessage());
        assertFalse(codes.anyLive());
    }

    @Test
    void generateWhenRenamedAccountAndNewAccountUnderOldNameThenEachKeepsItsOwnCodes() throws Exception {
        String renamed = codes.generate("admin", 1, null).codes().get(0);
        crowd.renameUser(crowd.getUser("admin"), "admin.old");
        crowd.addLocalUser("admin", true);
        BreakGlassCodes.Generated fresh = codes.generate("admin", 1, null);
        assertEquals(0, fresh.replaced(), "the renamed account's codes are not the new account's");
        assertEquals(Outcome.OK, codes.redeem("admin.old", renamed).outcome());
        assertEquals(Outcome.OK, codes.redeem("admin", fresh.codes().get(0)).outcome());
    }

    /** A code as the version before keys stored it: format v1, the folded name, no key. */
    private String legacyCode(String username) {
        String secret = "abcdefghijklmnopqrstuvwxyz";
        byte[] salt = new byte[16];
        byte[] hash;
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            hash = digest.digest(secret.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        store.put("code:legacy22", String.join("\n", "v1", username.toLowerCase(java.util.Locale.ROOT), username,
                b64.encodeToString(salt), b64.encodeToString(hash), Long.toString(clock.millis() + 86_400_000L)),
                Duration.ofDays(1));
        store.put(BreakGlassCodes.INDEX_KEY, "legacy22", Duration.ofDays(1));
        return "legacy22-" + secret;
    }

    @Test
    void redeemWhenCodeStoredByNameBeforeKeysThenRefusedClearlyNeverSignsInAndNotAWayIn() throws Exception {
        String code = legacyCode("admin");
        crowd.renameUser(crowd.getUser("admin"), "admin.old");
        crowd.addLocalUser("admin", true);

        assertEquals(Outcome.CODE_PREDATES_ACCOUNT_KEYS, codes.redeem("admin", code).outcome(),
                "whoever holds the name now may be another account: refused");
        assertEquals(Outcome.WRONG_CODE, codes.redeem("admin", code.substring(0, 9) + "bbcdefghijklmnopqrstuvwxyz")
                .outcome(), "a wrong secret learns nothing more");
        assertEquals(Outcome.WRONG_USER, codes.redeem("admin.old", code).outcome());
        assertFalse(codes.anyLive(), "a refused code is no way in for the lockout check");
        assertEquals(1, codes.generate("admin", 1, null).replaced(), "generating for the name clears it");
        assertTrue(store.get("code:legacy22").isEmpty());
    }

    @Test
    void giveBackWhenSessionCouldNotBeBoundThenTheCodeWorksAgain() {
        String code = codes.generate("admin", 1, null).codes().get(0);
        codes.redeem("admin", code).giveBack().run();
        assertEquals(Outcome.OK, codes.redeem("admin", code).outcome());
    }

    @Test
    void anyLiveWhenCodesUsedUpThenFalse() {
        assertFalse(codes.anyLive());
        String code = codes.generate("admin", 1, null).codes().get(0);
        assertTrue(codes.anyLive());
        codes.redeem("admin", code);
        assertFalse(codes.anyLive());
    }

    @Test
    void redeemWhenStoreFailsThenStoreUnavailableNeverOk() {
        String code = codes.generate("admin", 1, null).codes().get(0);
        BreakGlassCodes broken = new BreakGlassCodes(new ClusterState() {
            @Override
            public boolean put(String key, String value, Duration ttl) {
                throw new IllegalStateException("database down");
            }

            @Override
            public PutResult putIfAbsent(String key, String value, Duration ttl) {
                throw new IllegalStateException("database down");
            }

            @Override
            public Optional<String> get(String key) {
                throw new IllegalStateException("database down");
            }

            @Override
            public Optional<String> take(String key) {
                throw new IllegalStateException("database down");
            }

            @Override
            public int capacity() {
                return 1;
            }
        }, directory, clock);
        assertEquals(Outcome.STORE_UNAVAILABLE, broken.redeem("admin", code).outcome());
    }

    @Test
    void generateWhenAdministratorsGenerateAtTheSameTimeThenTheIndexKeepsEveryCode() throws Exception {
        // Reading the index is slow here, as on a busy database: without the cluster-wide lease the
        // generations interleave between reading and writing the index and drop each other's ids.
        ClusterState slowIndex = new SlowIndexStore(store);
        int admins = 6;
        ExecutorService pool = Executors.newFixedThreadPool(admins);
        try {
            List<Future<BreakGlassCodes.Generated>> runs = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < admins; i++) {
                String admin = "admin" + i;
                runs.add(pool.submit(() -> {
                    start.await();
                    return new BreakGlassCodes(slowIndex, directory, clock).generate(admin, 3, null);
                }));
            }
            start.countDown();
            Set<String> expected = new HashSet<>();
            for (Future<BreakGlassCodes.Generated> run : runs) {
                run.get(30, TimeUnit.SECONDS).codes().forEach(code -> expected.add(code.substring(0, 8)));
            }
            Set<String> indexed = Set.of(store.get(BreakGlassCodes.INDEX_KEY).orElseThrow().split(","));
            assertEquals(expected, indexed);
            assertFalse(store.keys().contains(BreakGlassCodes.LEASE_KEY), "the lease is released");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void generateWhenAnotherNodeHoldsTheLeaseThenRefusedClearlyAndNothingChanged() {
        String first = codes.generate("admin", 1, null).codes().get(0);
        store.put(BreakGlassCodes.LEASE_KEY, "another-node", BreakGlassCodes.LEASE_TTL);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> codes.generate("admin", 1, null));
        assertTrue(refused.getMessage().contains("another administrator is generating"), refused.getMessage());
        assertEquals(Optional.of("another-node"), store.get(BreakGlassCodes.LEASE_KEY), "their lease is left alone");
        assertEquals(Outcome.OK, codes.redeem("admin", first).outcome(), "the earlier code was not replaced");
    }

    @Test
    void generateWhenTheLeaseOfACrashedNodeExpiredThenItGoesAhead() {
        store.put(BreakGlassCodes.LEASE_KEY, "crashed-node", BreakGlassCodes.LEASE_TTL);
        clock.advance(BreakGlassCodes.LEASE_TTL.plusSeconds(1));
        assertEquals(2, codes.generate("admin", 2, null).codes().size());
    }

    /** Delegates to a store and takes a while to read the index. */
    private static final class SlowIndexStore implements ClusterState {
        private final ClusterState delegate;

        SlowIndexStore(ClusterState delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean put(String key, String value, Duration ttl) {
            return delegate.put(key, value, ttl);
        }

        @Override
        public PutResult putIfAbsent(String key, String value, Duration ttl) {
            return delegate.putIfAbsent(key, value, ttl);
        }

        @Override
        public Optional<String> get(String key) {
            Optional<String> value = delegate.get(key);
            if (BreakGlassCodes.INDEX_KEY.equals(key)) {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return value;
        }

        @Override
        public Optional<String> take(String key) {
            return delegate.take(key);
        }

        @Override
        public int capacity() {
            return delegate.capacity();
        }
    }

    @Test
    void lockoutWhenEmergencyOffButAnUnusedCodeExistsThenAccepted() {
        List<String> without = LockoutCheck.problems(LOCKOUT, codes::anyLive);
        assertEquals(2, without.size(), without.toString());
        assertTrue(without.get(1).contains("no unused break-glass code"), without.toString());
        String code = codes.generate("admin", 1, Instant.ofEpochSecond(1_700_000_000L + 3600)).codes().get(0);
        assertEquals(List.of(), LockoutCheck.problems(LOCKOUT, codes::anyLive));
        codes.redeem("admin", code);
        assertEquals(2, LockoutCheck.problems(LOCKOUT, codes::anyLive).size());
        assertEquals(2, LockoutCheck.problems(LOCKOUT, () -> {
            throw new IllegalStateException("store down");
        }).size(), "an unreadable store counts as no code");
    }
}
