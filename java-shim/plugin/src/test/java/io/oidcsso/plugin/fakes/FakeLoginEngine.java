package io.oidcsso.plugin.fakes;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.EngineFailure;
import io.oidcsso.plugin.engine.HostContext;
import io.oidcsso.plugin.engine.LoginEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * A scriptable engine with the core's observable contract: beginLogin puts the browser binding into
 * the pending record; completeLogin rejects a missing pending record ({@code state_not_found}) and
 * a binding that differs ({@code browser_binding_mismatch}), then answers the scripted decision.
 */
public final class FakeLoginEngine implements LoginEngine {
    public static final String AUTHORIZATION_ENDPOINT = "https://idp.example/authorize";

    public final List<String> beginRequests = new ArrayList<>();
    public final List<String> completeRequests = new ArrayList<>();
    public final List<String> logoutRequests = new ArrayList<>();
    public final List<String> endSessionRequests = new ArrayList<>();
    private String logoutAnswer;
    private EngineFailure logoutFailure;
    private String endSessionAnswer;
    private EngineFailure endSessionFailure;
    private List<String> issuers = List.of();
    public final List<String> loginUiRequests = new ArrayList<>();
    public static final String ROUTED_IDP = "test";
    private String routeJson = immediateRedirect(ROUTED_IDP);
    /** Route answers to give, in order, before {@link #routeJson}. */
    private final java.util.ArrayDeque<String> nextRoutes = new java.util.ArrayDeque<>();
    private final java.util.Map<String, String> idpByIssuer = new java.util.HashMap<>();
    private int counter;
    private long expiresAt = 4_000_000_000L;
    private String decisionJson;
    private EngineFailure beginFailure;
    private EngineFailure renderFailure;
    private boolean closed;
    private int reloads;

    public void answer(String decision) {
        decisionJson = decision;
    }

    /** The {@code expiresAt} of later logins (epoch seconds). */
    public synchronized void expireAt(long epochSeconds) {
        expiresAt = epochSeconds;
    }

    public void failBeginWith(EngineFailure failure) {
        beginFailure = failure;
    }

    /** Every later {@code render} call of {@code loginUi} throws {@code failure}, as a broken engine would. */
    public synchronized void failRenderWith(EngineFailure failure) {
        renderFailure = failure;
    }

    @Override
    public synchronized String beginLogin(String requestJson) {
        beginRequests.add(requestJson);
        if (beginFailure != null) {
            throw beginFailure;
        }
        JsonObject request = JsonParser.parseString(requestJson).getAsJsonObject();
        String state = "state-" + (++counter);
        JsonObject pending = new JsonObject();
        pending.addProperty("state", state);
        pending.add("browserBinding", request.get("browserBinding"));
        pending.add("returnTo", request.get("returnTo"));
        JsonObject answer = new JsonObject();
        answer.addProperty("authorizationUrl", AUTHORIZATION_ENDPOINT + "?state=" + state);
        answer.addProperty("state", state);
        answer.add("pending", pending);
        answer.addProperty("expiresAt", expiresAt);
        return answer.toString();
    }

    @Override
    public synchronized String completeLogin(String requestJson) {
        completeRequests.add(requestJson);
        JsonObject request = JsonParser.parseString(requestJson).getAsJsonObject();
        if (request.get("pending").isJsonNull()) {
            throw new EngineFailure(EngineFailure.Kind.AUTHENTICATION, "state_not_found",
                    "no pending login for this state: replayed or expired", null);
        }
        JsonObject pending = request.getAsJsonObject("pending");
        if (request.get("browserBinding").isJsonNull()
                || !pending.get("browserBinding").getAsString().equals(request.get("browserBinding").getAsString())) {
            throw new EngineFailure(EngineFailure.Kind.AUTHENTICATION, "browser_binding_mismatch",
                    "the callback came from another browser", null);
        }
        return decisionJson;
    }

    /** The real core's plan (see {@link NativePlanner}) for the scripted decision's IdP settings. */
    @Override
    public synchronized String planProvisioning(String requestJson) {
        return NativePlanner.planFor(decisionJson, requestJson);
    }

    /** Routes to {@link #ROUTED_IDP} at once unless {@link #answerRoute} scripted another decision. */
    @Override
    public synchronized String loginUi(String requestJson) {
        loginUiRequests.add(requestJson);
        JsonObject request = JsonParser.parseString(requestJson).getAsJsonObject();
        if (request.get("op").getAsString().equals("route")) {
            return route(request);
        }
        if (renderFailure != null) {
            throw renderFailure;
        }
        // The visible parts of the core's built-in pages that the shim's tests look at.
        String local = request.get("contextPath").getAsString() + request.get("loginPath").getAsString()
                + "?oidcsso_local=true";
        String body = request.has("code")
                ? "<p>Error code: <code>" + request.get("code").getAsString() + "</code><br>Reference: <code>"
                        + request.get("reference").getAsString() + "</code></p>"
                : "<p>" + request.get("page").getAsString() + "</p>";
        JsonObject page = new JsonObject();
        page.addProperty("html", body + "<p><a href=\"" + local + "\">Log in with a local account</a></p>");
        page.add("warning", com.google.gson.JsonNull.INSTANCE);
        return page.toString();
    }

    private String route(JsonObject request) {
        if (request.has("issuer") && !request.get("issuer").isJsonNull()) {
            // As the core: an issuer names an enabled IdP exactly, else unknown_issuer.
            String idp = idpByIssuer.get(request.get("issuer").getAsString());
            if (idp == null) {
                throw new EngineFailure(EngineFailure.Kind.AUTHENTICATION, "unknown_issuer",
                        "no enabled IdP has this issuer", null);
            }
            return immediateRedirect(idp);
        }
        if (!nextRoutes.isEmpty()) {
            return nextRoutes.poll();
        }
        // As the core without forceLogin: other pages need no login.
        return request.get("page").getAsString().equals("other") ? "{\"outcome\":\"pass\"}" : routeJson;
    }

    /** The core's answer that starts a login at {@code idpId} at once. */
    public static String immediateRedirect(String idpId) {
        return "{\"outcome\":\"redirect\",\"idpId\":\"" + idpId
                + "\",\"delayed\":false,\"delaySeconds\":0,\"rule\":null}";
    }

    public synchronized void answerRoute(String decisionJson) {
        routeJson = decisionJson;
    }

    /** Scripts the next route answers, in order; afterwards {@link #answerRoute}'s answer again. */
    public synchronized void answerRoutesInOrder(String... decisionsJson) {
        nextRoutes.addAll(List.of(decisionsJson));
    }

    /** A third-party-initiated login with this {@code iss} routes to {@code idpId}; other issuers are unknown. */
    public synchronized void idpForIssuer(String issuer, String idpId) {
        idpByIssuer.put(issuer, idpId);
    }

    /** Scripts {@code validateLogoutToken}: the answer JSON, or a failure when {@code failure} is set. */
    public synchronized void answerLogout(String answerJson, EngineFailure failure) {
        logoutAnswer = answerJson;
        logoutFailure = failure;
    }

    /** Scripts {@code endSessionUrl}: the answer JSON, or a failure when {@code failure} is set. */
    public synchronized void answerEndSession(String answerJson, EngineFailure failure) {
        endSessionAnswer = answerJson;
        endSessionFailure = failure;
    }

    /** The issuers {@code info} lists. */
    public synchronized void issuers(String... issuers) {
        this.issuers = List.of(issuers);
    }

    @Override
    public synchronized String validateLogoutToken(String requestJson) {
        logoutRequests.add(requestJson);
        if (logoutFailure != null) {
            throw logoutFailure;
        }
        return logoutAnswer;
    }

    @Override
    public synchronized String endSessionUrl(String requestJson) {
        endSessionRequests.add(requestJson);
        if (endSessionFailure != null) {
            throw endSessionFailure;
        }
        return endSessionAnswer;
    }

    @Override
    public synchronized String info() {
        JsonArray idps = new JsonArray();
        for (int i = 0; i < issuers.size(); i++) {
            JsonObject idp = new JsonObject();
            idp.addProperty("id", i == 0 ? "dev" : "idp" + i);
            idp.addProperty("issuer", issuers.get(i));
            idps.add(idp);
        }
        JsonObject info = new JsonObject();
        info.add("idps", idps);
        return info.toString();
    }

    @Override
    public synchronized void reload(String configJson, HostContext hostContext) {
        reloads++;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    public synchronized boolean closed() {
        return closed;
    }

    public synchronized int reloads() {
        return reloads;
    }
}
