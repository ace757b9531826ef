package io.oidcsso.plugin.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.fakes.FakeAdminGuard;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.runtime.HostAdapters;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET audit} and {@code GET audit/download}: the cluster's recent events, filtered, behind the API's guard. */
class AuditEndpointsTest {
    private final TestRuntime test = new TestRuntime("http://localhost:8080");
    private final FakeAdminGuard guard = new FakeAdminGuard();
    private final AdminApi api;

    AuditEndpointsTest() {
        api = test.adminApi(guard);
        record("login.bound", "user", "alice", "idp", "dev");
        record("login.failed", "code", "invalid_state", "idp", "dev");
        record("login.bound", "user", "Bob", "idp", "other");
        record("config.saved", "by", "admin", "via", "api", "pointers", "changed /idps/0/displayName");
        assertTrue(test.auditStore.flush());
    }

    private void record(String event, String... fields) {
        test.clock.advance(Duration.ofSeconds(1));
        test.runtime.audit().record(event, AuditLog.fields(fields));
    }

    private FakeResponse get(String endpoint, String... parameters) throws Exception {
        FakeRequest request = FakeRequest.get(AdminApi.PATH + "/" + endpoint).remoteUser("admin");
        for (int i = 0; i < parameters.length; i += 2) {
            request.addParam(parameters[i], parameters[i + 1]);
        }
        FakeResponse response = new FakeResponse();
        api.handle(endpoint, request.request(), response.response());
        assertEquals("no-store", response.header("Cache-Control"));
        return response;
    }

    private static List<String> events(FakeResponse response) {
        JsonArray events = JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("events");
        return events.asList().stream().map(JsonElement::getAsJsonObject)
                .map(e -> e.get("event").getAsString() + (e.has("user") ? " " + e.get("user").getAsString() : ""))
                .toList();
    }

    @Test
    void auditWhenNoFilterThenEveryStoredEventNewestFirstWithItsHeader() throws Exception {
        FakeResponse response = get("audit");

        assertEquals(200, response.status(), response.body());
        assertEquals(List.of("config.saved", "login.bound Bob", "login.failed", "login.bound alice"), events(response));
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        JsonObject newest = body.getAsJsonArray("events").get(0).getAsJsonObject();
        assertEquals("node-1", newest.get("node").getAsString());
        assertEquals("INFO", newest.get("level").getAsString());
        assertEquals(test.clock.instant().toString(), newest.get("ts").getAsString());
        assertEquals(2000, body.get("capacity").getAsInt());
    }

    @Test
    void auditWhenFiltersThenTheyCombine() throws Exception {
        assertEquals(List.of("login.bound Bob", "login.failed", "login.bound alice"), events(get("audit", "event", "login.")));
        assertEquals(List.of("login.bound Bob", "login.bound alice"), events(get("audit", "event", "login.bound")));
        assertEquals(List.of("login.bound Bob"), events(get("audit", "event", "login.bound", "user", "bob")));
        assertEquals(List.of("login.failed", "login.bound alice"), events(get("audit", "idp", "dev")));
        assertEquals(List.of("login.failed"), events(get("audit", "idp", "dev", "event", "login.failed")));
        String third = test.clock.instant().minusSeconds(1).toString();
        assertEquals(List.of("config.saved", "login.bound Bob"), events(get("audit", "since", third)));
        assertEquals(List.of("config.saved"), events(get("audit", "limit", "1")));
        assertEquals(4, events(get("audit", "event", "", "user", "")).size(), "an empty value is no filter");
    }

    @Test
    void auditWhenAFilterIsBadThen400NamingTheParameter() throws Exception {
        String[][] cases = {
            {"since", "yesterday"}, {"limit", "0"}, {"limit", "2001"}, {"limit", "ten"}, {"event", "login failed"},
            {"user", "u".repeat(201)}, {"sort", "asc"},
        };
        for (String[] bad : cases) {
            FakeResponse response = get("audit", bad);
            assertEquals(400, response.status(), Arrays.toString(bad));
            JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
            assertEquals("invalid_parameter", body.get("error").getAsString());
            assertEquals(bad[0], body.get("parameter").getAsString(), response.body());
        }
        FakeResponse twice = get("audit", "idp", "dev", "idp", "other");
        assertEquals("idp", JsonParser.parseString(twice.body()).getAsJsonObject().get("parameter").getAsString());
    }

    @Test
    void auditWhenTheContainerCannotParseTheQueryThen400NotA500() throws Exception {
        FakeRequest jetty = FakeRequest.get(AdminApi.PATH + "/audit").remoteUser("admin")
                .failParameters(new IllegalArgumentException("bad %-escape"));
        FakeRequest tomcat = FakeRequest.get(AdminApi.PATH + "/audit").remoteUser("admin")
                .attribute("org.apache.catalina.parameter_parse_failed", Boolean.TRUE);

        for (FakeRequest request : List.of(jetty, tomcat)) {
            FakeResponse response = new FakeResponse();
            api.handle("audit/download", request.request(), response.response());
            assertEquals(400, response.status(), response.body());
            assertEquals("invalid_request", JsonParser.parseString(response.body()).getAsJsonObject().get("error")
                    .getAsString());
        }
    }

    @Test
    void downloadWhenFilteredThenJsonLinesAsAnAttachment() throws Exception {
        FakeResponse response = get("audit/download", "event", "login.bound");

        assertEquals(200, response.status(), response.body());
        assertTrue(response.contentType().startsWith("application/x-ndjson"), response.contentType());
        assertTrue(response.header("Content-Disposition").matches("attachment; filename=\"oidc-sso-audit-\\d{8}T\\d{6}Z\\.jsonl\""),
                response.header("Content-Disposition"));
        List<String> lines = response.body().lines().toList();
        assertEquals(2, lines.size(), response.body());
        assertEquals("Bob", JsonParser.parseString(lines.get(0)).getAsJsonObject().get("user").getAsString());
        assertEquals("alice", JsonParser.parseString(lines.get(1)).getAsJsonObject().get("user").getAsString());
    }

    @Test
    void auditWhenNotASystemAdministratorThen403AndNoEvent() throws Exception {
        guard.systemAdmin = false;

        for (String endpoint : List.of("audit", "audit/download")) {
            FakeResponse response = get(endpoint);
            assertEquals(403, response.status(), endpoint);
            assertTrue(!response.body().contains("alice"), response.body());
        }
    }

    @Test
    void auditWhenRuntimeKeepsNoStoreThen503NotA500() throws Exception {
        HostAdapters real = test.runtime.adapters();
        AdminApi without = new AdminApi(new PluginRuntime(new HostAdapters(real.hostInfo(), real.loginBinder(),
                real.userDirectory(), real.configStore(), real.clusterState(), real.liveSessions(), guard),
                test.runtime.engineSlot(), test.saver, test.runtime.audit(), test.clock));
        FakeResponse response = new FakeResponse();
        without.handle("audit", FakeRequest.get(AdminApi.PATH + "/audit").remoteUser("admin").request(),
                response.response());

        assertEquals(503, response.status());
        assertTrue(response.body().contains("audit_store_unavailable"), response.body());
    }
}
