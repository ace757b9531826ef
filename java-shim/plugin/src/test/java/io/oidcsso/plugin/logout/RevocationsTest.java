package io.oidcsso.plugin.logout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.InMemoryClusterState;
import io.oidcsso.plugin.fakes.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RevocationsTest {
    private static final String ISS = "https://idp.example.com";

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final InMemoryClusterState state = new InMemoryClusterState(clock, 10);
    private final Revocations revocations = new Revocations(state, clock);

    private OidcSession session(String iss, String sub, String sid, long boundAt) {
        return new OidcSession("dev", iss, sub, sid, boundAt, null);
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

        assertFalse(new Revocations(full, clock).revoke(ISS, "alice", null));
    }
}
