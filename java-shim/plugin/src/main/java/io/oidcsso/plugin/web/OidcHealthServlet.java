package io.oidcsso.plugin.web;

import com.atlassian.annotations.security.UnrestrictedAccess;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.oidcsso.plugin.emergency.EmergencySettings;
import io.oidcsso.plugin.engine.EngineInfo;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The {@code servlet} module at {@code /oidc-sso/health} (served at
 * {@code /plugins/servlet/oidc-sso/health}): for load balancers, anonymous, GET only. A JSON body
 * with whether SSO is on and why, whether local logins are restricted, and each IdP's circuit
 * state and since when; never a secret, a user or a configuration value beyond IdP ids. 200 when
 * the node works as configured (SSO on, or off on purpose: kill switch, nothing configured); 503
 * when a stored configuration asks for SSO and this node cannot provide it (native library
 * unavailable, engine broken, configuration unreadable) — the node then fails closed: local logins
 * stay restricted as the stored document says (docs/admin-guide.md "Keeping a way in").
 */
@UnrestrictedAccess
public final class OidcHealthServlet extends LeasedServlet<OidcSso> {
    private static final long serialVersionUID = 1L;

    /** Created by the plugin's Spring context (autowired by constructor). */
    public OidcHealthServlet(OidcSso sso) {
        super(sso);
    }

    @Override
    Set<String> allowedMethods() {
        return AllowedMethods.GET;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OidcSso sso = handler();
        JsonObject body = sso == null ? outOfService() : report(sso);
        boolean healthy = "ok".equals(body.get("status").getAsString());
        response.setStatus(healthy ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        PrintWriter out = response.getWriter();
        out.print(body.toString());
        out.flush();
    }

    private static JsonObject outOfService() {
        JsonObject body = new JsonObject();
        body.addProperty("status", "unavailable");
        body.addProperty("sso", "off");
        body.addProperty("reason", "plugin_stopping");
        return body;
    }

    /** What the node reports; {@code status} is {@code ok} or {@code unavailable}. */
    static JsonObject report(OidcSso sso) {
        PluginRuntime runtime = sso.runtime();
        EmergencySettings settings = sso.emergencySettings().current();
        boolean killSwitch = PluginRuntime.isKillSwitchOn();
        Optional<LoginEngine> engine = runtime.activeEngine();
        String reason;
        boolean ok;
        if (killSwitch) {
            reason = "kill_switch";
            ok = true;
        } else if (engine.isPresent()) {
            reason = "active";
            ok = true;
        } else if (settings.state() == EmergencySettings.State.NO_DOCUMENT) {
            reason = "not_configured";
            ok = true;
        } else if (settings.state() == EmergencySettings.State.UNREADABLE) {
            reason = "configuration_unreadable";
            ok = false;
        } else {
            String status = runtime.engineSlot().status();
            if ("unconfigured".equals(status)) {
                reason = "not_configured";
                ok = true;
            } else {
                reason = status.startsWith("disabled") ? "native_library_unavailable" : "engine_unavailable";
                ok = false;
            }
        }
        JsonObject body = new JsonObject();
        body.addProperty("status", ok ? "ok" : "unavailable");
        body.addProperty("sso", engine.isPresent() && !killSwitch ? "on" : "off");
        body.addProperty("reason", reason);
        body.addProperty("ssoEnforced", settings.ssoEnforced());
        body.addProperty("localLogin", killSwitch || !settings.gated() ? "open" : "restricted");
        body.addProperty("node", runtime.adapters().hostInfo().nodeId());
        body.add("idps", engine.isPresent() && !killSwitch ? idps(engine.get()::info) : new JsonArray());
        return body;
    }

    /** Each IdP's id and circuit (from the engine's typed info); nothing else of it. */
    static JsonArray idps(Supplier<EngineInfo> engineInfo) {
        JsonArray out = new JsonArray();
        try {
            for (EngineInfo.Idp idp : engineInfo.get().idps()) {
                JsonObject entry = new JsonObject();
                entry.addProperty("id", idp.id());
                EngineInfo.Availability availability = idp.availability();
                entry.addProperty("state", availability.state() == EngineInfo.CircuitState.OPEN ? "open" : "closed");
                // ISO-8601 (UTC) for people and monitoring tools alike.
                entry.addProperty("since", java.time.Instant.ofEpochSecond(availability.since()).toString());
                entry.addProperty("consecutiveFailures", availability.consecutiveFailures());
                out.add(entry);
            }
        } catch (RuntimeException e) {
            // The engine's description is for the admin page; the health answer stays without it.
        }
        return out;
    }
}
