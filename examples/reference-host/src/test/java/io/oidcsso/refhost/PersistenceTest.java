package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.crowd.embedded.api.UserWithAttributes;
import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.crowd.TestUsers;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State written through the host survives a restart over the same home. */
class PersistenceTest {
    @TempDir
    Path work;

    @Test
    void settingsWhenWrittenByThePluginThenReadAfterRestart() throws Exception {
        Path home = work.resolve("home");
        Path jar = TestPluginJar.build(work);
        try (TestHost first = TestHost.start(home, jar)) {
            assertEquals(204, first.postForm("/plugins/servlet/probe/x", Map.of("setting", "io.oidcsso.test", "value", "kept")).statusCode());
        }
        try (TestHost second = TestHost.start(home, jar)) {
            assertTrue(second.get("/plugins/servlet/probe/x?setting=io.oidcsso.test").body().contains("setting=kept\n"));
        }
    }

    @Test
    void usersWhenCreatedThenLogInAfterRestartWithGroupsAndAttributes() throws Exception {
        Path home = work.resolve("home");
        try (TestHost first = TestHost.start(home, null)) {
            FileCrowdService directory = new FileCrowdService(home);
            UserWithAttributes carol = directory.addUser(TestUsers.user("carol", "Carol C", "carol@example.com", true), "secret");
            directory.addUserToGroup(carol, directory.getGroup("ref-users"));
            directory.setUserAttribute(carol, "oidc.subject", Set.of("carol-sub"));
            assertEquals(302, first.login("carol", "secret", null).statusCode());
        }
        try (TestHost second = TestHost.start(home, null)) {
            assertEquals(302, second.login("carol", "secret", null).statusCode());
            String whoami = second.get("/rest/whoami").body();
            assertTrue(whoami.contains("\"user\":\"carol\"") && whoami.contains("ref-users"), whoami);
            assertEquals("carol-sub", new FileCrowdService(home).getUserWithAttributes("carol").getValue("oidc.subject"));
        }
    }

    @Test
    void demoDataWhenHomeAlreadySeededThenNotSeededAgain() throws Exception {
        Path home = work.resolve("home");
        try (TestHost first = TestHost.start(home, null)) {
            assertEquals(302, first.login("local", "local", null).statusCode());
            new FileCrowdService(home).updateUser(TestUsers.user("local", "Renamed Local", "l@example.com", false));
        }
        try (TestHost second = TestHost.start(home, null)) {
            assertEquals(401, second.login("local", "local", null).statusCode());
        }
    }
}
