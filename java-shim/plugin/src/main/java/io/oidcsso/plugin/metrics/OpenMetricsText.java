package io.oidcsso.plugin.metrics;

import java.math.BigDecimal;
import java.util.List;

/**
 * Writes the OpenMetrics 1.0 text format: per family {@code # TYPE}, {@code # UNIT} (when one),
 * {@code # HELP}, then its samples; {@code # EOF} last. Label values are escaped (backslash, double
 * quote, line feed); numbers are written plainly (no exponent).
 */
final class OpenMetricsText {
    static final String CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    void family(String name, String type, String unit, String help) {
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        if (unit != null) {
            out.append("# UNIT ").append(name).append(' ').append(unit).append('\n');
        }
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    }

    /** {@code labels}: name, value, name, value, ... */
    void sample(String name, List<String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            for (int i = 0; i < labels.size(); i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels.get(i)).append("=\"").append(escapeLabel(labels.get(i + 1))).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    String finish() {
        return out.append("# EOF\n").toString();
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).toPlainString();
    }

    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
