package io.oidcsso.plugin.engine;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The planProvisioning JSON shapes of docs/architecture.md, both ways. */
public final class PlanJson {
    private PlanJson() {}

    /** An account as the request describes it; {@code linkCount} = IdP identities linked to it. */
    public record Account(String username, String displayName, String email, boolean active, int linkCount) {}

    /**
     * The request: the login, the account linked to it or named like it (either may be null), the
     * memberships looked up so far, the groups granted earlier by this IdP, and the directory.
     */
    public static String request(LoginDecision login, Account linked, Account sameUsername,
            Map<String, Boolean> memberOf, List<String> managedGroups, boolean writable, Integer adminCount) {
        JsonObject facts = new JsonObject();
        facts.addProperty("idpId", login.idpId());
        facts.addProperty("issuer", login.issuer());
        facts.addProperty("subject", login.subject());
        facts.addProperty("username", login.username());
        facts.addProperty("email", login.email());
        facts.addProperty("emailVerified", login.emailVerified());
        facts.addProperty("displayName", login.displayName());
        facts.add("groups", strings(login.groups() == null ? List.of() : login.groups()));
        facts.addProperty("groupsClaimPresent", login.groupsClaimPresent());
        JsonObject account = new JsonObject();
        account.add("linked", account(linked));
        account.add("sameUsername", account(sameUsername));
        JsonObject members = new JsonObject();
        memberOf.forEach(members::addProperty);
        account.add("memberOf", members);
        account.add("managedGroups", strings(managedGroups));
        JsonObject directory = new JsonObject();
        directory.addProperty("writable", writable);
        directory.addProperty("adminCount", adminCount);
        JsonObject request = new JsonObject();
        request.add("login", facts);
        request.add("account", account);
        request.add("directory", directory);
        return request.toString();
    }

    public static ProvisioningPlan parse(String json) {
        JsonObject plan = EngineJson.object(json, "planProvisioning");
        String outcome = EngineJson.requiredString(plan, "outcome");
        JsonElement refusal = plan.get("refusal");
        String code = null;
        String message = null;
        if (refusal != null && refusal.isJsonObject()) {
            code = EngineJson.requiredString(refusal.getAsJsonObject(), "code");
            message = EngineJson.optionalString(refusal.getAsJsonObject(), "message");
        }
        return new ProvisioningPlan(outcome(outcome), code, message, list(plan, "needsMembership"), user(plan),
                groups(plan), EngineJson.stringList(plan, "managedGroups"), list(plan, "notes"), json);
    }

    private static ProvisioningPlan.Outcome outcome(String value) {
        switch (value) {
            case "apply":
                return ProvisioningPlan.Outcome.APPLY;
            case "refuse":
                return ProvisioningPlan.Outcome.REFUSE;
            case "needsMembership":
                return ProvisioningPlan.Outcome.NEEDS_MEMBERSHIP;
            default:
                throw EngineJson.protocolError("unknown plan outcome " + value.toLowerCase(Locale.ROOT));
        }
    }

    private static ProvisioningPlan.UserPlan user(JsonObject plan) {
        JsonElement value = plan.get("user");
        if (value == null || value.isJsonNull()) {
            return null;
        }
        JsonObject u = value.getAsJsonObject();
        return new ProvisioningPlan.UserPlan(EngineJson.requiredString(u, "action"),
                EngineJson.requiredString(u, "username"), EngineJson.bool(u, "link"),
                EngineJson.optionalString(u, "displayName"), EngineJson.optionalString(u, "email"),
                EngineJson.optionalString(u, "rule"));
    }

    private static List<ProvisioningPlan.GroupChange> groups(JsonObject plan) {
        List<ProvisioningPlan.GroupChange> changes = new ArrayList<>();
        JsonElement value = plan.get("groups");
        if (value == null || !value.isJsonArray()) {
            return changes;
        }
        for (JsonElement item : value.getAsJsonArray()) {
            if (!item.isJsonObject()) {
                throw EngineJson.protocolError("a group change is not an object");
            }
            JsonObject c = item.getAsJsonObject();
            changes.add(new ProvisioningPlan.GroupChange(EngineJson.requiredString(c, "action"),
                    EngineJson.requiredString(c, "group"), EngineJson.requiredString(c, "rule"),
                    EngineJson.bool(c, "createIfMissing"), EngineJson.optionalString(c, "reason")));
        }
        return changes;
    }

    private static List<String> list(JsonObject plan, String name) {
        List<String> values = EngineJson.stringList(plan, name);
        return values == null ? List.of() : values;
    }

    private static JsonElement account(Account account) {
        if (account == null) {
            return JsonNull.INSTANCE;
        }
        JsonObject json = new JsonObject();
        json.addProperty("username", account.username());
        json.addProperty("displayName", account.displayName());
        json.addProperty("email", account.email());
        json.addProperty("active", account.active());
        json.addProperty("linkCount", account.linkCount());
        return json;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }
}
