package io.oidcsso.plugin.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.CountingClusterState;
import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RevocationsTest {
    private static final String ISS = "https://idp.example.com";

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final InMemoryClusterState state = new InMemoryClusterState(clock, 10);
    private final InMemoryClusterState live = new InMemoryClusterState(clock, 10);
    private final Revocations revocations = new Revocations(state, live, clock);

    private OidcSession session(String iss, String sub, String sid, long boundAt) {
        return new OidcSession("dev", iss, sub, sid, boundAt);
    }

    @Test
    void isRevokedWhenSidRevokedAfterLoginThenTrueForThatIssuerOnly() {
        long boundAt = clock.millis();
        clock.advance(Duration.ofSeconds(1));
        revocations.revoke(ISS, null, "sid-1");

        assertTrue(revocations.isRevoked(session(ISS, "alice", "sid-1", boundAt)));
        assertFalse(revocations.isRevoked(session("https://other.example.com", "alice", "sid-1", boundAt)));
        assertFalse(revocations.isRevoked(session(ISS, "alice", "sid-2", boundAt)));
    }

    @Test
    void isRevokedWhenSubRevokedThenEverySessionOfThatUserBoundBefore() {
        long boundAt = clock.millis();
        revocations.revoke(ISS, "alice", null);

        assertTrue(revocations.isRevoked(session(ISS, "alice", "sid-1", boundAt)));
        assertTrue(revocations.isRevoked(session(ISS, "alice", null, boundAt)));
        assertFalse(revocations.isRevoked(session(ISS, "bob", null, boundAt)));
    }

    @Test
    void isRevokedWhenLoginAfterRevocationThenFalse() {
        revocations.revoke(ISS, "alice", "sid-1");
        clock.advance(Duration.ofMillis(1));

        assertFalse(revocations.isRevoked(session(ISS, "alice", "sid-1", clock.millis())));
    }

    @Test
    void isRevokedWhenRetentionOverThenForgotten() {
        long boundAt = clock.millis();
        revocations.revoke(ISS, "alice", null);
        clock.advance(Revocations.RETENTION.plusSeconds(1));

        assertFalse(revocations.isRevoked(session(ISS, "alice", null, boundAt)));
    }

    @Test
    void revokeWhenNeitherSubNorSidThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> revocations.revoke(ISS, null, null));
    }

    @Test
    void revokeWhenStoreFullThenFalse() {
        InMemoryClusterState full = new InMemoryClusterState(clock, 1);
        full.put("other", "x", Duration.ofMinutes(5));

        assertFalse(new Revocations(full, live, clock).revoke(ISS, "alice", null));
    }

    @Test
    void isRevokedWhenLoginJudgedOnceThenLaterRequestsWithinBoundReadNothing() {
        AtomicInteger calls = new AtomicInteger();
        Revocations node = new Revocations(new CountingClusterState(state, calls), live, clock);
        OidcSession alice = session(ISS, "alice", "sid-1", clock.millis());
        assertFalse(node.isRevoked(alice));
        int first = calls.get();

        for (int i = 0; i < 1_000; i++) {
            clock.advance(Duration.ofMillis(1));
            assertFalse(node.isRevoked(alice));
        }

        assertEquals(3, first, "the generation and the two records, once");
        assertEquals(first, calls.get(), "1,000 requests within the bound answered from memory");
        clock.advance(Revocations.PROPAGATION_BOUND);
        assertFalse(node.isRevoked(alice));
        assertEquals(first + 1, calls.get(), "after the bound: one read of the generation, no change, no more");
    }

    @Test
    void isRevokedWhenRevokedOnAnotherNodeThenEndedOnceTheBoundHasPassed() {
        Revocations nodeA = new Revocations(state, live, clock);
        Revocations nodeB = new Revocations(state, live, clock);
        OidcSession alice = session(ISS, "alice", "sid-1", clock.millis());
        assertFalse(nodeA.isRevoked(alice));
        clock.advance(Duration.ofMillis(10));

        assertTrue(nodeB.revoke(ISS, "alice", null));

        assertTrue(nodeB.isRevoked(alice), "on the node that recorded it: at once");
        clock.advance(Revocations.PROPAGATION_BOUND.minusMillis(11));
        assertFalse(nodeA.isRevoked(alice), "within the bound node A may still answer from its view");
        clock.advance(Duration.ofMillis(1));
        assertTrue(nodeA.isRevoked(alice), "the bound after the revocation node A has it");
    }

    @Test
    void revokeLiveSidWhenNoLoginHasThatSidThenUnknownAndNothingWritten() {
        assertEquals(Revocations.Outcome.UNKNOWN_SESSION, revocations.revokeLiveSid(ISS, "made-up"));
        assertEquals(0, state.size());
        assertEquals(0, live.size());
    }

    @Test
    void revokeLiveSidWhenLoginRecordedThenRevokedEverywhere() {
        OidcSession alice = session(ISS, "alice", "sid-1", clock.millis());
        assertTrue(revocations.recordLogin(alice));
        clock.advance(Duration.ofMillis(1));

        assertEquals(Revocations.Outcome.REVOKED, revocations.revokeLiveSid(ISS, "sid-1"));

        assertTrue(new Revocations(state, live, clock).isRevoked(alice));
        assertEquals(Revocations.Outcome.UNKNOWN_SESSION, revocations.revokeLiveSid("https://other.example", "sid-1"));
    }

    @Test
    void recordLoginWhenNoSidThenNothingListed() {
        assertTrue(revocations.recordLogin(session(ISS, "alice", null, clock.millis())));
        assertEquals(0, live.size());
    }

    @Test
    void revokeWhenOnlyTheSidRecordFitsThenFalseButOtherNodesStillSeeTheSidWithinTheBound() {
        InMemoryClusterState small = new InMemoryClusterState(clock, 3);
        Revocations nodeA = new Revocations(small, live, clock);
        Revocations nodeB = new Revocations(small, live, clock);
        assertTrue(nodeB.revoke(ISS, "bob", null), "bob's record and the generation: 2 of 3");
        OidcSession alice = session(ISS, "alice", "sid-1", clock.millis());
        assertFalse(nodeA.isRevoked(alice));
        clock.advance(Duration.ofMillis(10));

        assertFalse(nodeB.revoke(ISS, "carol", "sid-1"), "the sid record fits, carol's does not");

        clock.advance(Revocations.PROPAGATION_BOUND);
        assertTrue(nodeA.isRevoked(alice), "what was recorded was announced");
    }
}
