package io.oidcsso.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * nginx as the cluster's load balancer, a child process on {@link E2eSettings#HOST_ADDRESS}:
 * plain round robin over the nodes, NO stickiness, and no retry on another node
 * ({@code proxy_next_upstream off}), so every request is answered by exactly the node nginx
 * picked. Everything nginx writes (config, pid, logs, temp files) stays in its own prefix
 * directory under the work dir; the access log names the node that answered each request.
 */
final class Nginx implements AutoCloseable {
    private final ManagedProcess process;
    private final URI baseUrl;
    private final Path prefix;

    private Nginx(ManagedProcess process, URI baseUrl, Path prefix) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.prefix = prefix;
    }

    /** The nginx binary: {@code -De2e.nginx=PATH}, else Debian's (scripts/bootstrap.sh installs it). */
    static Path binary() {
        Path binary = Paths.get(System.getProperty("e2e.nginx", "/usr/sbin/nginx"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is not executable: install Debian's nginx "
                    + "(scripts/bootstrap.sh) or point -De2e.nginx at one");
        }
        return binary;
    }

    /** Starts nginx on {@code port}, balancing over {@code nodes}, and waits until it accepts connections. */
    static Nginx start(int port, List<URI> nodes, Path workDir) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a load balancer needs at least one node");
        }
        Path binary = binary();
        Path prefix;
        try {
            prefix = Files.createTempDirectory(Files.createDirectories(workDir), "nginx-");
            Files.writeString(prefix.resolve("nginx.conf"), config(prefix, port, nodes), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare nginx under " + workDir, e);
        }
        List<String> command = List.of(binary.toString(),
                "-e", prefix.resolve("error.log").toString(),
                "-p", prefix + "/",
                "-c", "nginx.conf",
                "-g", "daemon off;");
        ManagedProcess process = ManagedProcess.start("nginx", command, prefix, workDir.resolve("logs"), Map.of());
        Nginx nginx = new Nginx(process, URI.create("http://" + E2eSettings.HOST_ADDRESS + ":" + port), prefix);
        try {
            nginx.awaitListening(Duration.ofSeconds(15));
        } catch (RuntimeException e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    /** The nginx.conf: one worker (one round-robin rotation), paths inside {@code prefix}. */
    static String config(Path prefix, int port, List<URI> nodes) {
        StringBuilder upstream = new StringBuilder();
        for (URI node : nodes) {
            upstream.append("        server ").append(node.getHost()).append(':').append(node.getPort())
                    .append(";\n");
        }
        // As root, workers would drop to `nobody` and could not use the prefix directory.
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return "# Written by the e2e tests (Nginx.java): round robin, no stickiness, no retries.\n"
                + "worker_processes 1;\n"
                + user
                + "pid " + quoted(prefix.resolve("nginx.pid")) + ";\n"
                + "error_log " + quoted(prefix.resolve("error.log")) + " warn;\n"
                + "error_log stderr warn;\n"
                + "events { worker_connections 256; }\n"
                + "http {\n"
                + "    log_format balancer '$remote_addr \"$request\" $status upstream=$upstream_addr "
                + "node=$upstream_http_x_reference_host_node location=$upstream_http_location';\n"
                + "    access_log " + quoted(prefix.resolve("access.log")) + " balancer;\n"
                + "    client_body_temp_path " + quoted(prefix.resolve("client_body_temp")) + ";\n"
                + "    proxy_temp_path " + quoted(prefix.resolve("proxy_temp")) + ";\n"
                + "    fastcgi_temp_path " + quoted(prefix.resolve("fastcgi_temp")) + ";\n"
                + "    uwsgi_temp_path " + quoted(prefix.resolve("uwsgi_temp")) + ";\n"
                + "    scgi_temp_path " + quoted(prefix.resolve("scgi_temp")) + ";\n"
                + "    upstream reference_hosts {\n"
                + upstream
                + "    }\n"
                + "    server {\n"
                + "        listen " + E2eSettings.HOST_ADDRESS + ":" + port + ";\n"
                + "        location / {\n"
                + "            proxy_pass http://reference_hosts;\n"
                + "            proxy_set_header Host $http_host;\n"
                + "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                + "            proxy_set_header X-Forwarded-Proto $scheme;\n"
                + "            proxy_next_upstream off;\n"
                + "            proxy_buffer_size 16k;\n"
                + "            proxy_buffers 8 16k;\n"
                + "        }\n"
                + "    }\n"
                + "}\n";
    }

    private static String quoted(Path path) {
        String text = path.toString();
        if (text.contains("\"") || text.contains("\\")) {
            throw new IllegalArgumentException("nginx path with a quote or backslash: " + text);
        }
        return '"' + text + '"';
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(baseUrl.getHost(), baseUrl.getPort()), 500);
                return;
            } catch (IOException notYet) {
                // Not listening yet: wait a little (and notice when nginx exited instead).
            }
            int exit = process.awaitExit(Duration.ofMillis(100));
            if (exit != -1) {
                throw new IllegalStateException("nginx exited with " + exit + " before listening on "
                        + baseUrl + "\n" + process.output() + errorLog());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nginx not listening on " + baseUrl + " within " + timeout
                        + "\n" + process.output() + errorLog());
            }
        }
    }

    private String errorLog() {
        try {
            return "----- " + prefix.resolve("error.log") + " -----\n"
                    + Files.readString(prefix.resolve("error.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no error log: " + e.getMessage() + ")";
        }
    }

    /** {@code http://127.0.0.1:PORT}: the cluster's canonical base URL. */
    URI baseUrl() {
        return baseUrl;
    }

    URI url(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    /** The access log so far: one line per request with the node that answered it. */
    String accessLog() {
        try {
            Path log = prefix.resolve("access.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the nginx access log", e);
        }
    }

    ManagedProcess process() {
        return process;
    }

    /** Stops nginx (SIGTERM: the master stops its worker and exits). */
    @Override
    public void close() {
        process.close();
    }
}
