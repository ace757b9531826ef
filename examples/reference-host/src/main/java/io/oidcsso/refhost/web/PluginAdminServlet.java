package io.oidcsso.refhost.web;

import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.plugin.PluginInfo;
import io.oidcsso.refhost.plugin.PluginManager;
import io.oidcsso.refhost.sal.RefUserManager;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /rest/plugins/1.0/*}, a UPM-like plugin admin for administrators ({@value RefUserManager#ADMIN_GROUP}):
 * <ul>
 * <li>{@code GET /rest/plugins/1.0/} lists the plugins with state and, for an unloadable one, the reason,
 * and where the plugin is configured ({@code configureUrl}, its {@code configure.url}, or null);</li>
 * <li>{@code GET /rest/plugins/1.0/<key>-key} one plugin;</li>
 * <li>{@code PUT /rest/plugins/1.0/<key>-key} with {@code {"enabled": true|false}} enables or disables it;</li>
 * <li>{@code POST /rest/plugins/1.0/} with the jar as the body installs it, or upgrades the installed
 * plugin with the same key;</li>
 * <li>{@code DELETE /rest/plugins/1.0/<key>-key} uninstalls it.</li>
 * </ul>
 * Changes need {@code X-Atlassian-Token: no-check} (as Atlassian REST's XSRF check does for non-browser calls).
 */
public final class PluginAdminServlet extends HttpServlet {
    private static final int MAX_JAR_BYTES = 64 * 1024 * 1024;
    private static final String KEY_SUFFIX = "-key";

    private final transient PluginManager plugins;
    private final transient FileCrowdService directory;

    public PluginAdminServlet(PluginManager plugins, FileCrowdService directory) {
        this.plugins = plugins;
        this.directory = directory;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!AdminOnly.admit(request, response, directory, "the plugin admin")) {
            return;
        }
        String method = request.getMethod();
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        if (path.equals("/")) {
            switch (method) {
                case "GET" -> JsonResponses.write(response, 200, Map.of("plugins", plugins.list().stream().map(PluginAdminServlet::json).toList()));
                case "POST" -> install(request, response);
                default -> notAllowed(response, "GET, POST");
            }
            return;
        }
        if (!path.endsWith(KEY_SUFFIX) || path.indexOf('/', 1) >= 0) {
            JsonResponses.error(response, 404, "not_found", "no plugin resource at " + request.getRequestURI());
            return;
        }
        String key = path.substring(1, path.length() - KEY_SUFFIX.length());
        switch (method) {
            case "GET" -> answer(response, plugins.get(key), key);
            case "PUT" -> change(request, response, key);
            case "DELETE" -> {
                if (plugins.uninstall(key)) {
                    response.setStatus(204);
                } else {
                    answer(response, Optional.empty(), key);
                }
            }
            default -> notAllowed(response, "GET, PUT, DELETE");
        }
    }

    private void install(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] jar;
        try (InputStream in = request.getInputStream()) {
            jar = in.readNBytes(MAX_JAR_BYTES + 1);
        }
        if (jar.length == 0 || jar.length > MAX_JAR_BYTES) {
            JsonResponses.error(response, 400, "bad_request", "send the plugin jar (at most " + MAX_JAR_BYTES
                    + " bytes) as the request body");
            return;
        }
        JsonResponses.write(response, 200, json(plugins.install(jar, "uploaded jar")));
    }

    private void change(HttpServletRequest request, HttpServletResponse response, String key) throws IOException {
        String body;
        try (InputStream in = request.getInputStream()) {
            body = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s", "");
        }
        Function<String, Optional<PluginInfo>> action;
        if (body.contains("\"enabled\":true")) {
            action = plugins::enable;
        } else if (body.contains("\"enabled\":false")) {
            action = plugins::disable;
        } else {
            JsonResponses.error(response, 400, "bad_request", "send {\"enabled\": true} or {\"enabled\": false}");
            return;
        }
        answer(response, action.apply(key), key);
    }

    private static void answer(HttpServletResponse response, Optional<PluginInfo> plugin, String key) throws IOException {
        if (plugin.isEmpty()) {
            JsonResponses.error(response, 404, "not_found", "no plugin with key " + key);
            return;
        }
        JsonResponses.write(response, 200, json(plugin.get()));
    }

    private static void notAllowed(HttpServletResponse response, String allowed) throws IOException {
        response.setHeader("Allow", allowed);
        JsonResponses.error(response, 405, "method_not_allowed", "use " + allowed);
    }

    private static Map<String, Object> json(PluginInfo plugin) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", plugin.key());
        out.put("name", plugin.name());
        out.put("version", plugin.version());
        out.put("enabled", plugin.state() == io.oidcsso.refhost.plugin.PluginState.ENABLED);
        out.put("state", plugin.state().name());
        out.put("unloadableReason", plugin.reason());
        out.put("kind", plugin.kind());
        out.put("modules", plugin.modules());
        out.put("configureUrl", plugin.configureUrl());
        return out;
    }
}
