package io.oidcsso.refhost.sal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Encodes the value types SAL's PluginSettings accepts (String, List of String, Map of String
 * to String, Properties) as a small tagged JSON document, and rejects every other type the
 * way the products do: with an {@link IllegalArgumentException}.
 */
final class SettingsCodec {
    /** SAL: "Values of a type other than String will be serialized as a String which cannot be longer than 99000". */
    static final int MAX_VALUE_CHARS = 99_000;

    private SettingsCodec() {}

    static String encode(String key, Object value) {
        JsonObject doc = new JsonObject();
        doc.addProperty("key", key);
        if (value instanceof String s) {
            checkLength(key, s.length());
            doc.addProperty("type", "string");
            doc.addProperty("value", s);
            return doc.toString();
        }
        if (value instanceof Properties p) {
            doc.addProperty("type", "properties");
            doc.add("value", stringMap(key, p));
        } else if (value instanceof Map<?, ?> m) {
            doc.addProperty("type", "map");
            doc.add("value", stringMap(key, m));
        } else if (value instanceof List<?> l) {
            doc.addProperty("type", "list");
            doc.add("value", stringList(key, l));
        } else {
            throw new IllegalArgumentException("PluginSettings cannot store a " + value.getClass().getName()
                    + " under `" + key + "`: only String, List, Map and Properties are supported");
        }
        checkLength(key, doc.get("value").toString().length());
        return doc.toString();
    }

    static Object decode(String text) {
        JsonObject doc = JsonParser.parseString(text).getAsJsonObject();
        JsonElement value = doc.get("value");
        return switch (doc.get("type").getAsString()) {
            case "string" -> value.getAsString();
            case "list" -> toList(value.getAsJsonArray());
            case "map" -> toMap(value.getAsJsonObject());
            case "properties" -> toProperties(value.getAsJsonObject());
            default -> throw new IllegalStateException("unknown settings value type in " + doc.get("key"));
        };
    }

    private static void checkLength(String key, int length) {
        if (length > MAX_VALUE_CHARS) {
            throw new IllegalArgumentException("PluginSettings value for `" + key + "` is " + length
                    + " characters; the limit is " + MAX_VALUE_CHARS);
        }
    }

    private static JsonObject stringMap(String key, Map<?, ?> map) {
        JsonObject out = new JsonObject();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof String v)) {
                throw new IllegalArgumentException("PluginSettings map under `" + key + "` must hold only Strings");
            }
            out.addProperty(k, v);
        }
        return out;
    }

    private static JsonArray stringList(String key, List<?> list) {
        JsonArray out = new JsonArray();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw new IllegalArgumentException("PluginSettings list under `" + key + "` must hold only Strings");
            }
            out.add(s);
        }
        return out;
    }

    private static List<String> toList(JsonArray array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static Map<String, String> toMap(JsonObject object) {
        Map<String, String> out = new HashMap<>();
        object.entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
        return out;
    }

    private static Properties toProperties(JsonObject object) {
        Properties out = new Properties();
        object.entrySet().forEach(e -> out.setProperty(e.getKey(), e.getValue().getAsString()));
        return out;
    }
}
