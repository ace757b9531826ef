package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes over one home, one browser going to either (a balancer without stickiness). */
class TwoNodeTest {
    @TempDir
    Path work;

    @Test
    void sessionWhenSharedModeThenLoginOnOneNodeIsSeenOnTheOther() throws Exception {
        Path home = work.resolve("home");
        Path jar = TestPluginJar.build(work);
        try (TestHost a = TestHost.start(home, jar, "--sessions", "shared", "--node-id", "a");
                TestHost b = TestHost.start(home, jar, "--sessions", "shared", "--node-id", "b")) {
            a.login("admin", "admin", null);
            HttpResponse<String> onB = b.get(a.browser, "/rest/whoami");
            assertTrue(onB.body().contains("\"user\":\"admin\""), onB.body());
            assertEquals("b", onB.headers().firstValue("X-Reference-Host-Node").orElseThrow());
            a.get("/logout");
            assertTrue(b.get(a.browser, "/rest/whoami").body().contains("\"user\":null"));
        }
    }

    @Test
    void sessionWhenSharedModeAndPluginBindsOnOneNodeThenOtherNodeAgrees() throws Exception {
        Path home = work.resolve("home");
        Path jar = TestPluginJar.build(work);
        try (TestHost a = TestHost.start(home, jar, "--sessions", "shared", "--node-id", "a");
                TestHost b = TestHost.start(home, jar, "--sessions", "shared", "--node-id", "b")) {
            a.get("/plugins/servlet/bind?user=local");
            assertTrue(b.get(a.browser, "/rest/whoami").body().contains("\"user\":\"local\""));
        }
    }

    @Test
    void sessionWhenNodeModeThenOtherNodeDoesNotKnowIt() throws Exception {
        Path home = work.resolve("home");
        try (TestHost a = TestHost.start(home, null, "--node-id", "a");
                TestHost b = TestHost.start(home, null, "--node-id", "b")) {
            a.login("admin", "admin", null);
            assertTrue(a.get("/rest/whoami").body().contains("\"user\":\"admin\""));
            assertTrue(b.get(a.browser, "/rest/whoami").body().contains("\"user\":null"));
        }
    }

    @Test
    void usersWhenCreatedThroughOneNodeThenVisibleOnTheOther() throws Exception {
        Path home = work.resolve("home");
        try (TestHost a = TestHost.start(home, null, "--node-id", "a");
                TestHost b = TestHost.start(home, null, "--node-id", "b")) {
            new io.oidcsso.refhost.crowd.FileCrowdService(home).addUser(
                    io.oidcsso.refhost.crowd.TestUsers.user("dave", "Dave", null, true), "pw");
            assertEquals(302, b.login("dave", "pw", null).statusCode());
            assertEquals(302, a.login("dave", "pw", null).statusCode());
        }
    }
}
