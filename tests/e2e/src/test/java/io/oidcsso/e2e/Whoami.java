package io.oidcsso.e2e;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/** The reference host's {@code /rest/whoami} answer. */
record Whoami(String user, String displayName, String email, List<String> groups) {

    static Whoami parse(String json) {
        JsonObject object;
        try {
            object = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new AssertionError("/rest/whoami did not answer a JSON object: " + json, e);
        }
        List<String> groups = new ArrayList<>();
        JsonElement array = object.get("groups");
        if (array != null && array.isJsonArray()) {
            array.getAsJsonArray().forEach(group -> groups.add(group.getAsString()));
        }
        return new Whoami(text(object, "user"), text(object, "displayName"), text(object, "email"),
                List.copyOf(groups));
    }

    private static String text(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }
}
