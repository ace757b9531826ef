package io.oidcsso.plugin.admin;

import java.io.IOException;
import java.io.InputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * What is left of a request's body when the plugin answers without having read all of it: the admin
 * API's refusals (401/403, before any body is read), a 413, an endpoint that takes none; any plugin
 * servlet's 405 ({@code MethodCheckingServlet}) and its 503 while it is not in service. A
 * container that finds content unread when the answer is done may drop the connection (Jetty does
 * when the rest has not arrived yet), and once the answer is committed it can no longer say so: a
 * client that sends its next request on that kept-alive connection gets no answer at all ("header
 * parser received no bytes"). So a short rest, up to {@value #DRAIN_LIMIT} bytes, is read and dropped
 * (the connection stays usable, as it does on Tomcat, which swallows up to 2 MiB itself); a longer or
 * unreadable one makes the answer say {@code Connection: close}, so that no client reuses it and
 * nothing more is read from a sender who was refused. Call it before the answer is written.
 */
public final class UnreadBody {
    /** The most a refused sender's body is read: a small JSON request, not a document upload. */
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
