package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The unread-body rule seen from a client (docs/security.md, "an answer given before the body was read"): a
 * request's body is held back until the server answered it (or 1.5 s passed), then the body and a second
 * request ({@code GET /rest/whoami}) follow on the same connection. The server must either say
 * {@code Connection: close} or answer the second request too; where the short body must be read and dropped,
 * the connection must stay open and the second request be answered.
 */
final class EarlyAnswers {
    /** A short body, as a refused client might send (well under the 64 KiB drained). */
    private static final byte[] BODY = "{\"idp\":\"dev\",\"claims\":{},\"name\":\"mallory\",\"password\":\"x\"}"
            .getBytes(StandardCharsets.UTF_8);

    private EarlyAnswers() {}

    /**
     * The first answer, after checking its status and the connection's fate. {@code dropped}: the short body must be
     * read and dropped (no {@code Connection: close}, the next request answered 200).
     */
    static RawHttp.Response assertConnectionUsable(URI base, boolean dropped, int status, String method,
            String target, String... headers) {
        List<RawHttp.Response> answers = RawHttp.secondRequestAfterEarlyAnswer(base, method, target, BODY,
                Duration.ofMillis(1500), headers, "/rest/whoami");
        RawHttp.Response first = answers.get(0);
        assertEquals(status, first.status(), method + " " + target + ": " + first);
        if (dropped) {
            assertNotEquals("close", first.header("Connection"), method + " " + target + ": a short body is read and"
                    + " dropped, the connection kept: " + first);
        }
        if (!"close".equalsIgnoreCase(first.header("Connection"))) {
            assertEquals(2, answers.size(), method + " " + target + ": the connection was kept alive (no Connection:"
                    + " close) but the request sent next on it got no answer: " + answers);
            assertEquals(200, answers.get(1).status(), answers.toString());
        }
        return first;
    }
}
