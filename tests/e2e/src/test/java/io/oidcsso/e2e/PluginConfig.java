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
    private PluginConfig() {}

    static Path writeForDevIdp(URI issuer, Path file) {
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

        JsonArray idps = new JsonArray();
        idps.add(idp);
        JsonObject document = new JsonObject();
        document.addProperty("schemaVersion", 1);
        document.add("idps", idps);
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
