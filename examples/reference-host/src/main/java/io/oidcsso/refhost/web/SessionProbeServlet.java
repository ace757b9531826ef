package io.oidcsso.refhost.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * A benchmark probe, off unless the host runs with {@code -Drefhost.sessionProbe=true} (scripts/bench-wrk.sh):
 * {@code GET /bench/session} answers the request's own session as JSON, every attribute's name with its value's
 * class and serialised size, never a value (docs/benchmarks.md, "Target (c): a method that resolves 3%
 * (c-noise)"). It compares what two logins leave in their sessions on the same host; it changes nothing.
 */
public final class SessionProbeServlet extends HttpServlet {
    /** The system property that installs the probe. */
    public static final String PROPERTY = "refhost.sessionProbe";
    public static final String PATH = "/bench/session";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("remoteUser", request.getRemoteUser());
        if (session == null) {
            body.put("session", null);
            JsonResponses.write(response, 200, body);
            return;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String name : new TreeSet<>(Collections.list(session.getAttributeNames()))) {
            Object value = session.getAttribute(name);
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("class", value == null ? null : value.getClass().getName());
            about.put("serializedBytes", serializedSize(value));
            attributes.put(name, about);
        }
        body.put("maxInactiveIntervalSeconds", session.getMaxInactiveInterval());
        body.put("attributes", attributes);
        JsonResponses.write(response, 200, body);
    }

    /** The value's Java serialisation size; -1 when it cannot be serialised. */
    private static int serializedSize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return bytes.size();
    }
}
