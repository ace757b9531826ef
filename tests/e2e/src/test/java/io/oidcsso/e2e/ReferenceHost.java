package io.oidcsso.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** One reference-host node with the plugin jar, as a child process on 127.0.0.1. */
final class ReferenceHost implements AutoCloseable {
    private static final String READY_PREFIX = "reference-host ready: ";

    private final ManagedProcess process;
    private final URI baseUrl;
    private final Path home;

    private ReferenceHost(ManagedProcess process, URI baseUrl, Path home) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.home = home;
    }

    /** The base URL a host will get, known before it starts (the IdP needs its redirect URI). */
    static URI reserveBaseUrl() {
        return URI.create("http://" + E2eSettings.HOST_ADDRESS + ":" + FreePorts.on(E2eSettings.HOST_ADDRESS));
    }

    /**
     * Starts a node with a fresh home directory and waits for its ready line.
     *
     * @param jvmOptions extra JVM options, e.g. the kill switch {@code -Doidcsso.disabled=true}
     */
    static ReferenceHost start(String name, URI baseUrl, Path configFile, Path workDir,
            List<String> jvmOptions) {
        return start(name, baseUrl, configFile, workDir, jvmOptions, List.of());
    }

    /**
     * As {@link #start(String, URI, Path, Path, List)} with more host flags, e.g.
     * {@code --product jira}; {@code configFile} null starts without {@code --config}.
     */
    static ReferenceHost start(String name, URI baseUrl, Path configFile, Path workDir,
            List<String> jvmOptions, List<String> extraHostArgs) {
        Path home = freshDirectory(workDir.resolve(name + "-home"));
        List<String> hostArgs = new ArrayList<>(List.of(
                "--port", Integer.toString(baseUrl.getPort()),
                "--base-url", baseUrl.toString(),
                "--home", home.toString(),
                "--node-id", name));
        if (configFile != null) {
            hostArgs.addAll(List.of("--config", configFile.toString()));
        }
        hostArgs.addAll(extraHostArgs);
        return launch(name, jvmOptions, hostArgs, workDir, baseUrl, home);
    }

    /**
     * Like {@link #start(String, URI, Path, Path, List, List)}, loading {@code pluginJar} instead of the
     * built one; {@code configFile} null starts without {@code --config}.
     */
    static ReferenceHost startWithJar(String name, URI baseUrl, Path pluginJar, Path configFile, Path workDir,
            List<String> jvmOptions) {
        Path home = freshDirectory(workDir.resolve(name + "-home"));
        List<String> command = new ArrayList<>();
        command.add(E2eSettings.hostJava().toString());
        command.add("-Xmx384m");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", E2eSettings.hostJar().toString(), "--bind", E2eSettings.HOST_ADDRESS,
                "--plugin", pluginJar.toString(), "--port", Integer.toString(baseUrl.getPort()),
                "--base-url", baseUrl.toString(), "--home", home.toString(), "--node-id", name));
        if (configFile != null) {
            command.addAll(List.of("--config", configFile.toString()));
        }
        ManagedProcess process = ManagedProcess.start(name, command, workDir, workDir.resolve("logs"), Map.of());
        try {
            process.awaitLine(READY_PREFIX, Duration.ofSeconds(90));
            return new ReferenceHost(process, baseUrl, home);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /**
     * Starts one node of a cluster and waits for its ready line: {@code --sessions shared} over
     * {@code sharedHome} (left as it is: every node of the cluster uses it), the canonical base URL
     * {@code canonicalBaseUrl} (the load balancer's), a free port of its own. {@link #baseUrl()}
     * is then where this node listens, not the canonical URL.
     *
     * @param configFile the document to import, or null: the node then runs on what another node
     *     stored in the shared home
     */
    static ReferenceHost startClusterNode(String nodeId, URI canonicalBaseUrl, Path sharedHome,
            Path configFile, Path workDir) {
        return startClusterNode(nodeId, canonicalBaseUrl, sharedHome, configFile, workDir, List.of());
    }

    /** As {@link #startClusterNode(String, URI, Path, Path, Path)} with JVM options (e.g. {@code -D...}). */
    static ReferenceHost startClusterNode(String nodeId, URI canonicalBaseUrl, Path sharedHome,
            Path configFile, Path workDir, List<String> jvmOptions) {
        List<String> hostArgs = new ArrayList<>(List.of(
                "--port", "0",
                "--base-url", canonicalBaseUrl.toString(),
                "--home", sharedHome.toString(),
                "--sessions", "shared",
                "--node-id", nodeId));
        if (configFile != null) {
            hostArgs.addAll(List.of("--config", configFile.toString()));
        }
        return launch(nodeId, jvmOptions, hostArgs, workDir, null, sharedHome);
    }

    /**
     * Runs the host jar with the plugin on {@link E2eSettings#HOST_ADDRESS}; {@code listenUrl}
     * null means "read it from the ready line" (for {@code --port 0}).
     */
    private static ReferenceHost launch(String name, List<String> jvmOptions, List<String> hostArgs,
            Path workDir, URI listenUrl, Path home) {
        List<String> command = new ArrayList<>();
        command.add(E2eSettings.hostJava().toString());
        command.add("-Xmx384m");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", E2eSettings.hostJar().toString(),
                "--bind", E2eSettings.HOST_ADDRESS,
                "--plugin", E2eSettings.pluginJar().toString()));
        command.addAll(hostArgs);
        ManagedProcess process = ManagedProcess.start(name, command, workDir, workDir.resolve("logs"), Map.of());
        try {
            String ready = process.awaitLine(READY_PREFIX, Duration.ofSeconds(90));
            return new ReferenceHost(process, listenUrl != null ? listenUrl : listenUrlOf(ready), home);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT} from {@code reference-host ready: http://127.0.0.1:PORT/ (...)}. */
    private static URI listenUrlOf(String readyLine) {
        String rest = readyLine.substring(readyLine.indexOf(READY_PREFIX) + READY_PREFIX.length()).trim();
        String url = rest.split("\\s+", 2)[0];
        URI parsed = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        if (parsed.getPort() <= 0) {
            throw new IllegalStateException("no port in the ready line: " + readyLine);
        }
        return parsed;
    }

    /** Empties {@code dir} (when present) and creates it: a fresh home, e.g. one for a cluster. */
    static Path freshDirectory(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(ReferenceHost::delete);
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    /** Where this host listens; for a host started by {@link #start}, also its canonical base URL. */
    URI baseUrl() {
        return baseUrl;
    }

    URI url(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    ManagedProcess process() {
        return process;
    }

    /** The host's {@code --home}: settings, users, locks. */
    Path home() {
        return home;
    }

    /**
     * The host's users admin ({@code /rest/api/latest/admin/users}: add, rename, read; README) with HTTP Basic
     * {@code credentials} ({@code name:password} of a host administrator) and the XSRF header.
     */
    HttpResponse<String> usersAdmin(String credentials, String method, String path, String body) {
        String basic = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(url("/rest/api/latest/admin/users" + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + basic)
                .header("X-Atlassian-Token", "no-check").header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
