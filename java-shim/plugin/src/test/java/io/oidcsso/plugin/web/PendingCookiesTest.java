package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The sealed pending-login cookie: it opens only unaltered, with its own state, before expiry, on any node. */
class PendingCookiesTest {
    private static final String PENDING = "{\"state\":\"s-1\",\"nonce\":\"n\",\"pkceVerifier\":\"secret-verifier\"}";

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final InMemoryClusterState store = new InMemoryClusterState(clock, 100);
    private final PendingCookies node1 = new PendingCookies(new SealingKeys(store, clock), clock);
    private final PendingCookies node2 = new PendingCookies(new SealingKeys(store, clock), clock);

    private long inTenMinutes() {
        return clock.instant().getEpochSecond() + 600;
    }

    private static FakeRequest callbackWith(int slot, String value) {
        return FakeRequest.get("/plugins/servlet/oidc-sso/callback").cookie(PendingCookies.name(slot), value);
    }

    @Test
    void openWhenSealedOnOneNodeThenOpensOnTheOtherWithTheRecord() {
        String sealed = node1.seal("s-1", inTenMinutes(), PENDING).orElseThrow();

        Optional<PendingCookies.Opened> opened = node2.open(callbackWith(1, sealed).request(), "s-1");

        assertEquals(Optional.of(new PendingCookies.Opened(1, inTenMinutes(), PENDING)), opened);
        assertFalse(sealed.contains("secret-verifier"), "the record is encrypted, not only signed");
    }

    @Test
    void openWhenStateDiffersThenNothing() {
        String sealed = node1.seal("s-1", inTenMinutes(), PENDING).orElseThrow();
        assertEquals(Optional.empty(), node2.open(callbackWith(0, sealed).request(), "s-2"));
    }

    @Test
    void openWhenAnyCharacterAlteredThenNothing() {
        String sealed = node1.seal("s-1", inTenMinutes(), PENDING).orElseThrow();
        for (int i = 0; i < sealed.length(); i++) {
            char c = sealed.charAt(i);
            String altered = sealed.substring(0, i) + (c == 'A' ? 'B' : 'A') + sealed.substring(i + 1);
            assertEquals(Optional.empty(), node2.open(callbackWith(0, altered).request(), "s-1"), altered);
        }
    }

    @Test
    void openWhenForgedValuesThenNothingAndNoException() {
        for (String forged : List.of("", "1", "1.1.", "1.x.AAAA", "2.19675.AAAA", "1.19675.!!!!", "1.99999999999.AAAA",
                "1.-5.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "1.19675." + "A".repeat(5_000))) {
            assertEquals(Optional.empty(), node1.open(callbackWith(0, forged).request(), "s-1"), forged);
        }
        assertEquals(Optional.empty(), node1.open(FakeRequest.get("/").cookie("OIDCSSO_PL7", "x").request(), "s-1"));
    }

    @Test
    void openWhenLoginExpiredThenNothing() {
        String sealed = node1.seal("s-1", inTenMinutes(), PENDING).orElseThrow();
        clock.advance(Duration.ofSeconds(600));
        assertEquals(Optional.empty(), node2.open(callbackWith(0, sealed).request(), "s-1"));
    }

    @Test
    void openWhenKeyRotatedSinceSealingThenStillOpensUntilTheKeyRetires() {
        String sealed = node1.seal("s-1", clock.instant().getEpochSecond() + 5 * 86_400, PENDING).orElseThrow();
        clock.advance(SealingKeys.PERIOD);
        String fresh = node1.seal("s-2", inTenMinutes(), PENDING).orElseThrow();
        assertTrue(node2.open(callbackWith(0, sealed).request(), "s-1").isPresent(), "the previous key still opens");
        assertFalse(sealed.split("\\.")[1].equals(fresh.split("\\.")[1]), "a new period, a new key id");

        clock.advance(SealingKeys.PERIOD.multipliedBy(2));
        assertEquals(Optional.empty(), node2.open(callbackWith(0, sealed).request(), "s-1"), "retired key");
    }

    @Test
    void sealWhenNodesRaceToCreateTheKeyThenAllUseTheOneStored() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> sealed = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                PendingCookies node = new PendingCookies(new SealingKeys(store, clock), clock);
                sealed.add(pool.submit(() -> {
                    start.await();
                    return node.seal("s-1", inTenMinutes(), PENDING).orElseThrow();
                }));
            }
            start.countDown();
            for (Future<String> value : sealed) {
                assertTrue(node1.open(callbackWith(0, value.get()).request(), "s-1").isPresent());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, store.size(), "one key record");
    }

    @Test
    void sealWhenStoreFullAfterRotationThenPreviousKeyUsed() {
        node1.seal("s-0", inTenMinutes(), PENDING).orElseThrow();
        for (int i = 0; store.size() < store.capacity(); i++) {
            store.put("logout:filler-" + i, "x", Duration.ofDays(30));
        }
        clock.advance(SealingKeys.PERIOD);

        String sealed = new PendingCookies(new SealingKeys(store, clock), clock).seal("s-1", inTenMinutes(), PENDING)
                .orElseThrow();

        assertTrue(node2.open(callbackWith(0, sealed).request(), "s-1").isPresent());
    }

    @Test
    void sealWhenStoreFullForTwoDaysThenKeyOfTwoDaysAgoUsed() {
        node1.seal("s-0", inTenMinutes(), PENDING).orElseThrow();
        for (int i = 0; store.size() < store.capacity(); i++) {
            store.put("logout:filler-" + i, "x", Duration.ofDays(30));
        }
        clock.advance(SealingKeys.PERIOD.multipliedBy(2));
        String sealed = new PendingCookies(new SealingKeys(store, clock), clock).seal("s-1", inTenMinutes(), PENDING)
                .orElseThrow();
        assertTrue(node2.open(callbackWith(0, sealed).request(), "s-1").isPresent());
    }

    @Test
    void sealWhenStoreFullAndNoKeyEverCreatedThenRefusedLoudly() {
        for (int i = 0; store.size() < store.capacity(); i++) {
            store.put("logout:filler-" + i, "x", Duration.ofDays(30));
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> node1.seal("s-1", inTenMinutes(), PENDING));
    }

    @Test
    void sealWhenRecordTooLargeThenEmpty() {
        String huge = "{\"returnTo\":\"/" + "a".repeat(PendingCookies.MAX_VALUE_LENGTH) + "\"}";
        assertEquals(Optional.empty(), node1.seal("s-1", inTenMinutes(), huge));
    }

    @Test
    void nextSlotWhenCalledRepeatedlyThenCyclesThroughEverySlot() {
        Set<Integer> seen = new TreeSet<>();
        int slot = -1;
        for (int i = 0; i < PendingCookies.SLOTS * 2; i++) {
            slot = PendingCookies.nextSlot(slot);
            seen.add(slot);
        }
        assertEquals(Set.of(0, 1, 2), seen);
        assertEquals(-1, PendingCookies.slotOf("OIDCSSO_PL3"));
        assertEquals(-1, PendingCookies.slotOf("OIDCSSO_BIND"));
    }
}
