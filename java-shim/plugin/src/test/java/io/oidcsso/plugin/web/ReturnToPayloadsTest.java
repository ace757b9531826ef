package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The open-redirect payloads the core is tested with ({@code rust/core/tests/data/open-redirect-payloads.txt}):
 * {@link ReturnTo} rejects or normalises each one exactly as the core's {@code same_origin_return_to} does.
 */
class ReturnToPayloadsTest {
    private static final Path PAYLOADS = Paths.get("../../rust/core/tests/data/open-redirect-payloads.txt");
    private static final String BASE_URL = "https://jira.example.com";

    @Test
    void sanitizeWhenOpenRedirectPayloadsThenRejectedOrNormalisedLikeTheCore() throws IOException {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (String line : Files.readAllLines(PAYLOADS, StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            String expected = line.substring(0, tab);
            String payload = unescape(line.substring(tab + 1));
            String found = ReturnTo.sanitize(payload, BASE_URL);
            String wanted = expected.equals("-") ? null : expected;
            cases++;
            if (!java.util.Objects.equals(wanted, found)) {
                failures.add(line.substring(tab + 1) + " -> " + found + " (expected " + wanted + ")");
            }
        }
        assertTrue(cases >= 100, "only " + cases + " payloads");
        assertEquals(List.of(), failures);
    }

    /** {@code \t \n \r \0 \\} and {@code \}{@code u{XXXX}} of the payload file. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 't': out.append('\t'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case '0': out.append('\0'); break;
                case 'u':
                    int close = text.indexOf('}', i);
                    out.appendCodePoint(Integer.parseInt(text.substring(i + 2, close), 16));
                    i = close;
                    break;
                default: out.append(next);
            }
        }
        return out.toString();
    }
}
