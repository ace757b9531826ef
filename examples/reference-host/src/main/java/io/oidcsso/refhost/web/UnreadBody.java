package io.oidcsso.refhost.web;

import java.io.IOException;
import java.io.InputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The host's side of the plugin's rule for an answer given before the request's body was read (the
 * plugin's {@code io.oidcsso.plugin.admin.UnreadBody}; the host cannot use the plugin's class, which
 * lives in the plugin's bundle). Jetty drops a kept-alive connection whose body is still unread once the
 * answer is out, and a client that sends its next request on it gets no answer at all; Tomcat, under the
 * real products, swallows up to 2 MiB itself. So a short rest, up to {@value #DRAIN_LIMIT} bytes, is read
 * and dropped, and a longer or unreadable one makes the answer say {@code Connection: close}. Call it
 * before the answer is written.
 */
public final class UnreadBody {
    /** The most a refused sender's body is read: a small request, not an upload. */
    static final int DRAIN_LIMIT = 64 * 1024;

    private UnreadBody() {
    }

    public static void settle(HttpServletRequest request, HttpServletResponse response) {
        long declared = request.getContentLengthLong();
        if (declared <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return;
        }
        if (response.isCommitted()) {
            return;
        }
        if (declared > DRAIN_LIMIT || !drained(request)) {
            response.setHeader("Connection", "close");
        }
    }

    /** True when the body ended within {@link #DRAIN_LIMIT} more bytes (at once when it was read already). */
    private static boolean drained(HttpServletRequest request) {
        try {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[8 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > DRAIN_LIMIT) {
                    return false;
                }
            }
            return true;
        } catch (IOException | IllegalStateException e) {
            // A reader was taken instead of the stream, or the sender went away: do not reuse it.
            return false;
        }
    }
}
