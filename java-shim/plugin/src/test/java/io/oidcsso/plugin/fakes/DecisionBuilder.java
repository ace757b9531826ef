package io.oidcsso.plugin.fakes;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.oidcsso.plugin.engine.EngineJson;
import io.oidcsso.plugin.engine.LoginDecision;
import java.util.List;

/** Builds the core's completeLogin decision (docs/architecture.md), as JSON or parsed. */
public final class DecisionBuilder {
    private final JsonObject json = new JsonObject();

    private DecisionBuilder(String username) {
        json.addProperty("idpId", "dev");
        json.addProperty("issuer", "http://127.0.0.2:9400");
        json.addProperty("subject", username + "-sub");
        json.addProperty("username", username);
        json.addProperty("email", username + "@example.com");
        json.addProperty("emailVerified", true);
        json.addProperty("displayName", username.toUpperCase(java.util.Locale.ROOT));
        json.addProperty("returnTo", "/secure/Dashboard.jspa");
        json.addProperty("linkExistingAccounts", false);
        json.addProperty("createUsers", true);
        JsonArray audit = new JsonArray();
        JsonObject event = new JsonObject();
        event.addProperty("event", "login.verified");
        event.addProperty("idp", "dev");
        event.addProperty("subject", username + "-sub");
        audit.add(event);
        json.add("audit", audit);
    }

    public static DecisionBuilder forUser(String username) {
        return new DecisionBuilder(username);
    }

    public DecisionBuilder subject(String subject) {
        json.addProperty("subject", subject);
        return this;
    }

    public DecisionBuilder groups(String... groups) {
        JsonArray array = new JsonArray();
        List.of(groups).forEach(array::add);
        json.add("groups", array);
        json.addProperty("groupsClaimPresent", true);
        return this;
    }

    public DecisionBuilder linkExistingAccounts(boolean value) {
        json.addProperty("linkExistingAccounts", value);
        return this;
    }

    public DecisionBuilder createUsers(boolean value) {
        json.addProperty("createUsers", value);
        return this;
    }

    public DecisionBuilder emailVerified(boolean value) {
        json.addProperty("emailVerified", value);
        return this;
    }

    public DecisionBuilder email(String value) {
        json.addProperty("email", value);
        return this;
    }

    public DecisionBuilder sid(String value) {
        json.addProperty("sid", value);
        return this;
    }

    public DecisionBuilder idTokenHint(String value) {
        json.addProperty("idTokenHint", value);
        return this;
    }

    public DecisionBuilder returnTo(String value) {
        json.addProperty("returnTo", value);
        return this;
    }

    public String json() {
        return json.toString();
    }

    public LoginDecision build() {
        return EngineJson.parseDecision(json());
    }
}
