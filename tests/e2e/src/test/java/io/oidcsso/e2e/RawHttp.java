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

    /**
     * A request whose body is held back until the server answered it (or {@code hold} passed), then the
     * body and a second request on the same connection: what a client that reuses a kept-alive
     * connection after an early answer (a refusal before the body was read) sees. The answers in order:
     * one when the server closed the connection after the first, two when it answered both.
     */
    static java.util.List<Response> secondRequestAfterEarlyAnswer(URI base, String method, String target, byte[] body,
            Duration hold, String[] headers, String secondTarget, String... secondHeaders) {
        long start = System.nanoTime();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nContent-Length: " + body.length + "\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            StringBuilder second = new StringBuilder("GET " + secondTarget + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nConnection: close\r\n");
            for (String header : secondHeaders) {
                second.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            socket.setSoTimeout((int) hold.toMillis());
            boolean closed = readUntilTimeout(socket.getInputStream(), received);
            if (!closed) {
                try {
                    out.write(body);
                    out.write(second.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    // The server closed the connection: what it answered before is in received.
                }
                socket.setSoTimeout(60_000);
                readUntilTimeout(socket.getInputStream(), received);
            }
            return parseAll(received.toByteArray(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new AssertionError(method + " " + abbreviate(target) + " failed: " + e, e);
        }
    }

    /** Reads into {@code into} until the stream ends (true) or a read times out (false); a reset ends it too. */
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

    /** Consecutive answers, each framed by its Content-Length or chunked encoding (else to the end). */
    private static java.util.List<Response> parseAll(byte[] raw, Duration elapsed) {
        java.util.List<Response> answers = new java.util.ArrayList<>();
        int offset = 0;
        while (offset < raw.length) {
            int end = indexOf(raw, offset, "\r\n\r\n");
            if (end < 0) {
                throw new AssertionError("not an HTTP answer: " + abbreviate(new String(raw, offset, raw.length - offset,
                        StandardCharsets.ISO_8859_1)));
            }
            int next = frameEnd(raw, end + 4, new String(raw, offset, end - offset, StandardCharsets.ISO_8859_1));
            answers.add(parse(java.util.Arrays.copyOfRange(raw, offset, next), elapsed));
            offset = next;
        }
        return answers;
    }

    private static int frameEnd(byte[] raw, int bodyStart, String head) {
        String lower = head.toLowerCase(Locale.ROOT);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length:\\s*(\\d+)").matcher(lower);
        if (length.find()) {
            return Math.min(raw.length, bodyStart + Integer.parseInt(length.group(1)));
        }
        if (!lower.contains("\r\ntransfer-encoding: chunked")) {
            return raw.length;
        }
        int i = bodyStart;
        while (i < raw.length) {
            int lineEnd = indexOf(raw, i);
            if (lineEnd < 0) {
                return raw.length;
            }
            String size = new String(raw, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int chunk = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            i = lineEnd + 2 + chunk + 2;
            if (chunk == 0) {
                return Math.min(raw.length, i);
            }
        }
        return raw.length;
    }

    private static int indexOf(byte[] bytes, int from, String what) {
        byte[] needle = what.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
