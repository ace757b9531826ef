package io.oidcsso.plugin.admin;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.oidcsso.plugin.engine.EngineInfo;
import io.oidcsso.plugin.engine.LibraryInfo;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET status} (this node: the revision its engine follows, SSO on or off and why, each
 * IdP's circuit) and {@code GET presets} (the library's preset catalog, before any engine exists).
 */
final class StatusEndpoints {
    private static final Gson GSON = new Gson();

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
            for (EngineInfo.Idp idp : engine.get().info().idps()) {
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
