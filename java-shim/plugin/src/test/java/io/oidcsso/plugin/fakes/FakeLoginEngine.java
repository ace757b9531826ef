package io.oidcsso.plugin.fakes;

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
    private int counter;
    private String decisionJson;
    private EngineFailure beginFailure;
    private boolean closed;
    private int reloads;

    public void answer(String decision) {
        decisionJson = decision;
    }

    public void failBeginWith(EngineFailure failure) {
        beginFailure = failure;
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
        answer.addProperty("expiresAt", 4_000_000_000L);
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
