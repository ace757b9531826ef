package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SecurityFilter's 401s are answered before the request's body is read. A client that holds its body
 * back until the answer came, then sends it and its next request on the same kept-alive connection: a short
 * body (up to 64 KiB) is read and dropped, so the connection stays usable and the next request is answered
 * (the plugin's rule, {@code UnreadBody}; Tomcat under the real products does the same); a longer one is not
 * read and the answer says {@code Connection: close}. Before, Jetty closed the connection on every refusal
 * with a body, and when the answer was already out it could not say so and the next request got no answer.
 */
class EarlyAnswerConnectionTest extends HostPerTest {
    private static final Pattern CLOSE = Pattern.compile("(?im)^connection:\\s*close\\s*$");
    private static final byte[] BODY = "{\"name\":\"mallory\",\"password\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void refusalWhenAnonymousRestRequestsShortBodyIsUnreadThenDroppedAndTheNextRequestIsAnswered() throws Exception {
        assertDroppedAndNextAnswered("/rest/anything");
    }

    @Test
    void refusalWhenWrongBasicCredentialsAndShortBodyUnreadThenDroppedAndTheNextRequestIsAnswered() throws Exception {
        assertDroppedAndNextAnswered("/rest/anything", "Authorization: Basic "
                + java.util.Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusalWhenUnknownAccessTokenAndShortBodyUnreadThenDroppedAndTheNextRequestIsAnswered() throws Exception {
        assertDroppedAndNextAnswered("/rest/anything", "Authorization: Bearer not-a-token");
    }

    @Test
    void refusalWhenTheUnreadBodyIsLongerThan64KibThenConnectionClose() throws Exception {
        try (Socket socket = new Socket(host.uri("/").getHost(), host.uri("/").getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /rest/anything HTTP/1.1\r\nHost: " + host.uri("/").getAuthority()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (64 * 1024 + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            readUntilTimeout(socket.getInputStream(), received);
            String first = heads(new String(received.toByteArray(), StandardCharsets.ISO_8859_1)).get(0);
            assertTrue(first.startsWith("HTTP/1.1 401 "), first);
            assertTrue(CLOSE.matcher(first).find(), "nothing read from a long body, so no reuse: " + first);
        }
    }

    /**
     * Bitbucket mode's git endpoint answers an anonymous request (401, git then asks for credentials) and an unknown
     * repository (404) before it reads the body, a push's pack: the same rule.
     */
    @Test
    void scmWhenAnonymousOrUnknownRepositoryAndShortBodyUnreadThenDroppedAndTheNextRequestIsAnswered()
            throws Exception {
        try (TestHost bitbucket = TestHost.start(work.resolve("bitbucket-home"), TestPluginJar.build(work),
                "--product", "bitbucket")) {
            assertDroppedAndNextAnswered(bitbucket.uri("/"), 401, "/scm/proj/repo.git/git-receive-pack");
            assertDroppedAndNextAnswered(bitbucket.uri("/"), 404, "/scm/proj/repo.git/git-receive-pack",
                    "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(
                            "admin:admin".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void assertDroppedAndNextAnswered(String target, String... headers) throws IOException {
        assertDroppedAndNextAnswered(host.uri("/"), 401, target, headers);
    }

    private static void assertDroppedAndNextAnswered(URI base, int status, String target, String... headers)
            throws IOException {
        List<String> answers = secondRequestAfterEarlyAnswer(base, target, headers);
        String first = answers.get(0);
        assertTrue(first.startsWith("HTTP/1.1 " + status + " "), first);
        assertFalse(CLOSE.matcher(first).find(), target + ": a short body is dropped, the connection kept: " + first);
        assertEquals(2, answers.size(), target + ": the request sent next on the connection got no answer: "
                + answers);
        assertTrue(answers.get(1).startsWith("HTTP/1.1 200 "), answers.get(1));
    }

    /** The answers' heads, in order: the body held back 1.5 s or until answered, then the next request. */
    private static List<String> secondRequestAfterEarlyAnswer(URI base, String target, String... headers)
            throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length + "\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            socket.setSoTimeout(1500);
            if (!readUntilTimeout(socket.getInputStream(), received)) {
                try {
                    out.write(BODY);
                    out.write(("GET /rest/whoami HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nConnection: close"
                            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    // Closed by the server: what it answered is in received.
                }
                socket.setSoTimeout(30_000);
                readUntilTimeout(socket.getInputStream(), received);
            }
            return heads(new String(received.toByteArray(), StandardCharsets.ISO_8859_1));
        }
    }

    private static boolean readUntilTimeout(InputStream in, ByteArrayOutputStream into) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                into.write(buffer, 0, n);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            if (into.size() == 0) {
                throw e;
            }
            return true;
        }
    }

    /** Each answer's status line and headers; the answers here are framed by Content-Length or chunked. */
    private static List<String> heads(String raw) {
        List<String> heads = new ArrayList<>();
        int offset = 0;
        while (offset < raw.length()) {
            int end = raw.indexOf("\r\n\r\n", offset);
            assertTrue(end > 0 && raw.startsWith("HTTP/1.1 ", offset), "not an HTTP answer: " + raw.substring(offset));
            String head = raw.substring(offset, end + 2);
            heads.add(head);
            offset = end + 4;
            Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$").matcher(head);
            if (length.find()) {
                offset += Integer.parseInt(length.group(1));
            } else if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                offset = raw.indexOf("\r\n0\r\n\r\n", offset) + 7;
            } else {
                break;
            }
        }
        return heads;
    }
}
