package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The platform of this run (tests/e2e/pom.xml runs the suite twice: the javax jar on the Platform 7
 * host, Jetty ee8, Java 17; the jakarta jar on the Platform 8 host, Jetty ee10, Java 21+), and the
 * plugin's startup self-check against a host that lacks one service: SSO stays off with
 * "unsupported product version: missing X" in the host's log and plugin admin, and the local login
 * works.
 */
class HostCompatibilityIT {
    private static final String AUTH_LISTENER = "com.atlassian.sal.api.auth.AuthenticationListener";

    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static Path workDir;

    @BeforeAll
    static void workDir() {
        workDir = E2eSettings.workDir().resolve("compat-" + System.currentTimeMillis());
    }

    @Test
    void hostWhenStartedThenServesThisRunsPlatformOnItsJava() {
        try (ReferenceHost host = ReferenceHost.start("platform", ReferenceHost.reserveBaseUrl(), null, workDir,
                List.of())) {
            DUMP.watch(host.process());
            String serving = host.process().awaitLine("serving on ", Duration.ofSeconds(5));
            int platform = E2eSettings.platform();
            String environment = platform == 8 ? "jetty-ee10" : "jetty-ee8";
            assertTrue(serving.contains("serving on " + environment + ", Platform " + platform + " ("
                    + E2eSettings.servletPackage() + " "), serving);
            int java = Integer.parseInt(serving.replaceAll(".*, Java (\\d+).*", "$1"));
            if (platform == 8) {
                assertTrue(java >= 21, "Platform 8 needs Java 21 or later: " + serving);
            } else {
                assertEquals(17, java, "Platform 7 runs on the build's Java 17: " + serving);
            }
            assertEquals("ENABLED", new PluginAdmin(host).plugin(PluginAdmin.PLUGIN_KEY).get("state").getAsString());
        }
    }

    @Test
    void hostJarWhenRunOnJava17ThenPlatform7StartsAndPlatform8RefusesWithTheReason() {
        Path java17 = Path.of(System.getProperty("java.home"), "bin", "java");
        Path home = ReferenceHost.freshDirectory(workDir.resolve("java17-home"));
        List<String> command = List.of(java17.toString(), "-jar", E2eSettings.hostJar().toString(), "--bind",
                E2eSettings.HOST_ADDRESS, "--port", "0", "--home", home.toString());
        try (ManagedProcess process = ManagedProcess.start("java17-host", command, workDir, workDir.resolve("logs"),
                Map.of())) {
            DUMP.watch(process);
            assertEquals(17, Runtime.version().feature(), "the build runs on Java 17");
            if (E2eSettings.platform() == 8) {
                assertEquals(1, process.awaitExit(Duration.ofSeconds(60)), process.output());
                assertTrue(process.output().contains("Platform 8 (jakarta.servlet 6.0.0) needs Java 21 or later;"
                        + " this is Java 17"), process.output());
            } else {
                assertTrue(process.awaitLine("reference-host ready: ", Duration.ofSeconds(90)).startsWith(
                        "reference-host ready: "), process.output());
            }
        }
    }

    @Test
    void startWhenHostLacksAuthenticationListenerThenUnsupportedProductVersionAndLocalLoginWorks() {
        URI baseUrl = ReferenceHost.reserveBaseUrl();
        try (ReferenceHost host = ReferenceHost.start("no-listener", baseUrl, null, workDir,
                List.of("-Drefhost.test.omit-service=" + AUTH_LISTENER))) {
            DUMP.watch(host.process());
            String expected = "unsupported product version: missing service " + AUTH_LISTENER;

            JsonObject plugin = new PluginAdmin(host).plugin(PluginAdmin.PLUGIN_KEY);
            assertEquals("UNLOADABLE", plugin.get("state").getAsString(), plugin.toString());
            assertTrue(plugin.get("unloadableReason").getAsString().contains(expected), plugin.toString());
            String logged = host.process().awaitLine("single sign-on is OFF", Duration.ofSeconds(5));
            assertTrue(logged.contains(expected), logged);

            ScriptedUserAgent agent = new ScriptedUserAgent();
            HttpResponse<String> page = agent.get(host.url(E2eSettings.LOGIN_PATH + "?os_destination=%2Fsecure%2Fdashboard"));
            assertEquals(200, page.statusCode(), "the host's own login page, no SSO redirect: " + page.body());
            HttpResponse<String> login = agent.postForm(host.url(E2eSettings.LOGIN_PATH),
                    Map.of("os_username", "local", "os_password", "local", "os_destination", "/secure/dashboard"),
                    host.baseUrl().toString());
            assertEquals(302, login.statusCode(), login.body());
            assertEquals("local", Whoami.parse(agent.get(host.url("/rest/whoami")).body()).user());
        }
    }
}
