package io.oidcsso.e2e;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit events in a host's log: the lines of the logger {@code io.oidcsso.audit}, each ending in
 * one JSON object ({@code ts}, {@code event}, {@code level}, {@code node}, then the fields; see
 * docs/admin-guide.md "Audit log"). The reference host's SLF4J (jetty-slf4j-impl) shortens the
 * logger's name in its prefix ({@code io.audit}), so a line is known by the object's start. Parsed,
 * so the tests ask for field values, not spellings.
 */
final class AuditLines {
    private static final String START = "{\"ts\":\"";

    private AuditLines() {}

    /** Every audit event of {@code log}, oldest first; an audit line that is not one JSON object fails. */
    static List<JsonObject> events(List<String> log) {
        List<JsonObject> events = new ArrayList<>();
        for (String line : log) {
            int start = line.indexOf(START);
            if (start < 0 || !line.contains("\",\"event\":\"")) {
                continue;
            }
            try {
                events.add(JsonParser.parseString(line.substring(start)).getAsJsonObject());
            } catch (JsonParseException | IllegalStateException e) {
                throw new AssertionError("an audit line that is not one JSON object: " + line, e);
            }
        }
        return events;
    }

    /** The events named {@code event} whose fields hold each of {@code keysAndValues}. */
    static List<JsonObject> matching(List<String> log, String event, String... keysAndValues) {
        return events(log).stream().filter(e -> has(e, "event", event) && hasAll(e, keysAndValues)).toList();
    }

    static long count(List<String> log, String event, String... keysAndValues) {
        return matching(log, event, keysAndValues).size();
    }

    private static boolean hasAll(JsonObject event, String... keysAndValues) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!has(event, keysAndValues[i], keysAndValues[i + 1])) {
                return false;
            }
        }
        return true;
    }

    private static boolean has(JsonObject event, String key, String value) {
        JsonElement found = event.get(key);
        return found != null && found.isJsonPrimitive() && found.getAsString().equals(value);
    }
}
