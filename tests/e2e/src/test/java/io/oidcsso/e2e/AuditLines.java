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
 * logger's name in its prefix ({@code io.audit}), so a line is known by the object's start. The
 * debug logger {@code io.oidcsso.debug} writes lines of the same shape ({@code debug.*} events,
 * prefix {@code io.debug}); they are not audit events and are read apart ({@link #debugEvents}).
 * Parsed, so the tests ask for field values, not spellings.
 */
final class AuditLines {
    private static final String START = "{\"ts\":\"";
    /** The loggers' names as a prefix may show them: whole, or as jetty-slf4j-impl condenses them. */
    private static final List<String> AUDIT_LOGGER = List.of("io.oidcsso.audit", "io.audit");
    private static final List<String> DEBUG_LOGGER = List.of("io.oidcsso.debug", "io.debug");

    private AuditLines() {}

    /** Every audit event of {@code log}, oldest first; an audit line that is not one JSON object fails. */
    static List<JsonObject> events(List<String> log) {
        return parsed(log, false);
    }

    /** Every {@code debug.*} line of {@code log} (logger {@code io.oidcsso.debug}), oldest first. */
    static List<JsonObject> debugEvents(List<String> log) {
        return parsed(log, true);
    }

    /** The debug lines named {@code event} whose fields hold each of {@code keysAndValues}. */
    static List<JsonObject> matchingDebug(List<String> log, String event, String... keysAndValues) {
        return debugEvents(log).stream().filter(e -> has(e, "event", event) && hasAll(e, keysAndValues)).toList();
    }

    private static List<JsonObject> parsed(List<String> log, boolean debug) {
        List<JsonObject> events = new ArrayList<>();
        for (String line : log) {
            int start = line.indexOf(START);
            if (start < 0 || !line.contains("\",\"event\":\"")) {
                continue;
            }
            JsonObject event;
            try {
                event = JsonParser.parseString(line.substring(start)).getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw new AssertionError("an audit line that is not one JSON object: " + line, e);
            }
            if (isDebug(line.substring(0, start), event) == debug) {
                events.add(event);
            }
        }
        return events;
    }

    /** A line of the debug logger: its prefix names it, or, named by neither logger, a {@code debug.*} event. */
    private static boolean isDebug(String prefix, JsonObject event) {
        if (names(prefix, AUDIT_LOGGER)) {
            return false;
        }
        JsonElement name = event.get("event");
        return names(prefix, DEBUG_LOGGER)
                || name != null && name.isJsonPrimitive() && name.getAsString().startsWith("debug.");
    }

    /** True when {@code prefix} holds one of {@code loggers} as a whole word (not inside a longer name). */
    private static boolean names(String prefix, List<String> loggers) {
        for (String logger : loggers) {
            int at = prefix.indexOf(logger);
            while (at >= 0) {
                int end = at + logger.length();
                boolean startsWord = at == 0 || !isNamePart(prefix.charAt(at - 1));
                boolean endsWord = end == prefix.length() || !isNamePart(prefix.charAt(end));
                if (startsWord && endsWord) {
                    return true;
                }
                at = prefix.indexOf(logger, at + 1);
            }
        }
        return false;
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '$';
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
