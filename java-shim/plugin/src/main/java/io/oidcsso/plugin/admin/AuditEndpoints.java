package io.oidcsso.plugin.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.login.AuditStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code GET audit} and {@code GET audit/download}: the cluster's recent audit events
 * ({@link AuditStore}), newest first, filtered by {@code event} (a name, or a prefix ending in a
 * dot: {@code login.}), {@code user} (case-insensitive), {@code idp}, {@code since} (ISO-8601) and
 * {@code limit} (1 to 2,000, default 200); the filters combine, an empty value is no filter. A parameter it does not know, or a value it cannot use, is a
 * 400 naming the parameter.
 */
final class AuditEndpoints {
    static final int DEFAULT_LIMIT = 200;
    private static final Set<String> PARAMETERS = Set.of("event", "user", "idp", "since", "limit");
    private static final Pattern EVENT = Pattern.compile("[a-z_]+(\\.[a-z_]+)*\\.?");
    private static final int MAX_FILTER = 200;

    private final Optional<AuditStore> store;

    AuditEndpoints(Optional<AuditStore> store) {
        this.store = store;
    }

    /** The answer of {@code GET audit}: {@code events} (each as written to the log), {@code capacity}. */
    JsonObject list(Map<String, String[]> parameters) {
        List<AuditLog.Entry> events = query(parameters);
        JsonArray array = new JsonArray();
        events.forEach(e -> array.add(com.google.gson.JsonParser.parseString(e.json())));
        JsonObject body = new JsonObject();
        body.add("events", array);
        body.addProperty("capacity", AuditStore.CAPACITY);
        return body;
    }

    /** The body of {@code GET audit/download}: the matching events as JSON lines, newest first. */
    String download(Map<String, String[]> parameters) {
        StringBuilder out = new StringBuilder();
        query(parameters).forEach(e -> out.append(e.json()).append('\n'));
        return out.toString();
    }

    private List<AuditLog.Entry> query(Map<String, String[]> parameters) {
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw invalid(name, "unknown parameter; use event, user, idp, since or limit");
            }
        }
        Predicate<AuditLog.Entry> filter = entry -> true;
        String event = single(parameters, "event");
        if (event != null) {
            if (!EVENT.matcher(event).matches() || event.length() > MAX_FILTER) {
                throw invalid("event", "an event name (login.failed) or a prefix ending in a dot (login.)");
            }
            filter = filter.and(event.endsWith(".") ? e -> e.event().startsWith(event) : e -> e.event().equals(event));
        }
        String user = single(parameters, "user");
        if (user != null) {
            requireBounded("user", user);
            String wanted = user.toLowerCase(Locale.ROOT);
            filter = filter.and(e -> e.fields().getOrDefault("user", "").toLowerCase(Locale.ROOT).equals(wanted));
        }
        String idp = single(parameters, "idp");
        if (idp != null) {
            requireBounded("idp", idp);
            filter = filter.and(e -> idp.equals(e.fields().get("idp")));
        }
        String since = single(parameters, "since");
        if (since != null) {
            Instant from;
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw invalid("since", "an ISO-8601 instant in UTC, e.g. 2026-12-07T02:30:00Z");
            }
            filter = filter.and(e -> !e.ts().isBefore(from));
        }
        int limit = limit(single(parameters, "limit"));
        AuditStore audit = store.orElseThrow(() -> new ApiException(503, "audit_store_unavailable",
                "this node keeps no shared audit store; the events are in the product log"));
        return audit.recent(filter, limit);
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= AuditStore.CAPACITY) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid("limit", "a whole number from 1 to " + AuditStore.CAPACITY);
    }

    private static void requireBounded(String name, String value) {
        if (value.length() > MAX_FILTER) {
            throw invalid(name, "at most " + MAX_FILTER + " characters");
        }
    }

    private static String single(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw invalid(name, "given more than once");
        }
        // An empty value (a form's empty field) is no filter.
        return values[0].isEmpty() ? null : values[0];
    }

    private static ApiException invalid(String parameter, String expected) {
        JsonObject extra = new JsonObject();
        extra.addProperty("parameter", parameter);
        return new ApiException(400, "invalid_parameter", "parameter " + parameter + ": " + expected, extra);
    }
}
