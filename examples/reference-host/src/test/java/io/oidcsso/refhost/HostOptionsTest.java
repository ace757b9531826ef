package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostOptionsTest {
    @Test
    void parseWhenOnlyHomeThenDefaults() {
        HostOptions o = HostOptions.parse("--home", "h");
        assertEquals(8080, o.port());
        assertEquals("127.0.0.1", o.bind());
        assertEquals("node-1", o.nodeId());
        assertEquals(Path.of("h"), o.home());
        assertTrue(o.baseUrl().isEmpty());
        assertEquals(Product.REFAPP, o.product());
    }

    @Test
    void parseWhenProductGivenThenItsPlatformIdAndLoginPage() {
        HostOptions o = HostOptions.parse("--home", "h", "--product", "confluence");
        assertEquals(Product.CONFLUENCE, o.product());
        assertEquals("conf", o.product().platformId());
        assertEquals("/login.action", o.product().loginPath());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "--port, 70000, --port must be a number",
        "--port, abc, --port must be a number",
        "--base-url, ftp://x, --base-url must be http(s)",
        "--base-url, http://x/jira, --base-url must be http(s)",
        "--plugin, /no/such.jar, no such readable file",
        "--config, /no/such.json, no such readable file",
        "--node-id, 'a b', --node-id must be",
        "--colour, red, unknown flag `--colour`",
        "--product, crucible, --product must be refapp, jira, confluence, bitbucket or bamboo",
    })
    void parseWhenFlagBadThenMessageSaysWhat(String flag, String value, String expected) {
        HostOptions.UsageException e = assertThrows(HostOptions.UsageException.class,
                () -> HostOptions.parse("--home", "h", flag, value));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void parseWhenHomeMissingThenRequired() {
        assertTrue(assertThrows(HostOptions.UsageException.class, () -> HostOptions.parse("--port", "1"))
                .getMessage().contains("--home"));
    }

    @Test
    void parseWhenFlagHasNoValueThenSaysSo() {
        assertTrue(assertThrows(HostOptions.UsageException.class, () -> HostOptions.parse("--home"))
                .getMessage().contains("needs a value"));
    }

    @Test
    void parseWhenHelpThenUsageExceptionWithoutMessage() {
        assertNull(assertThrows(HostOptions.UsageException.class, () -> HostOptions.parse("--help")).getMessage());
    }
}
