package io.oidcsso.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** One reference-host node with the plugin jar, as a child process on 127.0.0.1. */
final class ReferenceHost implements AutoCloseable {
    private final ManagedProcess process;
    private final URI baseUrl;

    private ReferenceHost(ManagedProcess process, URI baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
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
        Path home = freshDirectory(workDir.resolve(name + "-home"));
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", E2eSettings.hostJar().toString(),
                "--port", Integer.toString(baseUrl.getPort()),
                "--bind", E2eSettings.HOST_ADDRESS,
                "--base-url", baseUrl.toString(),
                "--home", home.toString(),
                "--plugin", E2eSettings.pluginJar().toString(),
                "--config", configFile.toString(),
                "--node-id", name));
        ManagedProcess process = ManagedProcess.start(name, command, workDir, workDir.resolve("logs"), Map.of());
        ReferenceHost host = new ReferenceHost(process, baseUrl);
        try {
            process.awaitLine("reference-host ready: ", Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        return host;
    }

    private static Path freshDirectory(Path dir) {
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

    URI baseUrl() {
        return baseUrl;
    }

    URI url(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
