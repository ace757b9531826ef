package io.oidcsso.plugin.fakes;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.HostContext;
import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.engine.NativeEngineFactory;
import io.oidcsso.plugin.engine.PlanRequest;
import io.oidcsso.plugin.engine.ProvisioningPlan;
import java.util.HashMap;
import java.util.Map;

/**
 * Provisioning plans from the REAL core (the native library; planning makes no network call), so
 * the shim's tests exercise the actual policy instead of a copy of it. One engine per IdP setting.
 */
public final class NativePlanner {
    private static final Map<String, LoginEngine> ENGINES = new HashMap<>();

    private NativePlanner() {}

    /** A native engine for IdP {@code dev} at {@code http://127.0.0.2:9400} with these IdP fields. */
    public static synchronized LoginEngine engine(String idpFieldsJson) {
        return ENGINES.computeIfAbsent(idpFieldsJson, fields -> {
            JsonObject idp = JsonParser.parseString(fields).getAsJsonObject();
            idp.addProperty("id", "dev");
            idp.addProperty("issuer", "http://127.0.0.2:9400");
            idp.addProperty("clientId", "oidc-sso-dev");
            idp.addProperty("clientSecret", "dev-secret-change-me");
            idp.addProperty("insecureAllowHttpLoopback", true);
            String config = "{\"schemaVersion\":1,\"idps\":[" + idp + "]}";
            return new NativeEngineFactory().create(config,
                    new HostContext("http://127.0.0.1:8080", "node-1", "/plugins/servlet/oidc-sso/callback"));
        });
    }

    /** The plan for a scripted completeLogin decision, using its createUsers / linkExistingAccounts. */
    public static ProvisioningPlan planFor(LoginDecision decision, PlanRequest request) {
        JsonObject fields = new JsonObject();
        fields.addProperty("createUsers", decision.createUsers());
        fields.addProperty("linkExistingAccounts", decision.linkExistingAccounts());
        return engine(fields.toString()).planProvisioning(request);
    }
}
