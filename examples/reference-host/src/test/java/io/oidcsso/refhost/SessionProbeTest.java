package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.refhost.web.SessionProbeServlet;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's session probe (scripts/bench-wrk.sh): absent unless asked for; names and sizes, never values. */
class SessionProbeTest {
    @TempDir
    Path work;
    private TestHost host;

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        System.clearProperty(SessionProbeServlet.PROPERTY);
    }

    @Test
    void probeWhenPropertyUnsetThenNotInstalled() throws Exception {
        host = TestHost.start(work.resolve("home"), null);
        assertEquals(302, host.login("local", "local", null).statusCode());
        HttpResponse<String> response = host.get(SessionProbeServlet.PATH);
        assertEquals(404, response.statusCode());
        assertFalse(response.body().contains("serializedBytes"), response.body());
    }

    @Test
    void probeWhenPropertySetThenSessionAttributeNamesClassesAndSizesOnly() throws Exception {
        System.setProperty(SessionProbeServlet.PROPERTY, "true");
        host = TestHost.start(work.resolve("home"), null);
        assertEquals(302, host.login("local", "local", null).statusCode());
        HttpResponse<String> response = host.get(SessionProbeServlet.PATH);
        assertEquals(200, response.statusCode());
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("local", body.get("remoteUser").getAsString());
        JsonObject attributes = body.getAsJsonObject("attributes");
        JsonObject principal = attributes.getAsJsonObject("seraph_defaultauthenticator_user");
        assertEquals("io.oidcsso.refhost.security.HostPrincipal", principal.get("class").getAsString());
        assertTrue(principal.get("serializedBytes").getAsInt() > 0);
        for (String name : attributes.keySet()) {
            assertEquals(Set.of("class", "serializedBytes"), attributes.getAsJsonObject(name).keySet(), name);
        }
    }
}
