package io.oidcsso.plugin.login;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Audit lines through java.util.logging: {@code event=<name> key="value" ...}. Callers pass
 * identities and codes only, never tokens, codes from the IdP or secrets; values are cut to 200
 * characters and stripped of control characters so a log line cannot be forged.
 */
public final class AuditLog {
    public static final String LOGGER_NAME = "io.oidcsso.audit";
    private static final int MAX_VALUE = 200;

    private final Logger logger;

    public AuditLog(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    public static AuditLog standard() {
        return new AuditLog(Logger.getLogger(LOGGER_NAME));
    }

    public void info(String event, Map<String, String> fields) {
        logger.log(Level.INFO, format(event, fields));
    }

    public void warning(String event, Map<String, String> fields) {
        logger.log(Level.WARNING, format(event, fields));
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
        StringBuilder line = new StringBuilder("event=").append(clean(event));
        fields.forEach((key, value) -> {
            if (value != null) {
                line.append(' ').append(clean(key)).append("=\"").append(clean(value).replace("\"", "'")).append('"');
            }
        });
        return line.toString();
    }

    private static String clean(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_VALUE));
        for (int i = 0; i < value.length() && out.length() < MAX_VALUE; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? '_' : c);
        }
        return out.toString();
    }
}
