package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plugin in the container over its life: the jar as built before issue 9 is refused as
 * unloadable (and the host keeps its own login); enable, disable, enable and upgrade to a newer
 * build, {@value #DEFAULT_ROUNDS} times in one host JVM while logins run, leak no native threads,
 * file descriptors or extracted library files, and the native library is shut down whenever the
 * plugin's modules are gone.
 */
class PluginLifecycleIT {
    private static final int DEFAULT_ROUNDS = 50;
    /** Thread names of the native HTTP runtime (rust/http/src/runtime.rs), as /proc shows them (15 characters). */
    private static final String NATIVE_THREAD_PREFIX = "oidc-sso-http";

    @RegisterExtension
    static final DumpOutputOnFailure DUMP = new DumpOutputOnFailure();

    private static Path workDir;
    private static DevIdp idp;
    private static URI lifecycleBaseUrl;
    private static URI legacyBaseUrl;
    private static URI claimingBaseUrl;

    @BeforeAll
    static void startIdp() {
        workDir = E2eSettings.workDir().resolve("lifecycle-" + System.currentTimeMillis());
        lifecycleBaseUrl = ReferenceHost.reserveBaseUrl();
        legacyBaseUrl = ReferenceHost.reserveBaseUrl();
        claimingBaseUrl = ReferenceHost.reserveBaseUrl();
        idp = DevIdp.start(workDir.resolve("logs"), List.of(lifecycleBaseUrl, legacyBaseUrl, claimingBaseUrl));
        DUMP.watch(idp.process());
    }

    @AfterAll
    static void stopIdp() {
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void installWhenJarHasThePreOsgiManifestThenUnloadableWithReasonAndHostKeepsItsLogin() throws IOException {
        Path legacy = Files.write(workDir.resolve("legacy-plugin.jar"),
                PluginJars.withPreOsgiManifest(E2eSettings.pluginJar()));
        try (ReferenceHost host = ReferenceHost.startWithJar("legacy", legacyBaseUrl, legacy, null, workDir, List.of())) {
            DUMP.watch(host.process());
            JsonObject plugin = new PluginAdmin(host).plugin(PluginAdmin.PLUGIN_KEY);
            assertEquals("UNLOADABLE", plugin.get("state").getAsString(), plugin.toString());
            String reason = plugin.get("unloadableReason").getAsString();
            assertTrue(reason.contains("NoClassDefFoundError") && reason.contains(E2eSettings.servletPackage()), reason);
            HttpResponse<String> login = new ScriptedUserAgent().get(host.url("/login"));
            assertEquals(200, login.statusCode(), "the host's own login page, no SSO redirect");
        }
    }

    @Test
    void callbackWhenPluginAlsoClaimsTheBundledSsoAppPathThenTheIdpRedirectThereNeverReachesIt() throws IOException {
        Path claiming = Files.write(workDir.resolve("claiming-plugin.jar"),
                PluginJars.claimingBundledCallback(E2eSettings.pluginJar()));
        Path config = PluginConfig.writeForDevIdp(idp.issuer(), workDir.resolve("claiming-config.json"));
        try (ReferenceHost host = ReferenceHost.startWithJar("claiming", claimingBaseUrl, claiming, config, workDir,
                List.of())) {
            DUMP.watch(host.process());
            assertEquals("ENABLED", new PluginAdmin(host).plugin(PluginAdmin.PLUGIN_KEY).get("state").getAsString());
            ScriptedUserAgent agent = new ScriptedUserAgent();
            URI authorization = ScriptedLogin.startAtHost(agent, host, "/secure/dashboard", idp.issuer());
            URI callback = ScriptedLogin.signInAtIdp(agent, authorization, "carol", "carol",
                    host.url(E2eSettings.CALLBACK_PATH));
            // An IdP registered with the bundled app's redirect URI sends the browser there.
            URI toBundledPath = URI.create(callback.toString().replace(E2eSettings.CALLBACK_PATH,
                    "/plugins/servlet/oidc/callback"));

            HttpResponse<String> atBundledPath = agent.get(toBundledPath);

            assertEquals(401, atBundledPath.statusCode(), atBundledPath.body());
            assertTrue(atBundledPath.body().contains("atlassian-sso-error"), "Atlassian's app answered: "
                    + atBundledPath.body());
            assertTrue(agent.get(host.url("/rest/whoami")).body().contains("\"user\":null"), "no session");
            // Control: the very same callback at the plugin's own path logs carol in.
            agent.get(callback);
            assertTrue(agent.get(host.url("/rest/whoami")).body().contains("\"user\":\"carol\""),
                    "the callback was genuine");
        }
    }

    @Test
    void lifecycleWhenDisabledEnabledAndUpgradedRepeatedlyDuringLoginsThenNothingLeaks() throws Exception {
        int rounds = Integer.getInteger("e2e.lifecycle.rounds", DEFAULT_ROUNDS);
        Path nativeDir = Files.createDirectories(workDir.resolve("native-extract"));
        Path config = PluginConfig.writeForDevIdp(idp.issuer(), workDir.resolve("lifecycle-config.json"));
        try (ReferenceHost host = ReferenceHost.start("lifecycle", lifecycleBaseUrl, config, workDir,
                List.of("-Doidcsso.native.dir=" + nativeDir))) {
            DUMP.watch(host.process());
            PluginAdmin admin = new PluginAdmin(host);
            long pid = host.process().pid();
            assertTrue(login(host), "a login works before the loop");
            int fdsBefore = openFiles(pid);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger logins = new AtomicInteger();
            AtomicInteger attempts = new AtomicInteger();
            Thread loginLoop = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (running.get() && System.nanoTime() < deadline) {
                    attempts.incrementAndGet();
                    if (login(host)) {
                        logins.incrementAndGet();
                    }
                }
            }, "lifecycle-logins");
            loginLoop.start();
            try {
                for (int round = 1; round <= rounds; round++) {
                    assertFalse(admin.setEnabled(PluginAdmin.PLUGIN_KEY, false).get("enabled").getAsBoolean());
                    assertEquals(0, nativeThreadsSettled(pid), "round " + round + ": native threads left after disable");
                    assertEquals("ENABLED", admin.setEnabled(PluginAdmin.PLUGIN_KEY, true).get("state").getAsString());
                    JsonObject upgraded = admin.upload(PluginJars.withVersion(E2eSettings.pluginJar(), "0.1.0.e2e" + round));
                    assertEquals("ENABLED", upgraded.get("state").getAsString(), upgraded.toString());
                    assertEquals("0.1.0.e2e" + round, upgraded.get("version").getAsString());
                }
            } finally {
                running.set(false);
                loginLoop.join(Duration.ofMinutes(2).toMillis());
            }
            assertTrue(login(host), "a login works after the loop");
            admin.setEnabled(PluginAdmin.PLUGIN_KEY, false);

            String output = host.process().output();
            assertFalse(output.contains("UnsatisfiedLinkError"), "no UnsatisfiedLinkError in the host's output");
            assertEquals(0, nativeThreadsSettled(pid), "the native library is shut down when the modules are gone");
            try (Stream<Path> left = Files.list(nativeDir)) {
                assertEquals(List.of(), left.toList(), "no extracted library file is left");
            }
            int fdsAfter = openFiles(pid);
            System.out.printf("lifecycle: %d rounds, %d of %d logins during the loop succeeded; file descriptors"
                    + " (not sockets) %d before and %d after; sockets after %d; mapped copies of the native library"
                    + " %d%n", rounds, logins.get(), attempts.get(), fdsBefore, fdsAfter, openSockets(pid),
                    mappedLibraryCopies(pid));
            assertTrue(logins.get() > 0, "logins succeeded while the plugin was cycled");
            // The bundle jars of upgraded-away versions are closed (the cache holds one per installed bundle).
            assertTrue(fdsAfter <= fdsBefore + 2, "open files: " + fdsBefore + " before, " + fdsAfter + " after");
        }
    }

    /** One scripted browser login through the dev IdP; false when the plugin was not in service for it. */
    private static boolean login(ReferenceHost host) {
        try {
            ScriptedUserAgent agent = new ScriptedUserAgent();
            URI authorization = ScriptedLogin.startAtHost(agent, host, "/secure/dashboard", idp.issuer());
            URI callback = ScriptedLogin.signInAtIdp(agent, authorization, "alice", "alice",
                    host.url(E2eSettings.CALLBACK_PATH));
            agent.get(callback);
            HttpResponse<String> whoami = agent.get(host.url("/rest/whoami"));
            return whoami.body().contains("\"user\":\"alice\"");
        } catch (AssertionError | RuntimeException e) {
            return false;
        }
    }

    /** The native threads left once they had up to 5 s to end (a thread exits just after the runtime drops). */
    private static long nativeThreadsSettled(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long count = nativeThreads(pid);
        while (count > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            count = nativeThreads(pid);
        }
        return count;
    }

    private static long nativeThreads(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.filter(task -> {
                try {
                    return Files.readString(task.resolve("comm")).startsWith(NATIVE_THREAD_PREFIX);
                } catch (IOException e) {
                    return false; // the thread ended meanwhile
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Open descriptors that are not sockets (the test's own HTTP clients keep connections alive for a while). */
    private static int openFiles(long pid) {
        return (int) descriptorTargets(pid).filter(target -> !target.startsWith("socket:")).count();
    }

    private static int openSockets(long pid) {
        return (int) descriptorTargets(pid).filter(target -> target.startsWith("socket:")).count();
    }

    private static Stream<String> descriptorTargets(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "closed";
                }
            }).filter(target -> !target.equals("closed")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Distinct extracted copies of the native library still mapped (a figure for the report, not asserted). */
    private static long mappedLibraryCopies(long pid) {
        try (Stream<String> maps = Files.lines(Path.of("/proc", Long.toString(pid), "maps"))) {
            return maps.filter(line -> line.contains("/oidc-sso-") && line.contains(".so"))
                    .map(line -> line.substring(line.indexOf('/'))).distinct().count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
