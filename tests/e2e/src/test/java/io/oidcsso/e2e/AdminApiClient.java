package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Function;

/**
 * The admin REST API (docs/admin-api.openapi.yaml) as a script uses it: a session of a local
 * administrator (the local login also opens the product's websudo), JSON bodies with the
 * {@code X-Atlassian-Token: no-check} header. Every raw body it receives is kept for a secret check.
 */
final class AdminApiClient {
    static final String API_PATH = "/plugins/servlet/oidc-sso/admin/api/";

    private final ScriptedUserAgent agent;
    private final Function<String, URI> url;
    private final StringBuilder received = new StringBuilder();

    private AdminApiClient(ScriptedUserAgent agent, Function<String, URI> url) {
        this.agent = agent;
        this.url = url;
    }

    /** Logs in through the emergency local login of the node whose URLs {@code url} builds. */
    static AdminApiClient loggedIn(Function<String, URI> url, String username, String password) {
        ScriptedUserAgent agent = new ScriptedUserAgent();
        HttpResponse<String> login = agent.postForm(url.apply(E2eSettings.LOCAL_LOGIN_PATH),
                Map.of("os_username", username, "os_password", password), url.apply("/").toString());
        assertEquals(302, login.statusCode(), "local login of " + username + ": " + login.body());
        return new AdminApiClient(agent, url);
    }

    /** Without any session. */
    static AdminApiClient anonymous(Function<String, URI> url) {
        return new AdminApiClient(new ScriptedUserAgent(), url);
    }

    HttpResponse<String> get(String endpoint) {
        return keep(agent.request("GET", url.apply(API_PATH + endpoint), null, Map.of()));
    }

    /** A change as the contract wants it: JSON and the XSRF header. */
    HttpResponse<String> send(String method, String endpoint, String body) {
        return send(method, endpoint, body, Map.of("Content-Type", "application/json",
                "X-Atlassian-Token", "no-check"));
    }

    HttpResponse<String> send(String method, String endpoint, String body, Map<String, String> headers) {
        return keep(agent.request(method, url.apply(API_PATH + endpoint), body, headers));
    }

    /** The body of a 200 answer as an object. */
    static JsonObject ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.uri() + ": " + response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /** The {@code error} code of a JSON error answer with {@code status}. */
    static String error(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.uri() + ": " + response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        return JsonParser.parseString(response.body()).getAsJsonObject().get("error").getAsString();
    }

    /** The session cookie this client sends to the API, for a request written byte for byte ({@link RawHttp}). */
    String cookieHeader() {
        return agent.cookieHeader(url.apply(API_PATH));
    }

    /** Every body received so far. */
    String received() {
        return received.toString();
    }

    private HttpResponse<String> keep(HttpResponse<String> response) {
        received.append(response.body()).append('\n');
        return response;
    }
}
