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
 * with a generic body and the cause in the product log (never in the response).
 */
public final class AdminApi {
    /** Where the servlet module serves it, context-relative. */
    public static final String PATH = "/plugins/servlet/oidc-sso/admin/api";
    private static final Logger LOG = Logger.getLogger(AdminApi.class.getName());

    /** Each endpoint and its methods; docs/admin-api.openapi.yaml lists the same (AdminApiTest). */
    static final Map<String, Set<String>> ENDPOINTS = Map.of(
            "config", Set.of("GET", "PUT"),
            "config/validate", Set.of("POST"),
            "status", Set.of("GET"),
            "presets", Set.of("GET"),
            "discover", Set.of("POST"),
            "export", Set.of("POST"),
            "import/preview", Set.of("POST"),
            "import", Set.of("POST"),
            "groups/dry-run", Set.of("POST"),
            "templates/preview", Set.of("POST"));

    private final RequestGuard guard;
    private final ConfigEndpoints config;
    private final TransferEndpoints transfer;
    private final StatusEndpoints status;
    private final PreviewEndpoints previews;

    public AdminApi(PluginRuntime runtime) {
        Objects.requireNonNull(runtime, "runtime");
        this.guard = new RequestGuard(runtime.adapters().adminGuard());
        this.config = new ConfigEndpoints(runtime.configSaver(), runtime.audit());
        this.transfer = new TransferEndpoints(config, runtime.clock());
        this.status = new StatusEndpoints(runtime);
        this.previews = new PreviewEndpoints(config, runtime.configSaver());
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
            dispatch(endpoint, method, user, request, response);
        } catch (ApiException e) {
            write(response, e.status(), e.body());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "oidc-sso: admin API " + request.getMethod() + " " + endpoint + " failed", e);
            JsonObject body = new JsonObject();
            body.addProperty("error", "internal");
            body.addProperty("message", "the request failed on the server; the product log has the cause");
            write(response, 500, body);
        }
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
            default:
                throw new IllegalStateException("endpoint listed but not dispatched: " + endpoint);
        }
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
