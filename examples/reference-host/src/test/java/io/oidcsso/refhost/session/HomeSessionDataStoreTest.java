package io.oidcsso.refhost.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.refhost.security.HostPrincipal;
import java.nio.file.Path;
import java.util.Set;
import org.eclipse.jetty.session.SessionData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeSessionDataStoreTest {
    @TempDir
    Path home;

    private HomeSessionDataStore store() {
        return new HomeSessionDataStore(home, HomeSessionDataStoreTest.class.getClassLoader());
    }

    private static SessionData session(String id, long now) {
        SessionData data = new SessionData(id, "/", "0.0.0.0", now, now, now, 1_800_000);
        data.setAttribute("seraph_defaultauthenticator_user", new HostPrincipal("admin", "admin"));
        data.setExpiry(now + 1_800_000);
        data.setLastSaved(now);
        return data;
    }

    @Test
    void loadWhenStoredByAnotherInstanceThenSameAttributesAndTimes() throws Exception {
        long now = System.currentTimeMillis();
        store().doStore("s1", session("s1", now), 0);
        SessionData loaded = store().doLoad("s1");
        assertEquals(new HostPrincipal("admin", "admin"), loaded.getAttribute("seraph_defaultauthenticator_user"));
        assertEquals(now + 1_800_000, loaded.getExpiry());
        assertEquals(now, loaded.getLastSaved());
    }

    @Test
    void storeWhenSessionWasDeletedElsewhereThenNotResurrected() throws Exception {
        long now = System.currentTimeMillis();
        HomeSessionDataStore nodeA = store();
        HomeSessionDataStore nodeB = store();
        nodeA.doStore("s2", session("s2", now), 0);
        nodeB.delete("s2");
        nodeA.doStore("s2", session("s2", now), now);
        assertNull(nodeB.doLoad("s2"));
    }

    @Test
    void expiredWhenExpiryPassedThenListed() throws Exception {
        long now = System.currentTimeMillis();
        SessionData old = session("old", now);
        old.setExpiry(now - 1);
        store().doStore("old", old, 0);
        store().doStore("fresh", session("fresh", now), 0);
        assertEquals(Set.of("old"), store().doGetExpired(now));
        assertTrue(store().doCheckExpired(Set.of("old", "fresh", "gone"), now).containsAll(Set.of("old", "gone")));
    }
}
