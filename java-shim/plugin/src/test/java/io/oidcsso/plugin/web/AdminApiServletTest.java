package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.admin.AdminApi;
import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import io.oidcsso.plugin.fakes.TestRuntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminApiServletTest {
    private final TestRuntime test = TestRuntime.configured();
    private final OidcSso sso = OidcSso.over(test.runtime);

    @ParameterizedTest
    @ValueSource(strings = {"HEAD", "OPTIONS", "TRACE", "PATCH", "BREW\r\nX-Injected: 1"})
    void serviceWhenMethodTheApiNeverAnswersThen405JsonWithTheEndpointsMethodsAndNothingEchoed(String method)
            throws Exception {
        FakeResponse response = new FakeResponse();
        FakeRequest request = FakeRequest.get(AdminApi.PATH + "/config").method(method).remoteUser("admin")
                .header("Cookie", "JSESSIONID=secret-session");

        new AdminApiServlet(sso).service(request.request(), response.response());

        assertEquals(405, response.status());
        assertEquals("GET, PUT", response.header("Allow"));
        assertEquals("no-store", response.header("Cache-Control"));
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("method_not_allowed", body.get("error").getAsString());
        assertFalse(response.body().contains("secret-session"), "a TRACE must not echo the request");
        assertFalse(response.body().contains("\r") || response.body().contains("\n"), response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PATCH", "OPTIONS"})
    void serviceWhenUnknownEndpointAndForeignMethodThen405WithTheApisMethods(String method) throws Exception {
        FakeResponse response = new FakeResponse();

        new AdminApiServlet(sso).service(FakeRequest.get(AdminApi.PATH + "/nope").method(method).request(),
                response.response());

        assertEquals(405, response.status());
        assertEquals("DELETE, GET, POST, PUT", response.header("Allow"));
    }
}
