package io.oidcsso.plugin.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.oidcsso.plugin.debug.DebugSwitch;
import io.oidcsso.plugin.engine.EngineInfo;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET audit/debug} (the IdPs with debug on, cluster-wide, and until when) and
 * {@code POST audit/debug} ({@code {"idp": id, "minutes": 1..60}} turns it on, {@code 0} off), each
 * change audited as {@code debug.enabled} / {@code debug.disabled} with {@code by}, {@code idp},
 * {@code until}.
 */
final class DebugEndpoints {
    private final PluginRuntime runtime;

    DebugEndpoints(PluginRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    JsonObject list() {
        Map<String, Instant> on = runtime.debugLog().debugSwitch().active(idps());
        JsonArray entries = new JsonArray();
        on.forEach((idp, until) -> {
            JsonObject entry = new JsonObject();
            entry.addProperty("idp", idp);
            entry.addProperty("until", until.toString());
            entries.add(entry);
        });
        JsonObject body = new JsonObject();
        body.add("debug", entries);
        body.addProperty("maxMinutes", DebugSwitch.MAX_MINUTES);
        return body;
    }

    JsonObject change(JsonObject body, String user) {
        String idp = Fields.optionalString(body, "idp").orElseThrow(() -> invalid("idp",
                "idp is required: the id of a configured IdP"));
        List<String> known = idps();
        if (!known.contains(idp)) {
            throw invalid("idp", "idp must be the id of a configured IdP (" + String.join(", ", known) + ")");
        }
        int minutes = minutes(body.get("minutes"));
        DebugSwitch debugSwitch = runtime.debugLog().debugSwitch();
        if (minutes == 0) {
            debugSwitch.disable(idp);
            runtime.audit().record("debug.disabled", AuditLog.fields("by", user, "idp", idp));
        } else {
            Instant until;
            try {
                until = debugSwitch.enable(idp, minutes);
            } catch (IllegalStateException e) {
                throw new ApiException(503, "unavailable", "the shared store is full; try again later");
            }
            runtime.audit().record("debug.enabled", AuditLog.fields("by", user, "idp", idp, "until",
                    until.toString()));
        }
        return list();
    }

    private static int minutes(JsonElement value) {
        String rule = "minutes must be a whole number from 0 (off) to " + DebugSwitch.MAX_MINUTES;
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw invalid("minutes", rule);
        }
        try {
            int minutes = value.getAsBigDecimal().intValueExact();
            if (minutes < 0 || minutes > DebugSwitch.MAX_MINUTES) {
                throw invalid("minutes", rule);
            }
            return minutes;
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid("minutes", rule);
        }
    }

    private static ApiException invalid(String field, String message) {
        JsonObject extra = new JsonObject();
        extra.addProperty("field", field);
        return new ApiException(400, "invalid_field", message, extra);
    }

    /** The configured IdPs' ids; none when SSO is off or the engine was replaced meanwhile. */
    private List<String> idps() {
        return idps(runtime);
    }

    /** The configured IdPs' ids (also for the test login); none when SSO is off. */
    static List<String> idps(PluginRuntime runtime) {
        List<String> ids = new ArrayList<>();
        LoginEngine engine = runtime.engineSlot().current().orElse(null);
        if (engine == null) {
            return ids;
        }
        try {
            for (EngineInfo.Idp idp : engine.info().idps()) {
                ids.add(idp.id());
            }
        } catch (IllegalStateException | OidcSsoException e) {
            return List.of();
        }
        return ids;
    }
}
