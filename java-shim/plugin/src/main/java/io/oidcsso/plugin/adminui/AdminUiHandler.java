package io.oidcsso.plugin.adminui;

import io.oidcsso.plugin.host.AdminGuard;
import io.oidcsso.plugin.host.HostInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The admin UI: the entry page {@value #ENTRY} (system administrators only, in websudo where the
 * product has it) and its static files under {@value #UI}{@code <version>/}. The page is a shell; its
 * scripts read and change the configuration through the admin API ({@value #API}) and nothing else.
 * Every answer carries a strict Content-Security-Policy: scripts and styles only from files of this
 * plugin, no inline script or style, no eval, no framing by another site.
 */
final class AdminUiHandler {
    static final String ENTRY = "/plugins/servlet/oidc-sso/admin";
    static final String UI = ENTRY + "/ui/";
    static final String API = ENTRY + "/api/";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'";
    /** A versioned path never changes content: a year, and no revalidation. */
    static final String ASSET_CACHE = "private, max-age=31536000, immutable";

    private final AdminGuard guard;
    private final HostInfo host;
    private final AdminUiAssets assets;

    AdminUiHandler(AdminGuard guard, HostInfo host, AdminUiAssets assets) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.host = Objects.requireNonNull(host, "host");
        this.assets = Objects.requireNonNull(assets, "assets");
    }

    void get(HttpServletRequest request, HttpServletResponse response) throws IOException {
        securityHeaders(response);
        String path = pathOf(request);
        Optional<String> user = guard.remoteUsername(request);
        if (user.isEmpty()) {
            toLogin(request, response);
            return;
        }
        if (!guard.isSystemAdmin(request)) {
            page(response, HttpServletResponse.SC_FORBIDDEN, "Single sign-on administration",
                    "<p id=\"oidcsso-admin-forbidden\">Only system administrators can configure single sign-on."
                            + " Ask one of them, or sign in with a system administrator's account.</p>");
            return;
        }
        if (path.equals(ENTRY) || path.equals(ENTRY + "/")) {
            if (!guard.hasWebSudo(request)) {
                guard.requireWebSudo(request, response);
                return;
            }
            entry(request, response, user.get());
            return;
        }
        if (path.startsWith(UI)) {
            asset(response, path.substring(UI.length()));
            return;
        }
        page(response, HttpServletResponse.SC_NOT_FOUND, "Not found",
                "<p id=\"oidcsso-admin-not-found\">There is no admin page at this address.</p>");
    }

    private void toLogin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String login = new TreeSet<>(host.loginPaths()).first();
        String back = request.getQueryString() == null ? pathOf(request) : pathOf(request) + "?"
                + request.getQueryString();
        response.setHeader("Cache-Control", "no-store");
        response.sendRedirect(contextPath(request) + login + "?os_destination="
                + URLEncoder.encode(back, StandardCharsets.UTF_8));
    }

    private void entry(HttpServletRequest request, HttpServletResponse response, String user) throws IOException {
        String context = contextPath(request);
        String base = context + UI + assets.version() + "/";
        String body = "<header id=\"oidcsso-admin-header\"><span class=\"logo\">S</span>"
                + "<h1>Single sign-on</h1><span class=\"muted\" id=\"oidcsso-admin-site\">"
                + escape(host.displayName()) + "</span>"
                + "<span id=\"oidcsso-admin-user\">" + escape(user) + "</span></header>"
                + "<div id=\"oidcsso-admin\"><nav id=\"oidcsso-admin-nav\" aria-label=\"Sections\"></nav>"
                + "<main id=\"oidcsso-admin-main\"><p class=\"muted\" id=\"oidcsso-admin-loading\">Loading…</p>"
                + "<noscript><p>This page needs JavaScript.</p></noscript></main></div>"
                + "<script type=\"module\" src=\"" + escape(base + "app.js") + "\"></script>";
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Cache-Control", "no-store");
        write(response, "Single sign-on administration", body, base + "app.css",
                " data-api=\"" + escape(context + API) + "\" data-entry=\"" + escape(context + ENTRY) + "\"");
    }

    private void asset(HttpServletResponse response, String rest) throws IOException {
        int slash = rest.indexOf('/');
        Optional<AdminUiAssets.Asset> asset = slash < 0 || !rest.substring(0, slash).equals(assets.version())
                ? Optional.empty() : assets.get(rest.substring(slash + 1));
        if (asset.isEmpty()) {
            page(response, HttpServletResponse.SC_NOT_FOUND, "Not found",
                    "<p id=\"oidcsso-admin-not-found\">There is no admin page at this address.</p>");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Cache-Control", ASSET_CACHE);
        response.setContentType(asset.get().contentType());
        PrintWriter out = response.getWriter();
        out.write(new String(asset.get().bytes(), StandardCharsets.UTF_8));
        out.flush();
    }

    /** A page without script: the forbidden and not-found answers. */
    private void page(HttpServletResponse response, int status, String title, String message) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        write(response, title, "<main class=\"plain\"><h1>" + escape(title) + "</h1>" + message + "</main>",
                null, "");
    }

    private void write(HttpServletResponse response, String title, String body, String stylesheet,
            String bodyAttributes) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " - " + escape(host.displayName()) + "</title>"
                + (stylesheet == null ? "" : "<link rel=\"stylesheet\" href=\"" + escape(stylesheet) + "\">")
                + "</head><body" + bodyAttributes + ">" + body + "</body></html>");
        out.flush();
    }

    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
    }

    /** The context-relative path (what a plugin servlet's getPathInfo holds differs between hosts). */
    static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI() == null ? "/" : request.getRequestURI();
        String context = contextPath(request);
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        int semicolon = path.indexOf(';');
        return semicolon >= 0 ? path.substring(0, semicolon) : path;
    }

    private static String contextPath(HttpServletRequest request) {
        return request.getContextPath() == null ? "" : request.getContextPath();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
