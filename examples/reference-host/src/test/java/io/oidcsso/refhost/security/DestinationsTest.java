package io.oidcsso.refhost.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The plugin's open-redirect payloads ({@code rust/core/tests/data/open-redirect-payloads.txt}) against
 * the host's own {@code os_destination} check: each is refused or becomes an ASCII path on this host
 * without dot segments, which Jetty redirects to without complaint.
 */
class DestinationsTest {
    private static final Path PAYLOADS = Paths.get("../../rust/core/tests/data/open-redirect-payloads.txt");
    private static final URI BASE = URI.create("https://jira.example.com");

    @Test
    void sameOriginWhenOpenRedirectPayloadsThenRefusedOrSafeAsciiPath() throws IOException {
        Destinations destinations = new Destinations(BASE);
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (String line : Files.readAllLines(PAYLOADS, StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            cases++;
            String payload = unescape(line.substring(line.indexOf('\t') + 1));
            Optional<String> kept = destinations.sameOrigin(payload);
            if (kept.isPresent() && !isSafe(kept.get())) {
                failures.add(line + " -> " + kept.get());
            }
        }
        assertTrue(cases >= 150, "only " + cases + " payloads");
        assertEquals(List.of(), failures);
    }

    @Test
    void sameOriginWhenDotSegmentsThenRefused() {
        Destinations destinations = new Destinations(BASE);
        for (String dotted : new String[] {"/..//evil.test", "/.././", "/./..///", "/a/../b", "/%2E%2e/x",
                "/..;/x", "https://jira.example.com/a/./b"}) {
            assertEquals(Optional.empty(), destinations.sameOrigin(dotted), dotted);
        }
        assertEquals(Optional.of("/a..b/c?d=../e"), destinations.sameOrigin("/a..b/c?d=../e"));
    }

    private static boolean isSafe(String path) {
        URI resolved = BASE.resolve(path);
        String rawPath = resolved.getRawPath();
        return path.startsWith("/") && !path.startsWith("//") && path.chars().allMatch(c -> c > 0x20 && c < 0x7f)
                && BASE.getHost().equals(resolved.getHost()) && !path.toLowerCase(java.util.Locale.ROOT).matches(
                        ".*%(0[0-9a-f]|1[0-9a-f]|7f).*")
                && java.util.Arrays.stream(rawPath.split("/")).map(s -> s.split(";", -1)[0].toLowerCase(
                        java.util.Locale.ROOT).replace("%2e", ".")).noneMatch(s -> s.equals(".") || s.equals(".."));
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
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'u' -> {
                    int close = text.indexOf('}', i);
                    out.appendCodePoint(Integer.parseInt(text.substring(i + 2, close), 16));
                    i = close;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
