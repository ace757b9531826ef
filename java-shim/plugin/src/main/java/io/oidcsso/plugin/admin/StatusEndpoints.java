package io.oidcsso.plugin.admin;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import io.oidcsso.plugin.engine.DiscoverRequest;
import io.oidcsso.plugin.engine.DiscoverResult;
import io.oidcsso.plugin.engine.EngineInfo;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LibraryInfo;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET status} (this node: the revision its engine follows, SSO on or off and why, each
 * IdP's circuit), {@code GET presets} (the library's preset catalog, before any engine exists) and
 * {@code POST discover} (an IdP's published endpoints, fetched by the core).
 */
final class StatusEndpoints {
    private static final Gson GSON = new Gson();
    static final int MAX_URL = 2048;

    private final PluginRuntime runtime;

    StatusEndpoints(PluginRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    JsonObject status() {
        // Asking for the engine polls the store when due, so the revision below is this node's current view.
        Optional<LoginEngine> engine = runtime.engineSlot().current();
        String slot = runtime.engineSlot().status();
        boolean killSwitch = PluginRuntime.isKillSwitchOn();
        String reason;
        if (killSwitch) {
            reason = "kill_switch";
        } else if (engine.isPresent()) {
            reason = "active";
        } else if (slot.startsWith("disabled")) {
            reason = "native_library_unavailable";
        } else if ("unconfigured".equals(slot)) {
            reason = "not_configured";
        } else {
            reason = "engine_unavailable";
        }
        JsonObject body = new JsonObject();
        body.addProperty("revision", Math.max(0, runtime.engineSlot().loadedRevision()));
        body.addProperty("engine", slot);
        body.addProperty("sso", engine.isPresent() && !killSwitch ? "on" : "off");
        body.addProperty("reason", reason);
        body.addProperty("node", runtime.adapters().hostInfo().nodeId());
        JsonArray idps = new JsonArray();
        if (engine.isPresent()) {
            for (EngineInfo.Idp idp : idpsOf(engine.get())) {
                JsonObject entry = new JsonObject();
                entry.addProperty("id", idp.id());
                entry.addProperty("issuer", idp.issuer());
                EngineInfo.Availability availability = idp.availability();
                entry.addProperty("circuit", availability.state() == EngineInfo.CircuitState.OPEN ? "open" : "closed");
                entry.addProperty("since", Instant.ofEpochSecond(availability.since()).toString());
                entry.addProperty("consecutiveFailures", availability.consecutiveFailures());
                idps.add(entry);
            }
        }
        body.add("idps", idps);
        return body;
    }

    /** The engine's IdPs; none when it was closed or replaced meanwhile (the next status shows the new one). */
    private static java.util.List<EngineInfo.Idp> idpsOf(LoginEngine engine) {
        try {
            return engine.info().idps();
        } catch (IllegalStateException | io.oidcsso.plugin.nativebridge.OidcSsoException e) {
            return java.util.List.of();
        }
    }

    /**
     * {@code POST discover}: the core fetches and checks the IdP's discovery document. A URL the
     * policy refuses or a document that cannot be used is 400, an IdP that cannot be reached 502,
     * both {@code discovery_failed} with the core's hint.
     */
    JsonObject discover(JsonObject body) {
        String url = Fields.optionalString(body, "url").filter(u -> !u.isBlank()).orElseThrow(() ->
                ApiException.badRequest("url must be the IdP's issuer URL or its .well-known/openid-configuration URL"));
        if (url.length() > MAX_URL) {
            throw ApiException.badRequest("url is longer than " + MAX_URL + " characters");
        }
        JsonElement loopback = body.get("insecureAllowHttpLoopback");
        if (loopback != null && !loopback.isJsonNull() && !(loopback.isJsonPrimitive()
                && loopback.getAsJsonPrimitive().isBoolean())) {
            throw ApiException.badRequest("insecureAllowHttpLoopback must be true or false");
        }
        boolean allowLoopback = loopback != null && !loopback.isJsonNull() && loopback.getAsBoolean();
        if (!runtime.configSaver().canValidate()) {
            throw new ApiException(503, "unavailable", "the native library is unavailable on this node: "
                    + runtime.configSaver().unavailableReason());
        }
        DiscoverResult result;
        try {
            result = runtime.configSaver().engines().discover(new DiscoverRequest(url.strip(), allowLoopback));
        } catch (OidcSsoException e) {
            boolean unreachable = e.kind() == OidcSsoException.Kind.PROVIDER_UNAVAILABLE
                    && !ErrorCodes.DISCOVERY_FAILED.equals(e.code());
            throw new ApiException(unreachable ? 502 : 400, "discovery_failed", e.adminHint() == null
                    ? e.code() : e.adminHint());
        }
        JsonObject answer = GSON.toJsonTree(result).getAsJsonObject();
        for (String optional : new String[] {"userinfoEndpoint", "endSessionEndpoint"}) {
            if (!answer.has(optional)) {
                answer.add(optional, JsonNull.INSTANCE);
            }
        }
        return answer;
    }

    JsonArray presets() {
        if (!runtime.configSaver().canValidate()) {
            throw new ApiException(503, "unavailable", "the native library is unavailable on this node: "
                    + runtime.configSaver().unavailableReason());
        }
        LibraryInfo info = runtime.configSaver().engines().libraryInfo();
        JsonArray presets = new JsonArray();
        for (LibraryInfo.Preset preset : info.presets()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("id", preset.name());
            entry.addProperty("name", preset.displayName() == null ? preset.name() : preset.displayName());
            entry.add("parameters", GSON.toJsonTree(preset.parameters()));
            entry.add("defaults", com.google.gson.JsonParser.parseString(preset.defaults().json()));
            entry.add("notes", GSON.toJsonTree(preset.notes()));
            if (preset.guide() != null) {
                entry.addProperty("guide", preset.guide());
            }
            presets.add(entry);
        }
        return presets;
    }
}
