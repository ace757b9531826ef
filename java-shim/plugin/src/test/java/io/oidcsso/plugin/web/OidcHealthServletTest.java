package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.EngineInfo;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.runtime.EngineSlot;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OidcHealthServletTest {
    private static final String ENFORCED = "{\"schemaVersion\":1,\"idps\":[{\"id\":\"dev\"}],"
            + "\"routing\":{\"enforceSso\":true}}";

    @AfterEach
    void clearKillSwitch() {
        System.clearProperty(PluginRuntime.KILL_SWITCH_PROPERTY);
    }

    private static FakeResponse get(PluginRuntime runtime) throws Exception {
        OidcHealthServlet servlet = new OidcHealthServlet(OidcSso.over(runtime));
        FakeResponse response = new FakeResponse();
        servlet.service(FakeRequest.get("/plugins/servlet/oidc-sso/health").request(), response.response());
        return response;
    }

    private static JsonObject json(FakeResponse response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    @Test
    void healthWhenEngineActiveThen200SsoOnAndNoSecret() throws Exception {
        TestRuntime test = TestRuntime.configured();
        FakeResponse response = get(test.runtime);
        assertEquals(200, response.status());
        assertTrue(response.contentType().startsWith("application/json"));
        JsonObject body = json(response);
        assertEquals("ok", body.get("status").getAsString());
        assertEquals("on", body.get("sso").getAsString());
        assertEquals("active", body.get("reason").getAsString());
        assertEquals("open", body.get("localLogin").getAsString());
        assertFalse(response.body().contains("secret") || response.body().contains("issuer"), response.body());
    }

    @Test
    void healthWhenNativeLibraryUnavailableAndSsoEnforcedThen503AndLocalLoginRestricted() throws Exception {
        TestRuntime test = new TestRuntime("http://localhost:8080");
        test.configStore.save(ENFORCED, 0);
        PluginRuntime broken = new PluginRuntime(test.runtime.adapters(),
                EngineSlot.disabled("native library unavailable: test"), test.runtime.configSaver(), test.runtime.audit(),
                test.clock);
        FakeResponse response = get(broken);
        assertEquals(503, response.status());
        JsonObject body = json(response);
        assertEquals("unavailable", body.get("status").getAsString());
        assertEquals("off", body.get("sso").getAsString());
        assertEquals("native_library_unavailable", body.get("reason").getAsString());
        assertEquals("restricted", body.get("localLogin").getAsString());
        assertTrue(body.get("ssoEnforced").getAsBoolean());
    }

    @Test
    void healthWhenNothingConfiguredOrKillSwitchThen200SsoOff() throws Exception {
        FakeResponse unconfigured = get(new TestRuntime("http://localhost:8080").runtime);
        assertEquals(200, unconfigured.status());
        assertEquals("not_configured", json(unconfigured).get("reason").getAsString());

        System.setProperty(PluginRuntime.KILL_SWITCH_PROPERTY, "true");
        FakeResponse killed = get(TestRuntime.configured().runtime);
        assertEquals(200, killed.status());
        assertEquals("kill_switch", json(killed).get("reason").getAsString());
        assertEquals("off", json(killed).get("sso").getAsString());
    }

    @Test
    void healthWhenStoredDocumentUnreadableThen503() throws Exception {
        TestRuntime test = new TestRuntime("http://localhost:8080");
        test.configStore.save("{not json", 0);
        FakeResponse response = get(test.runtime);
        assertEquals(503, response.status());
        assertEquals("configuration_unreadable", json(response).get("reason").getAsString());
        assertEquals("restricted", json(response).get("localLogin").getAsString());
    }

    @Test
    void idpsWhenEngineInfoThenIdAndCircuitOnly() {
        EngineInfo info = new EngineInfo(1, 600, "https://x/cb", List.of(
                idp("dev", new EngineInfo.Availability(EngineInfo.CircuitState.OPEN, 1700000000L, 3, "timeout",
                        1700000000L, 1700000005L, 0, 0, 16)),
                idp("kc", new EngineInfo.Availability(EngineInfo.CircuitState.CLOSED, 0, 0, null, null, null, 0, 0,
                        16))), "sso-sessions");
        JsonArray idps = OidcHealthServlet.idps(() -> info);
        assertEquals(2, idps.size());
        JsonObject dev = idps.get(0).getAsJsonObject();
        assertEquals("dev", dev.get("id").getAsString());
        assertEquals("open", dev.get("state").getAsString());
        assertEquals("2023-11-14T22:13:20Z", dev.get("since").getAsString());
        assertEquals(3, dev.get("consecutiveFailures").getAsInt());
        assertFalse(dev.has("issuer") || dev.has("lastFailure"));
        assertEquals("closed", idps.get(1).getAsJsonObject().get("state").getAsString());
    }

    @Test
    void idpsWhenEngineInfoFailsThenEmpty() {
        assertEquals(0, OidcHealthServlet.idps(() -> {
            throw new IllegalStateException("engine closed");
        }).size());
    }

    private static EngineInfo.Idp idp(String id, EngineInfo.Availability availability) {
        return new EngineInfo.Idp(id, id, "https://" + id, null, true, false, false, "client_secret_basic",
                List.of("RS256"), new EngineInfo.Quirks(false), availability,
                EngineInfo.Fetches.NONE, EngineInfo.Fetches.NONE, false, null);
    }
}
