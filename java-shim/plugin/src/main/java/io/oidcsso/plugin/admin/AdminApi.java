package io.oidcsso.plugin.admin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The admin REST API under {@code /plugins/servlet/oidc-sso/admin/api/} (docs/admin-api.openapi.yaml):
 * the {@link RequestGuard} first for every request, then the endpoint by method and path. Every
 * answer is JSON with {@code Cache-Control: no-store} and {@code nosniff}; every failure an admin can
 * cause is {@code {"error": ..., "message": ...}} with its status, and anything unexpected is a 500
 * with a generic body and the cause in the product log (never in the response). An answer given
 * before the request's body was read leaves the connection usable or closes it ({@link UnreadBody}).
 */
public final class AdminApi {
    /** Where the servlet module serves it, context-relative. */
    public static final String PATH = "/plugins/servlet/oidc-sso/admin/api";
    private static final Logger LOG = Logger.getLogger(AdminApi.class.getName());
    /** Tomcat's mark on a request whose parameters it could not parse (it drops them instead of throwing). */
    private static final String TOMCAT_PARSE_FAILED = "org.apache.catalina.parameter_parse_failed";

    /** Each endpoint and its methods; docs/admin-api.openapi.yaml lists the same (AdminApiTest). */
    static final Map<String, Set<String>> ENDPOINTS = Map.ofEntries(
            Map.entry("config", Set.of("GET", "PUT")),
            Map.entry("config/validate", Set.of("POST")),
            Map.entry("status", Set.of("GET")),
            Map.entry("presets", Set.of("GET")),
            Map.entry("discover", Set.of("POST")),
            Map.entry("export", Set.of("POST")),
            Map.entry("import/preview", Set.of("POST")),
            Map.entry("import", Set.of("POST")),
            Map.entry("links", Set.of("GET", "POST", "DELETE")),
            Map.entry("links/pending", Set.of("GET")),
            Map.entry("audit", Set.of("GET")),
            Map.entry("audit/download", Set.of("GET")),
            Map.entry("groups/dry-run", Set.of("POST")),
            Map.entry("templates/preview", Set.of("POST")),
            Map.entry("audit/debug", Set.of("GET", "POST")),
            Map.entry("test-login/start", Set.of("POST")),
            Map.entry("test-login/result", Set.of("GET")));

    private final RequestGuard guard;
    private final ConfigEndpoints config;
    private final TransferEndpoints transfer;
    private final StatusEndpoints status;
    private final LinkEndpoints links;
    private final AuditEndpoints audit;
    private final DebugEndpoints debug;
    private final java.time.Clock clock;
    private final PreviewEndpoints previews;
    private final TestLoginEndpoints testLogins;

    public AdminApi(PluginRuntime runtime) {
        Objects.requireNonNull(runtime, "runtime");
        this.guard = new RequestGuard(runtime.adapters().adminGuard());
        this.config = new ConfigEndpoints(runtime.configSaver(), runtime.audit());
        this.transfer = new TransferEndpoints(config, runtime.clock());
        this.status = new StatusEndpoints(runtime);
        this.links = new LinkEndpoints(runtime);
        this.audit = new AuditEndpoints(runtime.auditStore());
        this.debug = new DebugEndpoints(runtime);
        this.clock = runtime.clock();
        this.previews = new PreviewEndpoints(config, runtime.configSaver());
        this.testLogins = new TestLoginEndpoints(runtime);
    }

    /** {@code endpoint}: the path after {@link #PATH} and its slash ({@code config}, {@code import/preview}). */
    public void handle(String endpoint, HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            String user = guard.check(request);
            String method = request.getMethod();
            Set<String> methods = ENDPOINTS.get(endpoint);
            if (methods == null) {
                throw new ApiException(404, "not_found", "no such endpoint: " + endpoint + " (see"
                        + " docs/admin-api.openapi.yaml)");
            }
            if (!methods.contains(method)) {
                response.setHeader("Allow", String.join(", ", new TreeSet<>(methods)));
                throw new ApiException(405, "method_not_allowed", method + " is not allowed here; use "
                        + String.join(" or ", new TreeSet<>(methods)));
            }
            if ("GET".equals(method)) {
                // No GET endpoint reads a body; one sent anyway must not be left on the connection.
                UnreadBody.settle(request, response);
            }
            dispatch(endpoint, method, user, request, response);
        } catch (ApiException e) {
            UnreadBody.settle(request, response);
            write(response, e.status(), e.body());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "oidc-sso: admin API " + request.getMethod() + " " + endpoint + " failed", e);
            JsonObject body = new JsonObject();
            body.addProperty("error", "internal");
            body.addProperty("message", "the request failed on the server; the product log has the cause");
            UnreadBody.settle(request, response);
            write(response, 500, body);
        }
    }

    /**
     * The 405 for a method the servlet never passes on (HEAD, OPTIONS, TRACE, PATCH, ...): JSON like
     * every other answer of this API, with the endpoint's methods in {@code Allow} (the API's when the
     * endpoint is unknown). No guard runs first: nothing is done, and the body is only settled
     * ({@link UnreadBody}).
     */
    public static void refuseMethod(String endpoint, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Set<String> methods = new TreeSet<>(ENDPOINTS.getOrDefault(endpoint, Set.of("DELETE", "GET", "POST", "PUT")));
        response.setHeader("Allow", String.join(", ", methods));
        ApiException refusal = new ApiException(405, "method_not_allowed", sanitizedMethod(request.getMethod())
                + " is not allowed here; use " + String.join(" or ", methods));
        UnreadBody.settle(request, response);
        write(response, refusal.status(), refusal.body());
    }

    /** A method name as sent, cut and limited to token characters: it is echoed in the message. */
    private static String sanitizedMethod(String method) {
        String token = method == null ? "" : method.replaceAll("[^A-Za-z0-9!#$%&'*+.^_`|~-]", "_");
        return token.length() > 20 ? token.substring(0, 20) : token;
    }

    private void dispatch(String endpoint, String method, String user, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        switch (endpoint) {
            case "config":
                write(response, 200, "GET".equals(method) ? config.get()
                        : config.put(RequestGuard.body(request), user));
                return;
            case "config/validate":
                write(response, 200, config.validate(RequestGuard.body(request)));
                return;
            case "status":
                write(response, 200, status.status());
                return;
            case "presets":
                write(response, 200, status.presets());
                return;
            case "discover":
                write(response, 200, status.discover(RequestGuard.body(request)));
                return;
            case "export": {
                TransferEndpoints.Export export = transfer.export(RequestGuard.body(request));
                response.setHeader("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"");
                write(response, 200, export.document());
                return;
            }
            case "groups/dry-run":
                write(response, 200, previews.dryRun(RequestGuard.body(request)));
                return;
            case "templates/preview":
                write(response, 200, previews.preview(RequestGuard.body(request)));
                return;
            case "import/preview":
                write(response, 200, transfer.preview(RequestGuard.body(request)));
                return;
            case "import":
                write(response, 200, transfer.apply(RequestGuard.body(request), user));
                return;
            case "links":
                write(response, 200, "GET".equals(method) ? links.find(request) : "POST".equals(method)
                        ? links.link(RequestGuard.body(request), user) : links.unlink(RequestGuard.body(request), user));
                return;
            case "links/pending":
                write(response, 200, links.pending());
                return;
            case "audit":
                write(response, 200, audit.list(queryParameters(request)));
                return;
            case "audit/download":
                download(response, audit.download(queryParameters(request)));
                return;
            case "audit/debug":
                write(response, 200, "GET".equals(method) ? debug.list() : debug.change(RequestGuard.body(request), user));
                return;
            case "test-login/start":
                write(response, 200, testLogins.start(RequestGuard.body(request), user, request.getContextPath()));
                return;
            case "test-login/result":
                write(response, 200, testLogins.results(user));
                return;
            default:
                throw new IllegalStateException("endpoint listed but not dispatched: " + endpoint);
        }
    }

    /**
     * The query's parameters; one the container cannot parse (Jetty throws, Tomcat drops them and
     * marks the request) is a 400, never a 500.
     */
    private static Map<String, String[]> queryParameters(HttpServletRequest request) {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) {
            throw ApiException.badRequest("the query string cannot be parsed (" + e.getClass().getSimpleName() + ")");
        }
        if (request.getAttribute(TOMCAT_PARSE_FAILED) != null) {
            throw ApiException.badRequest("the query string cannot be parsed");
        }
        return parameters;
    }

    /** JSON lines as a file: {@code oidc-sso-audit-<UTC time>.jsonl}. */
    private void download(HttpServletResponse response, String jsonLines) throws IOException {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(clock.instant());
        response.setStatus(200);
        response.setContentType("application/x-ndjson; charset=utf-8");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Disposition", "attachment; filename=\"oidc-sso-audit-" + stamp + ".jsonl\"");
        PrintWriter out = response.getWriter();
        out.print(jsonLines);
        out.flush();
    }

    static void write(HttpServletResponse response, int status, JsonElement body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        PrintWriter out = response.getWriter();
        out.print(body.toString());
        out.flush();
    }
}
