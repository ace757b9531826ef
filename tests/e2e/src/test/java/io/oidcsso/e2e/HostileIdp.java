package io.oidcsso.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The misbehaving party of the hostile-input tests: a tiny HTTP server on {@link #ADDRESS} whose
 * "issuers" misbehave each in one way, by the first path segment:
 * <ul>
 *   <li>{@code /hang}: accepts, reads the request, never answers;
 *   <li>{@code /drip}: answers the status line, then one byte a second, forever;
 *   <li>{@code /huge}: a 200 JSON answer of 64 MiB;
 *   <li>{@code /garbage}: a 200 "JSON" answer that is not JSON;
 *   <li>{@code /status500}: 500 with an HTML page;
 *   <li>{@code /flaky}: a well-formed OpenID Provider (discovery, an empty JWKS) until
 *       {@link #breakFlaky()}, then like {@code /hang} (an IdP that goes down mid-flight).
 * </ul>
 * Raw sockets, so "accept and never answer" and a slow drip are exactly that.
 */
final class HostileIdp implements AutoCloseable {
    static final String ADDRESS = "127.0.0.3";
    static final List<String> FAULTS = List.of("hang", "drip", "huge", "garbage", "status500");

    private final ServerSocket server;
    private final URI base;
    private final AtomicBoolean flakyBroken = new AtomicBoolean();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger flakyTokenRequests = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private HostileIdp(ServerSocket server) {
        this.server = server;
        this.base = URI.create("http://" + ADDRESS + ":" + server.getLocalPort());
    }

    static HostileIdp start() {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(ADDRESS), 0), 1_000);
            HostileIdp idp = new HostileIdp(server);
            Thread acceptor = new Thread(idp::acceptLoop, "hostile-idp-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return idp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the hostile IdP on " + ADDRESS, e);
        }
    }

    /** The issuer of one misbehaviour, e.g. {@code http://127.0.0.3:P/hang}. */
    URI issuer(String fault) {
        return URI.create(base + "/" + fault);
    }

    /** From now on {@code /flaky} accepts and never answers, discovery and token endpoint alike. */
    void breakFlaky() {
        flakyBroken.set(true);
    }

    void repairFlaky() {
        flakyBroken.set(false);
    }

    /** Connections accepted so far (each is one request). */
    int accepted() {
        return accepted.get();
    }

    /** Requests that reached {@code /flaky/token}. */
    int flakyTokenRequests() {
        return flakyTokenRequests.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                open.add(socket);
                Thread handler = new Thread(() -> serve(socket), "hostile-idp-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (!closed) {
                    System.out.println("hostile IdP: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            String path = readRequestPath(socket.getInputStream());
            String fault = path.split("/", 3).length > 1 ? path.split("/", 3)[1] : "";
            OutputStream out = socket.getOutputStream();
            switch (fault) {
                case "hang" -> holdOpen(socket);
                case "drip" -> drip(out);
                case "huge" -> huge(out);
                case "garbage" -> answer(out, 200, "application/json", "{\"issuer\": \"" + issuer("garbage")
                        + "\", \"authorization_endpoint\": [1, 2,,, }} not json");
                case "status500" -> answer(out, 500, "text/html", "<html><body>Internal Server Error</body></html>");
                case "flaky" -> flaky(socket, out, path);
                default -> answer(out, 404, "text/plain", "no such issuer");
            }
        } catch (IOException e) {
            // The relying party gave up (its timeout) or the test ended: that is the point.
        } finally {
            open.remove(socket);
        }
    }

    private void flaky(Socket socket, OutputStream out, String path) throws IOException {
        if (path.startsWith("/flaky/token")) {
            flakyTokenRequests.incrementAndGet();
        }
        if (flakyBroken.get()) {
            holdOpen(socket);
            return;
        }
        String issuer = issuer("flaky").toString();
        if (path.equals("/flaky/.well-known/openid-configuration")) {
            answer(out, 200, "application/json", "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\""
                    + issuer + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer
                    + "/jwks\",\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                    + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
        } else if (path.equals("/flaky/jwks")) {
            answer(out, 200, "application/json", "{\"keys\":[]}");
        } else {
            answer(out, 400, "application/json", "{\"error\":\"invalid_grant\"}");
        }
    }

    /** Keeps the connection open without a byte until the client or the test closes it. */
    private void holdOpen(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        while (!closed && in.read() >= 0) {
            // Whatever else the client sends is ignored; read() returns -1 when it hangs up.
        }
    }

    private void drip(OutputStream out) throws IOException {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        while (!closed) {
            out.write(' ');
            out.flush();
            sleep(1_000);
        }
    }

    private void huge(OutputStream out) throws IOException {
        long length = 64L * 1024 * 1024;
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        chunk[0] = '[';
        for (long sent = 0; sent < length && !closed; sent += chunk.length) {
            out.write(chunk);
            chunk[0] = ' ';
        }
        out.flush();
    }

    private static void answer(OutputStream out, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** The request target's path; the rest of the request head is read and dropped. */
    private static String readRequestPath(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && head.length() < 65_536) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        String[] requestLine = head.toString().split("\r\n", 2)[0].split(" ");
        String target = requestLine.length > 1 ? requestLine[1] : "/";
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException | RuntimeException e) {
                // closing anyway
            }
        }
    }

    @Override
    public String toString() {
        return "hostile IdP " + base;
    }
}
