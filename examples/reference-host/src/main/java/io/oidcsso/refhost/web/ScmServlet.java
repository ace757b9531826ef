package io.oidcsso.refhost.web;

import io.oidcsso.refhost.security.AuthenticatedUser;
import io.oidcsso.refhost.security.SecurityFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Bitbucket's git smart HTTP, minimally (the {@code bitbucket} product mode only): {@code /scm/<project>/<repo>.git/...}
 * served by {@code git http-backend} as a CGI from the bare repositories under {@code HOME/git}. As on
 * Bitbucket, every request needs an authenticated user (session, HTTP Basic, an HTTP access token, or a
 * plugin's http-auth-handler; never what a plugin's servlet filter put in its request wrapper's session: see
 * SecurityFilter); an anonymous one gets 401 with {@code WWW-Authenticate: Basic},
 * which makes git ask for credentials. No permissions beyond "logged in" are modelled. Both refusals come before
 * the body is read (a push's pack), so they settle it first ({@link UnreadBody}).
 */
public final class ScmServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** project/repo.git, then git's own path (info/refs, git-upload-pack, git-receive-pack). */
    private static final Pattern PATH = Pattern.compile("/([A-Za-z0-9_-]{1,64}/[A-Za-z0-9_-]{1,64}\\.git)(/[A-Za-z0-9_/-]*)?");
    private static final long TIMEOUT_SECONDS = 60;

    private final transient Path root;

    public ScmServlet(Path home) {
        this.root = home.resolve("git");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!(request.getAttribute(SecurityFilter.USER_ATTRIBUTE) instanceof AuthenticatedUser user)) {
            UnreadBody.settle(request, response);
            response.setHeader("WWW-Authenticate", "Basic realm=\"Reference Host (Bitbucket)\"");
            JsonResponses.error(response, 401, "unauthorized", "git over HTTP needs an authenticated user");
            return;
        }
        String path = request.getPathInfo();
        Matcher repository = PATH.matcher(path == null ? "" : path);
        if (!repository.matches() || !Files.isDirectory(root.resolve(repository.group(1)))) {
            UnreadBody.settle(request, response);
            JsonResponses.error(response, 404, "not_found", "no such repository");
            return;
        }
        ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = cgi.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("PATH_INFO", path);
        env.put("REQUEST_METHOD", request.getMethod());
        env.put("QUERY_STRING", request.getQueryString() == null ? "" : request.getQueryString());
        env.put("CONTENT_TYPE", request.getContentType() == null ? "" : request.getContentType());
        env.put("REMOTE_USER", user.name());
        env.put("REMOTE_ADDR", request.getRemoteAddr());
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = request.getHeader("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        cgi.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = cgi.start();
        try (OutputStream stdin = process.getOutputStream(); InputStream body = request.getInputStream()) {
            body.transferTo(stdin);
        }
        byte[] output;
        try (InputStream stdout = process.getInputStream()) {
            output = stdout.readAllBytes();
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                JsonResponses.error(response, 504, "timeout", "git http-backend did not finish");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return;
        }
        writeCgi(output, response);
    }

    /** CGI output: headers (Status, Content-Type, ...) up to an empty line, then the body. */
    private static void writeCgi(byte[] output, HttpServletResponse response) throws IOException {
        int split = indexOf(output, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int skip = 4;
        if (split < 0) {
            split = indexOf(output, "\n\n".getBytes(StandardCharsets.US_ASCII));
            skip = 2;
        }
        if (split < 0) {
            JsonResponses.error(response, 502, "bad_gateway", "git http-backend answered no headers");
            return;
        }
        String headers = new String(output, 0, split, StandardCharsets.ISO_8859_1);
        response.setStatus(200);
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                response.setStatus(Integer.parseInt(value.split(" ")[0]));
            } else {
                response.addHeader(name, value);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(output, split + skip, output.length - split - skip);
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
