package io.oidcsso.e2e;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The plugin configuration document (schemaVersion 1, docs/config.md) for one dev IdP,
 * with the issuer of the IdP this run started. Accounts are not linked: an IdP user whose
 * username is taken by a local account is refused.
 */
final class PluginConfig {
    /** Granted to every user of the dev IdP at every login (provisioning.groups.defaultGroups). */
    static final String DEFAULT_GROUP = "sso-users";
    /** Granted once, when the Keycloak test creates a user. */
    static final String KEYCLOAK_NEW_USER_GROUP = "kc-welcome";

    private PluginConfig() {}

    static Path writeForDevIdp(URI issuer, Path file) {
        return writeForDevIdp(issuer, file, List.of(DEFAULT_GROUP));
    }

    /** As {@link #writeForDevIdp(URI, Path)}, granting {@code everyLogin} at every login. */
    static Path writeForDevIdp(URI issuer, Path file, List<String> everyLogin) {
        return write(devIdp(issuer, everyLogin), file);
    }

    /**
     * The dev IdP (where every login goes unless {@code ?idp=} says otherwise: a fallback rule) and
     * more IdPs, id -> issuer, each with these {@code http} settings (null: the defaults). The other
     * IdPs need not be real: the hostile-input tests point them at a misbehaving server.
     */
    static Path writeForDevIdpAnd(URI devIssuer, java.util.Map<String, URI> others, JsonObject http, Path file) {
        return writeForDevIdpAnd(devIssuer, null, others, http, file);
    }

    /** As above, with {@code devHttp} (when not null) as the dev IdP's {@code http} object. */
    static Path writeForDevIdpAnd(URI devIssuer, JsonObject devHttp, java.util.Map<String, URI> others,
            JsonObject http, Path file) {
        JsonArray idps = new JsonArray();
        JsonObject dev = devIdp(devIssuer, List.of(DEFAULT_GROUP));
        if (devHttp != null) {
            dev.add("http", devHttp);
        }
        idps.add(dev);
        others.forEach((id, issuer) -> {
            JsonObject idp = new JsonObject();
            idp.addProperty("id", id);
            idp.addProperty("issuer", issuer.toString());
            idp.addProperty("clientId", E2eSettings.CLIENT_ID);
            idp.addProperty("clientSecret", E2eSettings.CLIENT_SECRET);
            idp.addProperty("insecureAllowHttpLoopback", true);
            if (http != null) {
                idp.add("http", http);
            }
            idps.add(idp);
        });
        JsonObject fallback = new JsonObject();
        fallback.addProperty("match", "fallback");
        fallback.addProperty("idp", "dev");
        JsonArray rules = new JsonArray();
        rules.add(fallback);
        JsonObject routing = new JsonObject();
        routing.add("rules", rules);
        JsonObject document = new JsonObject();
        document.addProperty("schemaVersion", 1);
        document.add("routing", routing);
        document.add("idps", idps);
        return write(document, file);
    }

    private static JsonObject devIdp(URI issuer, List<String> everyLogin) {
        JsonObject claims = new JsonObject();
        claims.addProperty("username", "preferred_username");
        claims.addProperty("email", "email");
        claims.addProperty("displayName", "name");
        claims.addProperty("groups", "groups");

        JsonObject idp = new JsonObject();
        idp.addProperty("id", "dev");
        idp.addProperty("displayName", "Dev IdP");
        idp.addProperty("issuer", issuer.toString());
        idp.addProperty("clientId", E2eSettings.CLIENT_ID);
        idp.addProperty("clientSecret", E2eSettings.CLIENT_SECRET);
        idp.addProperty("tokenEndpointAuthMethod", "client_secret_basic");
        idp.add("scopes", strings(List.of("openid", "profile", "email", "groups")));
        idp.addProperty("insecureAllowHttpLoopback", true);
        idp.add("claims", claims);
        idp.addProperty("createUsers", true);
        idp.addProperty("linkExistingAccounts", false);
        // The older top-level fields above keep working; provisioning adds the new policy.
        JsonObject defaults = new JsonObject();
        defaults.add("everyLogin", strings(everyLogin));
        JsonObject groups = new JsonObject();
        groups.add("defaultGroups", defaults);
        JsonObject provisioning = new JsonObject();
        provisioning.add("groups", groups);
        idp.add("provisioning", provisioning);
        return idp;
    }

    /**
     * The document for the test Keycloak, through the {@code keycloak} preset (issuer, scopes, claim
     * names): groups from the {@code groups} claim (ID token first, then userinfo), a default group
     * for new users and one for every login, local accounts linked when Keycloak sends the same
     * verified email, and the host's signed-out page as post-logout redirect URI.
     */
    static Path writeForKeycloak(Keycloak keycloak, URI hostBaseUrl, Path file) {
        JsonObject defaults = new JsonObject();
        defaults.add("newUsers", strings(List.of(KEYCLOAK_NEW_USER_GROUP)));
        defaults.add("everyLogin", strings(List.of(DEFAULT_GROUP)));
        JsonObject groups = new JsonObject();
        groups.addProperty("claim", "groups");
        groups.addProperty("source", "both");
        groups.addProperty("mode", "syncAll");
        groups.add("defaultGroups", defaults);
        groups.add("neverTouch", strings(List.of("ref-admins")));
        groups.add("adminGroups", strings(List.of("ref-admins")));
        JsonObject provisioning = new JsonObject();
        provisioning.addProperty("createUsers", true);
        provisioning.addProperty("updateProfile", true);
        provisioning.add("groups", groups);

        JsonObject presetParameters = new JsonObject();
        presetParameters.addProperty("baseUrl", keycloak.baseUrl().toString());
        presetParameters.addProperty("realm", Keycloak.REALM);

        JsonObject idp = new JsonObject();
        idp.addProperty("id", "keycloak");
        idp.addProperty("preset", "keycloak");
        idp.add("presetParameters", presetParameters);
        idp.addProperty("clientId", Keycloak.CLIENT_ID);
        idp.addProperty("clientSecret", Keycloak.CLIENT_SECRET);
        idp.addProperty("postLogoutRedirectUri", hostBaseUrl + E2eSettings.LOGGED_OUT_PATH);
        idp.addProperty("insecureAllowHttpLoopback", true);
        idp.addProperty("linkExistingAccounts", true);
        idp.add("provisioning", provisioning);
        return write(idp, file);
    }

    private static Path write(JsonObject idpOrDocument, Path file) {
        JsonObject document = idpOrDocument;
        if (!idpOrDocument.has("idps")) {
            JsonArray idps = new JsonArray();
            idps.add(idpOrDocument);
            document = new JsonObject();
            document.addProperty("schemaVersion", 1);
            document.add("idps", idps);
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(document),
                    StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }
}
