package io.oidcsso.plugin.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the OpenMetrics 1.0 text format, as far as this plugin's output uses it
 * (counter, gauge, histogram): every rule it breaks is an {@link IllegalArgumentException} naming the
 * line. Answers the samples as {@code name{labels}} (labels in written order) to value.
 */
public final class OpenMetricsChecker {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern METADATA = Pattern.compile("# (TYPE|UNIT|HELP) (" + NAME + ") ?(.*)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern NUMBER = Pattern.compile(
            "[+-]?(?:\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|Inf|NaN)");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram");

    private OpenMetricsChecker() {}

    public static Map<String, Double> parse(String text) {
        if (!text.endsWith("# EOF\n")) {
            throw new IllegalArgumentException("does not end with \"# EOF\\n\"");
        }
        String[] lines = text.substring(0, text.length() - "# EOF\n".length()).split("\n", -1);
        Map<String, Double> samples = new LinkedHashMap<>();
        Set<String> closedFamilies = new HashSet<>();
        Family family = null;
        // The last element is "" (the text before "# EOF" ends with a line feed) unless the text is only "# EOF".
        int count = lines.length == 1 && lines[0].isEmpty() ? 0 : lines.length - 1;
        if (count > 0 && !lines[lines.length - 1].isEmpty()) {
            throw new IllegalArgumentException("the line before # EOF does not end with a line feed");
        }
        for (int i = 0; i < count; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " `" + line + "`: ";
            if (line.startsWith("#")) {
                family = metadata(line, where, family, closedFamilies);
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException(where + "neither metadata nor a sample");
            }
            if (family == null || !family.owns(sample.group(1))) {
                throw new IllegalArgumentException(where + "a sample outside its family's block");
            }
            family.hasSamples = true;
            List<String> labels = labels(sample.group(3), where);
            String value = sample.group(4);
            if (!NUMBER.matcher(value).matches()) {
                throw new IllegalArgumentException(where + "not a number: " + value);
            }
            double number = parseNumber(value);
            String key = sample.group(1) + "{" + String.join(",", labels) + "}";
            if (samples.put(key, number) != null) {
                throw new IllegalArgumentException(where + "a second sample " + key);
            }
            family.check(sample.group(1), labels, number, where);
        }
        if (family != null) {
            family.finish();
        }
        return samples;
    }

    private static Family metadata(String line, String where, Family current, Set<String> closed) {
        Matcher m = METADATA.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException(where + "not TYPE, UNIT or HELP");
        }
        String kind = m.group(1);
        String name = m.group(2);
        if (kind.equals("TYPE")) {
            if (closed.contains(name) || (current != null && current.name.equals(name))) {
                throw new IllegalArgumentException(where + "family " + name + " seen before");
            }
            if (!TYPES.contains(m.group(3))) {
                throw new IllegalArgumentException(where + "unknown type " + m.group(3));
            }
            if (current != null) {
                current.finish();
                closed.add(current.name);
            }
            return new Family(name, m.group(3));
        }
        if (current == null || !current.name.equals(name) || current.hasSamples) {
            throw new IllegalArgumentException(where + kind + " outside its family's metadata");
        }
        if (kind.equals("UNIT") && !name.endsWith("_" + m.group(3))) {
            throw new IllegalArgumentException(where + "the name does not end with its unit");
        }
        if (kind.equals("HELP") && m.group(3).matches(".*\\\\[^\\\\n].*")) {
            throw new IllegalArgumentException(where + "a bad escape in HELP");
        }
        return current;
    }

    private static List<String> labels(String text, String where) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        Set<String> names = new HashSet<>();
        int at = 0;
        Matcher m = LABEL.matcher(text);
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException(where + "a malformed label at " + at);
            }
            if (!names.add(m.group(1))) {
                throw new IllegalArgumentException(where + "label " + m.group(1) + " twice");
            }
            out.add(m.group(0));
            at = m.end();
            if (at < text.length()) {
                if (text.charAt(at) != ',' || at == text.length() - 1) {
                    throw new IllegalArgumentException(where + "labels not separated by one comma");
                }
                at++;
            }
        }
        return out;
    }

    private static double parseNumber(String value) {
        String v = value.replace("Inf", "Infinity");
        return Double.parseDouble(v);
    }

    private static final class Family {
        final String name;
        final String type;
        boolean hasSamples;
        /** Histogram label sets (without le) to their buckets' bounds and values, in order. */
        final Map<String, List<double[]>> buckets = new TreeMap<>();
        final Map<String, Double> counts = new TreeMap<>();
        final Set<String> sums = new HashSet<>();

        Family(String name, String type) {
            this.name = name;
            this.type = type;
        }

        boolean owns(String sample) {
            switch (type) {
                case "counter":
                    return sample.equals(name + "_total") || sample.equals(name + "_created");
                case "gauge":
                    return sample.equals(name);
                default:
                    return sample.equals(name + "_bucket") || sample.equals(name + "_count")
                            || sample.equals(name + "_sum") || sample.equals(name + "_created");
            }
        }

        void check(String sample, List<String> labels, double value, String where) {
            boolean hasLe = labels.stream().anyMatch(l -> l.startsWith("le="));
            if (hasLe != sample.endsWith("_bucket") || (hasLe && !type.equals("histogram"))) {
                throw new IllegalArgumentException(where + "le belongs to histogram buckets, and they need one");
            }
            if (!type.equals("gauge") && (Double.isNaN(value) || value < 0)) {
                throw new IllegalArgumentException(where + "a " + type + " value must be a non-negative number");
            }
            if (!type.equals("histogram")) {
                return;
            }
            String set = String.join(",", labels.stream().filter(l -> !l.startsWith("le=")).toList());
            if (sample.endsWith("_bucket")) {
                String le = labels.stream().filter(l -> l.startsWith("le=")).findFirst().orElseThrow();
                double bound = parseNumber(le.substring(4, le.length() - 1));
                List<double[]> seen = buckets.computeIfAbsent(set, k -> new ArrayList<>());
                if (counts.containsKey(set)) {
                    throw new IllegalArgumentException(where + "a bucket after its _count");
                }
                if (!seen.isEmpty() && (seen.get(seen.size() - 1)[0] >= bound || seen.get(seen.size() - 1)[1] > value)) {
                    throw new IllegalArgumentException(where + "buckets must rise in le and never fall in value");
                }
                seen.add(new double[] {bound, value});
            } else if (sample.endsWith("_count")) {
                List<double[]> seen = buckets.get(set);
                if (seen == null || seen.get(seen.size() - 1)[0] != Double.POSITIVE_INFINITY
                        || seen.get(seen.size() - 1)[1] != value) {
                    throw new IllegalArgumentException(where + "_count must follow a +Inf bucket of the same value");
                }
                counts.put(set, value);
            } else if (sample.endsWith("_sum")) {
                sums.add(set);
            }
        }

        void finish() {
            if (!type.equals("histogram")) {
                return;
            }
            for (String set : buckets.keySet()) {
                if (!counts.containsKey(set) || !sums.contains(set)) {
                    throw new IllegalArgumentException(name + "{" + set + "}: a histogram needs _count and _sum");
                }
            }
        }
    }
}
