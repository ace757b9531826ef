package io.oidcsso.plugin.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.oidcsso.plugin.login.TestLoginStore;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST test-login/start} and {@code GET test-login/result} (the "SSO doctor", docs/admin-guide.md):
 * the first gives the calling admin a one-time ticket and the URL that starts a test login at one IdP in a
 * new window (the URL does nothing without the ticket, and only this XSRF-protected call gets one); the
 * second answers the calling admin's latest results, never another admin's.
 */
final class TestLoginEndpoints {
    /** Context-relative, as the servlet module serves it. */
    static final String START_PATH = "/plugins/servlet/oidc-sso/admin/test-login";

    private final PluginRuntime runtime;
    private final TestLoginStore store;

    TestLoginEndpoints(PluginRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.store = new TestLoginStore(runtime.adapters().clusterState(), runtime.clock());
    }

    /** {@code contextPath}: the product's, which the URL starts with. */
    JsonObject start(JsonObject body, String user, String contextPath) {
        String idp = Fields.optionalString(body, "idp").orElseThrow(() -> invalid(
                "idp is required: the id of a configured IdP"));
        List<String> known = DebugEndpoints.idps(runtime);
        if (!known.contains(idp)) {
            throw invalid(known.isEmpty() ? "single sign-on is off: no IdP can be tested"
                    : "idp must be the id of a configured IdP (" + String.join(", ", known) + ")");
        }
        String ticket = store.issueTicket(user, idp).orElseThrow(() -> new ApiException(503, "unavailable",
                "the shared store is full; try again later"));
        JsonObject answer = new JsonObject();
        answer.addProperty("url", (contextPath == null ? "" : contextPath) + START_PATH + "?idp=" + URLEncoder.encode(idp, StandardCharsets.UTF_8) + "&ticket="
                + ticket);
        answer.addProperty("expiresInSeconds", TestLoginStore.TICKET_TTL.toSeconds());
        return answer;
    }

    JsonObject results(String user) {
        JsonArray list = new JsonArray();
        store.results(user).forEach(list::add);
        JsonObject answer = new JsonObject();
        answer.add("results", list);
        answer.addProperty("keptSeconds", TestLoginStore.RESULT_TTL.toSeconds());
        return answer;
    }

    private static ApiException invalid(String message) {
        JsonObject extra = new JsonObject();
        extra.addProperty("field", "idp");
        return new ApiException(400, "invalid_field", message, extra);
    }
}
