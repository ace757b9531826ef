package io.oidcsso.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Requests sent byte for byte as written: java.net.http refuses what a hostile client sends (a bad
 * {@code %} escape, raw invalid UTF-8, an unknown method), so these go over a plain socket.
 */
final class RawHttp {
    /** An answer: status, headers (lower-case names, last value), body (de-chunked), how long it took. */
    record Response(int status, Map<String, String> headers, String body, Duration elapsed) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return status + " after " + elapsed.toMillis() + " ms: " + (body.length() > 600 ? body.substring(0, 600)
                    + "..." : body);
        }
    }

    private RawHttp() {}

    static Response get(URI base, String target, String... headers) {
        return send(base, "GET", target, new byte[0], headers);
    }

    static Response postForm(URI base, String target, byte[] body, String contentType, String... headers) {
        String[] all = new String[headers.length + 1];
        all[0] = "Content-Type: " + contentType;
        System.arraycopy(headers, 0, all, 1, headers.length);
        return send(base, "POST", target, body, all);
    }

    /** {@code headers}: {@code "Name: value"} lines. The answer must come within 60 s (hang guard). */
    static Response send(URI base, String method, String target, byte[] body, String... headers) {
        long start = System.nanoTime();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nConnection: close\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            if (body.length > 0 || method.equals("POST")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // The server answered (and closed) before taking the whole body: read what it said.
            }
            byte[] raw = readAll(socket.getInputStream());
            return parse(raw, Duration.ofNanos(System.nanoTime() - start));
        } catch (SocketTimeoutException e) {
            throw new AssertionError(method + " " + abbreviate(target) + " got no answer within 60 s", e);
        } catch (IOException e) {
            throw new AssertionError(method + " " + abbreviate(target) + " failed: " + e, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (IOException e) {
            if (bytes.size() == 0) {
                throw e;
            }
            // A reset after the answer (the server closed with our body unread): keep the answer.
        }
        return bytes.toByteArray();
    }

    private static Response parse(byte[] raw, Duration elapsed) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new AssertionError("not an HTTP answer: " + abbreviate(text));
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8), elapsed);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOf(body, i);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(body, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int length = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            out.write(body, lineEnd + 2, Math.min(length, body.length - lineEnd - 2));
            i = lineEnd + 2 + length + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
