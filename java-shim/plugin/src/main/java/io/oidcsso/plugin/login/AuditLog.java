package io.oidcsso.plugin.login;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Audit lines through java.util.logging: {@code event=<name> key="value" ...}. Callers pass
 * identities and codes only, never tokens, codes from the IdP or secrets; values are stripped of
 * control characters so a log line cannot be forged, and bounded (a cut value ends at a word, marked
 * {@code ...}).
 *
 * <p>The level comes from the event, from one table ({@link #LEVELS}), which docs/admin-guide.md
 * lists too (AuditLogTest compares them): WARNING when an administrator should look (a login refused
 * or failed, a change the directory did not make, a logout that did not reach everyone), INFO for the
 * normal course of logins and logouts, so that filtering warnings shows only what needs attention.
 */
public final class AuditLog {
    public static final String LOGGER_NAME = "io.oidcsso.audit";
    /** Identities, codes, names. */
    private static final int MAX_VALUE = 200;
    /** {@code detail}: an admin hint or note, which may quote a few bounded values. */
    private static final int MAX_DETAIL = 1000;
    private static final String CUT = "...";

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
            "group.added", Level.INFO,
            "group.removed", Level.INFO,
            "group.kept", Level.INFO,
            "group.skipped", Level.INFO,
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
            "break_glass.refused", Level.WARNING);

    private final Logger logger;

    public AuditLog(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    public static AuditLog standard() {
        return new AuditLog(Logger.getLogger(LOGGER_NAME));
    }

    /** Writes {@code event} at its level. */
    public void record(String event, Map<String, String> fields) {
        Level level = levelOf(event);
        if (logger.isLoggable(level)) {
            logger.log(level, format(event, fields));
        }
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

    static String format(String event, Map<String, String> fields) {
        StringBuilder line = new StringBuilder("event=").append(clean(event, MAX_VALUE));
        fields.forEach((key, value) -> {
            if (value != null) {
                int max = "detail".equals(key) ? MAX_DETAIL : MAX_VALUE;
                line.append(' ').append(clean(key, MAX_VALUE)).append("=\"")
                        .append(clean(value, max).replace("\"", "'")).append('"');
            }
        });
        return line.toString();
    }

    /** Control characters replaced; over {@code max} characters cut at the last space before it, plus "...". */
    private static String clean(String value, int max) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? '_' : c);
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

    private static Map<String, Level> levels(Object... eventsAndLevels) {
        Map<String, Level> map = new LinkedHashMap<>();
        for (int i = 0; i < eventsAndLevels.length; i += 2) {
            map.put((String) eventsAndLevels[i], (Level) eventsAndLevels[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
