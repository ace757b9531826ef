package io.oidcsso.plugin.login;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Audit events: one JSON object per event ({@code ts}, {@code event}, {@code level}, {@code node},
 * then the event's fields), handed to each {@link Sink}: the product log through SLF4J
 * ({@link Slf4jAuditSink}) and the cluster's recent-events store. Callers pass identities and codes
 * only, never tokens, codes from the IdP or secrets; values are stripped of control characters and
 * bounded (a cut value ends at a word, marked {@code ...}); JSON escaping makes a forged line
 * impossible.
 *
 * <p>The level comes from the event, from one table ({@link #LEVELS}), which docs/admin-guide.md
 * lists too (AuditLogTest compares them): WARNING when an administrator should look (a login refused
 * or failed, a change the directory did not make, a logout that did not reach everyone), INFO for the
 * normal course of logins and logouts, so that filtering warnings shows only what needs attention.
 *
 * <p>A sink that throws never fails the login that is being audited: the failure is counted
 * ({@link #sinkFailures()}) and the first one logged.
 */
public final class AuditLog {
    public static final String LOGGER_NAME = "io.oidcsso.audit";
    /** Identities, codes, names. */
    static final int MAX_VALUE = 200;
    /** {@code detail}, {@code groups}, {@code pointers}: a hint or a list, which may quote a few bounded values. */
    static final int MAX_LONG_VALUE = 1000;
    private static final String CUT = "...";
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

    /** The two levels of the table; the SLF4J sink writes WARNING as {@code warn}. */
    public enum Level { INFO, WARNING }

    /** Every event the plugin and the core write, in the order a login produces them, with its level. */
    static final Map<String, Level> LEVELS = levels(
            "login.verified", Level.INFO,
            "groups.lookup", Level.INFO,
            "groups.lookup_failed", Level.WARNING,
            "user.created", Level.INFO,
            "user.created.concurrently", Level.INFO,
            "user.updated", Level.INFO,
            "account.linked", Level.INFO,
            "account.refused", Level.INFO,
            "account.unlinked", Level.INFO,
            "account.link_undone", Level.WARNING,
            "group.added", Level.INFO,
            "group.removed", Level.INFO,
            "group.kept", Level.INFO,
            "group.skipped", Level.INFO,
            "group.ignored", Level.INFO,
            "group.failed", Level.WARNING,
            "provisioning.note", Level.INFO,
            "provisioning.failed", Level.WARNING,
            "login.bound", Level.INFO,
            "websudo.started", Level.INFO,
            // A re-authentication as another user: worth the admin's attention.
            "websudo.refused", Level.WARNING,
            "websudo.failed", Level.WARNING,
            "login.failed", Level.WARNING,
            "login.rejected", Level.WARNING,
            "logout.rp_initiated", Level.INFO,
            "logout.rp_initiated.failed", Level.WARNING,
            "logout.backchannel", Level.INFO,
            "logout.backchannel.failed", Level.WARNING,
            "logout.frontchannel", Level.INFO,
            "logout.frontchannel.failed", Level.WARNING,
            "logout.session_ended", Level.INFO,
            "local_login.allowed", Level.WARNING,
            "local_login.refused", Level.WARNING,
            "break_glass.generated", Level.WARNING,
            "break_glass.generation_refused", Level.WARNING,
            "break_glass.allowed", Level.WARNING,
            "break_glass.refused", Level.WARNING,
            "config.saved", Level.INFO,
            "bearer.refused", Level.INFO,
            "debug.enabled", Level.WARNING,
            "debug.disabled", Level.INFO,
            "admin.test_login", Level.INFO,
            // Refusals beyond a node's rate that the ring folded (AuditStore): someone is trying hard.
            "audit.suppressed", Level.WARNING);

    /** One audit event, values already cleaned and bounded. */
    public record Entry(Instant ts, String event, Level level, String node, Map<String, String> fields) {
        public Entry {
            Objects.requireNonNull(ts, "ts");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(node, "node");
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** The event as one JSON object on one line. */
        public String json() {
            StringBuilder out = new StringBuilder(96 + fields.size() * 24);
            out.append('{');
            member(out, "ts", ts.toString());
            member(out.append(','), "event", event);
            member(out.append(','), "level", level.name());
            member(out.append(','), "node", node);
            fields.forEach((key, value) -> member(out.append(','), key, value));
            return out.append('}').toString();
        }
    }

    /** Where entries go; an implementation should not block the caller for long. */
    @FunctionalInterface
    public interface Sink {
        void accept(Entry entry);
    }

    private final Supplier<String> node;
    private final Clock clock;
    private final List<Sink> sinks;
    private final AtomicLong sinkFailures = new AtomicLong();

    public AuditLog(Supplier<String> node, Clock clock, List<Sink> sinks) {
        this.node = Objects.requireNonNull(node, "node");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sinks = List.copyOf(sinks);
    }

    /** For tests: node {@code test}, the system clock. */
    public AuditLog(Sink sink) {
        this(() -> "test", Clock.systemUTC(), List.of(sink));
    }

    /** Writes {@code event} at its level to every sink. */
    public void record(String event, Map<String, String> fields) {
        Entry entry = entry(event, fields);
        for (Sink sink : sinks) {
            try {
                sink.accept(entry);
            } catch (RuntimeException e) {
                // An audit store that fails must not fail the login or logout being audited.
                if (sinkFailures.getAndIncrement() == 0) {
                    LOG.warning("oidc-sso: an audit sink failed (" + e.getClass().getSimpleName()
                            + "); further failures are only counted");
                }
            }
        }
    }

    /** How many times a sink threw since the plugin started. */
    public long sinkFailures() {
        return sinkFailures.get();
    }

    Entry entry(String event, Map<String, String> fields) {
        Map<String, String> cleaned = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            String name = clean(key, MAX_VALUE);
            if (value != null && !RESERVED.contains(name)) {
                cleaned.put(name, clean(value, isLong(name) ? MAX_LONG_VALUE : MAX_VALUE));
            }
        });
        String nodeId = node.get();
        return new Entry(clock.instant(), clean(event, MAX_VALUE), levelOf(event),
                clean(nodeId == null ? "" : nodeId, MAX_VALUE), cleaned);
    }

    private static final List<String> RESERVED = List.of("ts", "event", "level", "node");

    private static boolean isLong(String key) {
        return "detail".equals(key) || "groups".equals(key) || "pointers".equals(key);
    }

    /** The level of {@code event}; an event not in the table (a newer core's) is a WARNING when it failed. */
    static Level levelOf(String event) {
        Level level = LEVELS.get(event);
        if (level != null) {
            return level;
        }
        return event.endsWith("failed") ? Level.WARNING : Level.INFO;
    }

    /** Convenience for building ordered fields: {@code fields("user", u, "idp", i)}. */
    public static Map<String, String> fields(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields need key/value pairs");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Control characters replaced; over {@code max} characters cut at the last space before it, plus "...". */
    static String clean(String value, int max) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '_' : c);
        }
        if (out.length() == value.length()) {
            return out.toString();
        }
        int end = out.length() - CUT.length();
        int space = out.lastIndexOf(" ", end);
        // A word longer than a fifth of the limit (a URL, an id) is cut where the limit falls.
        if (space > end - max / 5) {
            end = space;
        }
        if (end > 0 && Character.isHighSurrogate(out.charAt(end - 1))) {
            end--;
        }
        return out.substring(0, end) + CUT;
    }

    /** {@code "key":"value"}; values are already free of control characters, so only quote and backslash remain. */
    private static void member(StringBuilder out, String key, String value) {
        string(out, key);
        out.append(':');
        string(out, value);
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)
                    && !validSurrogateAt(value, i)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** True when the surrogate at {@code i} is half of a well-formed pair (a lone one is escaped). */
    private static boolean validSurrogateAt(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }

    private static Map<String, Level> levels(Object... eventsAndLevels) {
        Map<String, Level> map = new LinkedHashMap<>();
        for (int i = 0; i < eventsAndLevels.length; i += 2) {
            map.put((String) eventsAndLevels[i], (Level) eventsAndLevels[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
