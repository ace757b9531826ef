package io.oidcsso.plugin.engine;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON shapes of docs/architecture.md, both ways. A malformed engine answer is an internal failure. */
public final class EngineJson {
    private EngineJson() {}

    public static String beginLoginRequest(String idpId, String returnTo, String browserBinding) {
        JsonObject request = new JsonObject();
        request.addProperty("idpId", idpId);
        request.addProperty("returnTo", returnTo);
        request.addProperty("browserBinding", browserBinding);
        return request.toString();
    }

    public static BeginLoginResult parseBeginLogin(String json) {
        JsonObject answer = object(json, "beginLogin");
        JsonElement pending = answer.get("pending");
        if (pending == null || !pending.isJsonObject()) {
            throw protocolError("beginLogin answer has no pending object");
        }
        return new BeginLoginResult(requiredString(answer, "authorizationUrl"), requiredString(answer, "state"),
                pending.toString(), answer.has("expiresAt") ? number(answer, "expiresAt") : 0L);
    }

    /** {@code pendingJson} is the record taken from ClusterState, or null when there was none. */
    public static String completeLoginRequest(String pendingJson, String browserBinding, Map<String, String> params) {
        return completeLoginRequest(pendingJson, browserBinding, params, null);
    }

    /** {@code callbackPath}: the context-relative path the callback arrived at (the core checks it is the login's). */
    public static String completeLoginRequest(String pendingJson, String browserBinding, Map<String, String> params,
            String callbackPath) {
        JsonObject request = new JsonObject();
        request.add("pending", pendingJson == null ? JsonNull.INSTANCE : parse(pendingJson, "pending record"));
        request.addProperty("browserBinding", browserBinding);
        JsonObject parameters = new JsonObject();
        params.forEach(parameters::addProperty);
        request.add("params", parameters);
        request.addProperty("callbackPath", callbackPath);
        return request.toString();
    }

    public static LoginDecision parseDecision(String json) {
        JsonObject d = object(json, "completeLogin");
        return new LoginDecision(requiredString(d, "idpId"), requiredString(d, "issuer"), requiredString(d, "subject"),
                requiredString(d, "username"), optionalString(d, "email"), bool(d, "emailVerified"),
                optionalString(d, "displayName"), stringList(d, "groups"), optionalString(d, "returnTo"),
                bool(d, "linkExistingAccounts"), bool(d, "createUsers"), audit(d), bool(d, "groupsClaimPresent"));
    }

    public static List<ConfigProblem> parseProblems(String json) {
        JsonElement root = parse(json, "validateConfig");
        if (!root.isJsonArray()) {
            throw protocolError("validateConfig answer is not a JSON array");
        }
        List<ConfigProblem> problems = new ArrayList<>();
        for (JsonElement item : root.getAsJsonArray()) {
            if (!item.isJsonObject()) {
                throw protocolError("validateConfig problem is not an object");
            }
            JsonObject problem = item.getAsJsonObject();
            problems.add(new ConfigProblem(pointer(problem), requiredString(problem, "message")));
        }
        return problems;
    }

    /**
     * A problem's JSON pointer (RFC 6901): {@code ""} is the whole document, where the core
     * reports an empty, non-JSON or non-object document; any other pointer starts with {@code /}.
     */
    private static String pointer(JsonObject problem) {
        String pointer = optionalString(problem, "pointer");
        if (pointer == null || !(pointer.isEmpty() || pointer.startsWith("/"))) {
            throw protocolError("a validateConfig problem has no JSON pointer");
        }
        return pointer;
    }

    /** The host context JSON; {@code proxyUrl} null means a direct connection (then {@code noProxy} is ignored). */
    public static String hostContext(HostContext context, String trustAnchorsPem, String proxyUrl, List<String> noProxy) {
        JsonObject host = new JsonObject();
        host.addProperty("baseUrl", context.baseUrl());
        host.addProperty("nodeId", context.nodeId());
        host.addProperty("callbackPath", context.callbackPath());
        host.addProperty("trustAnchorsPem", trustAnchorsPem);
        if (proxyUrl == null) {
            host.add("proxy", JsonNull.INSTANCE);
        } else {
            JsonObject proxy = new JsonObject();
            proxy.addProperty("url", proxyUrl);
            JsonArray exceptions = new JsonArray();
            noProxy.forEach(exceptions::add);
            proxy.add("noProxy", exceptions);
            host.add("proxy", proxy);
        }
        return host.toString();
    }

    /** True when the document names at least one identity provider ({@code idps} non-empty). */
    public static boolean hasIdentityProviders(String configJson) {
        JsonElement root;
        try {
            root = JsonParser.parseString(configJson);
        } catch (JsonParseException e) {
            return false;
        }
        if (!root.isJsonObject()) {
            return false;
        }
        JsonElement idps = root.getAsJsonObject().get("idps");
        return idps != null && idps.isJsonArray() && idps.getAsJsonArray().size() > 0;
    }

    private static List<AuditEvent> audit(JsonObject decision) {
        List<AuditEvent> events = new ArrayList<>();
        JsonElement audit = decision.get("audit");
        if (audit == null || !audit.isJsonArray()) {
            return events;
        }
        for (JsonElement item : audit.getAsJsonArray()) {
            if (item.isJsonObject()) {
                JsonObject e = item.getAsJsonObject();
                events.add(new AuditEvent(requiredString(e, "event"), optionalString(e, "idp"),
                        optionalString(e, "subject"), optionalString(e, "detail")));
            }
        }
        return events;
    }

    static List<String> stringList(JsonObject object, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonArray()) {
            throw protocolError(name + " is not an array");
        }
        JsonArray array = value.getAsJsonArray();
        List<String> items = new ArrayList<>(array.size());
        for (JsonElement item : array) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw protocolError(name + " holds a non-string");
            }
            items.add(item.getAsString());
        }
        return items;
    }

    static JsonObject object(String json, String what) {
        JsonElement root = parse(json, what);
        if (!root.isJsonObject()) {
            throw protocolError(what + " answer is not a JSON object");
        }
        return root.getAsJsonObject();
    }

    private static JsonElement parse(String json, String what) {
        if (json == null) {
            throw protocolError(what + " is null");
        }
        try {
            return JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw protocolError(what + " is not valid JSON");
        }
    }

    static String requiredString(JsonObject object, String name) {
        String value = optionalString(object, name);
        if (value == null || value.isEmpty()) {
            throw protocolError("missing string field " + name);
        }
        return value;
    }

    static String optionalString(JsonObject object, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw protocolError(name + " is not a string");
        }
        return value.getAsString();
    }

    static boolean bool(JsonObject object, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            return false;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw protocolError(name + " is not a boolean");
        }
        return value.getAsBoolean();
    }

    private static long number(JsonObject object, String name) {
        JsonElement value = object.get(name);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw protocolError(name + " is not a number");
        }
        return value.getAsLong();
    }

    static EngineFailure protocolError(String detail) {
        return new EngineFailure(EngineFailure.Kind.INTERNAL, "engine_protocol_error",
                "the native engine answered in an unexpected shape: " + detail, null);
    }
}
