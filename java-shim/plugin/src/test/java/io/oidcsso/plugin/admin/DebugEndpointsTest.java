package io.oidcsso.plugin.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.fakes.FakeAdminGuard;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DebugEndpointsTest {
    private final TestRuntime test = TestRuntime.configured();
    private final PluginRuntime runtime;
    private final AdminApi api;

    DebugEndpointsTest() {
        runtime = test.withAdminGuard(new FakeAdminGuard());
        api = new AdminApi(runtime);
        test.engines.engine.issuers("https://idp.example");
    }

    private FakeResponse call(String method, String body) throws Exception {
        FakeRequest request = FakeRequest.get(AdminApi.PATH + "/audit/debug").method(method).remoteUser("admin");
        if (body != null) {
            request.json(body).header("X-Atlassian-Token", "no-check");
        }
        FakeResponse response = new FakeResponse();
        api.handle("audit/debug", request.request(), response.response());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        return response;
    }

    private static JsonObject json(FakeResponse response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    @Test
    void postWhenOnThenListedAuditedAndOffAtTheEndWithoutAnyCall() throws Exception {
        FakeResponse on = call("POST", "{\"idp\":\"dev\",\"minutes\":15}");

        assertEquals(200, on.status(), on.body());
        JsonArray listed = json(call("GET", null)).getAsJsonArray("debug");
        assertEquals(1, listed.size());
        assertEquals("dev", listed.get(0).getAsJsonObject().get("idp").getAsString());
        String until = test.clock.instant().plus(Duration.ofMinutes(15)).toString();
        assertEquals(until, listed.get(0).getAsJsonObject().get("until").getAsString());
        assertTrue(runtime.debugLog().debugSwitch().isOn("dev"));
        assertTrue(test.audit().stream().anyMatch(line -> line.startsWith("WARNING event=debug.enabled")
                && line.contains("by=\"admin\"") && line.contains("idp=\"dev\"") && line.contains(until)),
                String.join("\n", test.audit()));

        test.clock.advance(Duration.ofMinutes(15));
        assertEquals(0, json(call("GET", null)).getAsJsonArray("debug").size());
        assertFalse(runtime.debugLog().debugSwitch().isOn("dev"));
    }

    @Test
    void postWhenZeroMinutesThenOffAndAudited() throws Exception {
        call("POST", "{\"idp\":\"dev\",\"minutes\":5}");

        FakeResponse off = call("POST", "{\"idp\":\"dev\",\"minutes\":0}");

        assertEquals(200, off.status(), off.body());
        assertEquals(0, json(off).getAsJsonArray("debug").size());
        assertFalse(runtime.debugLog().debugSwitch().isOn("dev"));
        assertTrue(test.audit().stream().anyMatch(line -> line.startsWith("INFO event=debug.disabled")
                && line.contains("by=\"admin\"")), String.join("\n", test.audit()));
    }

    @Test
    void postWhenUnknownIdpOrMinutesOutOfRangeThen400NamingTheFieldAndNothingChanged() throws Exception {
        String[][] cases = {
            {"{\"idp\":\"nope\",\"minutes\":5}", "idp"},
            {"{\"minutes\":5}", "idp"},
            {"{\"idp\":5,\"minutes\":5}", null},
            {"{\"idp\":\"dev\",\"minutes\":61}", "minutes"},
            {"{\"idp\":\"dev\",\"minutes\":-1}", "minutes"},
            {"{\"idp\":\"dev\",\"minutes\":1.5}", "minutes"},
            {"{\"idp\":\"dev\",\"minutes\":\"5\"}", "minutes"},
            {"{\"idp\":\"dev\"}", "minutes"},
            {"{\"idp\":\"dev\",\"minutes\":99999999999999999999}", "minutes"},
        };
        for (String[] c : cases) {
            FakeResponse response = call("POST", c[0]);

            assertEquals(400, response.status(), c[0] + " -> " + response.body());
            if (c[1] != null) {
                assertEquals(c[1], json(response).get("field").getAsString(), response.body());
            }
            assertFalse(response.body().contains("Exception"), response.body());
        }
        assertFalse(runtime.debugLog().debugSwitch().isOn("dev"));
        assertTrue(test.audit().stream().noneMatch(line -> line.contains("event=debug.")));
    }
}
