package io.oidcsso.plugin.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What an import would change, by JSON pointer: objects member by member, IdPs matched by their
 * {@code id} (a reordered list is no change; an IdP's pointer is its index in the new document, or
 * in the current one when removed), any other array as one value. Entries carry no values, so a
 * changed secret shows as changed without showing either value.
 */
final class ConfigDiff {
    enum Change {
        ADDED("added"), REMOVED("removed"), CHANGED("changed");

        final String wire;

        Change(String wire) {
            this.wire = wire;
        }
    }

    record Entry(String pointer, Change change) {}

    private ConfigDiff() {}

    /** {@code current} null: nothing stored, the whole document is added. */
    static List<Entry> between(JsonObject current, JsonObject incoming) {
        List<Entry> out = new ArrayList<>();
        if (current == null) {
            out.add(new Entry("", Change.ADDED));
            return out;
        }
        objects("", current, incoming, out);
        return out;
    }

    static JsonArray toJson(List<Entry> entries) {
        JsonArray array = new JsonArray();
        for (Entry entry : entries) {
            JsonObject item = new JsonObject();
            item.addProperty("pointer", entry.pointer());
            item.addProperty("change", entry.change().wire);
            array.add(item);
        }
        return array;
    }

    private static void objects(String pointer, JsonObject before, JsonObject after, List<Entry> out) {
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            String at = pointer + "/" + Pointers.escape(name);
            JsonElement was = before.get(name);
            JsonElement is = after.get(name);
            if (was == null) {
                out.add(new Entry(at, Change.ADDED));
            } else if (is == null) {
                out.add(new Entry(at, Change.REMOVED));
            } else if ("/idps".equals(at) && was.isJsonArray() && is.isJsonArray()) {
                idps(was.getAsJsonArray(), is.getAsJsonArray(), out);
            } else {
                values(at, was, is, out);
            }
        }
    }

    private static void values(String at, JsonElement was, JsonElement is, List<Entry> out) {
        if (was.isJsonObject() && is.isJsonObject()) {
            objects(at, was.getAsJsonObject(), is.getAsJsonObject(), out);
        } else if (!was.equals(is)) {
            out.add(new Entry(at, Change.CHANGED));
        }
    }

    private static void idps(JsonArray before, JsonArray after, List<Entry> out) {
        Map<String, Integer> beforeByKey = keys(before);
        Map<String, Integer> afterByKey = keys(after);
        for (Map.Entry<String, Integer> entry : afterByKey.entrySet()) {
            String at = "/idps/" + entry.getValue();
            Integer old = beforeByKey.get(entry.getKey());
            if (old == null) {
                out.add(new Entry(at, Change.ADDED));
            } else {
                values(at, before.get(old), after.get(entry.getValue()), out);
            }
        }
        for (Map.Entry<String, Integer> entry : beforeByKey.entrySet()) {
            if (!afterByKey.containsKey(entry.getKey())) {
                out.add(new Entry("/idps/" + entry.getValue(), Change.REMOVED));
            }
        }
    }

    /** Each IdP by its id; one without an id (the core refuses it) by its index. */
    private static Map<String, Integer> keys(JsonArray idps) {
        Map<String, Integer> keys = new LinkedHashMap<>();
        for (int i = 0; i < idps.size(); i++) {
            JsonElement idp = idps.get(i);
            String key = idp.isJsonObject() ? Secrets.idpId(idp.getAsJsonObject()).map(id -> "id:" + id)
                    .orElse("#" + i) : "#" + i;
            keys.putIfAbsent(key, i);
        }
        return keys;
    }
}
