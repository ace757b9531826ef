package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every hostile-input case asserts: no stack trace anywhere, no secret in a log, quiet refusals. */
final class HostileChecks {
    /** What a stack trace or an exception name looks like in a page. */
    private static final List<String> PAGE_LEAKS = List.of("Exception", "\tat ", "at io.", "at java.", "at org.",
            "java.lang", "org.eclipse", "CAUSED BY", "Caused by");
    /** A stack frame in a log: {@code \tat io.oidcsso.X.y(X.java:1)}. */
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w.$/]+\\(.*\\)$");
    private static final Pattern[] REFERENCES = {
        Pattern.compile("Reference: <code>([A-Z0-9]{10})</code>"),
        Pattern.compile("<code id=\"oidcsso-reference\">([A-Z0-9]{10})</code>"),
        Pattern.compile("\"reference\":\"([A-Z0-9]{10})\""),
        Pattern.compile("id=\"error-reference\">([A-Z0-9]{10})<")};

    private HostileChecks() {}

    static void assertNoStackTrace(String what, String body) {
        for (String leak : PAGE_LEAKS) {
            assertTrue(!body.contains(leak), what + ": the answer shows `" + leak + "`:\n" + body);
        }
    }

    /** The reference id on a plugin or host error page (HTML or JSON), or null. */
    static String referenceOf(String body) {
        for (Pattern pattern : REFERENCES) {
            Matcher matcher = pattern.matcher(body);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    /** Exactly one log line names the reference, at INFO (JUL prints the level before the message). */
    static void assertOneInfoLine(String what, List<String> log, String reference) {
        List<String> lines = log.stream().filter(line -> line.contains("[ref " + reference + "]")).toList();
        assertEquals(1, lines.size(), what + ": lines naming ref " + reference + ": " + lines);
        String line = lines.get(0);
        assertTrue(line.startsWith("INFO: ") || line.contains(":INFO :"), what + ": not an INFO line: " + line);
    }

    static void assertNoStackTraceInLog(String what, List<String> log) {
        List<String> frames = new ArrayList<>();
        for (String line : log) {
            if (STACK_FRAME.matcher(line).matches() || line.startsWith("SEVERE:")) {
                frames.add(line);
            }
        }
        assertEquals(List.of(), frames, what + ": stack traces or SEVERE lines in the log");
    }

    static void assertNoSecretInLog(String what, List<String> log, Collection<String> secrets) {
        for (String secret : secrets) {
            if (secret == null || secret.length() < 8) {
                continue;
            }
            for (String line : log) {
                assertTrue(!line.contains(secret), what + ": a secret (" + secret.substring(0, 4)
                        + "...) is in the log: " + line);
            }
        }
        for (String line : log) {
            assertTrue(!line.matches(".*eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}.*"),
                    what + ": a JWT is in the log: " + line);
        }
    }
}
