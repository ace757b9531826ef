package io.oidcsso.refhost.web;

import io.oidcsso.refhost.security.AuthenticatedUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The host's pages: a product-like frame (a header bar with the site's name, its links and who is
 * logged in; cards on a grey page, in AUI's colours, as the plugin's login pages look), sent with a
 * CSP that allows no script and inline styles only. Every value that goes into a page passes through
 * {@link #escape}.
 */
public final class Html {
    /** No script, nothing from elsewhere; the one {@code <style>} block is inline. */
    static final String CSP = "default-src 'self'; script-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
    static final String SITE_NAME = "Reference Host";
    /** The content type of every page. */
    public static final String CONTENT_TYPE = "text/html;charset=UTF-8";
    /** The headers of every page besides the content type (error pages written by Jetty's handlers too). */
    public static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", CSP);

    private static final String STYLE = "<style>"
            + "*{box-sizing:border-box}"
            + "body{margin:0;background:#f4f5f7;color:#172b4d;font:14px/1.43 -apple-system,BlinkMacSystemFont,"
            + "\"Segoe UI\",Roboto,\"Noto Sans\",Ubuntu,sans-serif}"
            + "a{color:#0052cc}"
            + "header{background:#0747a6;color:#fff;height:56px;display:flex;align-items:center;gap:24px;padding:0 24px}"
            + "header a{color:#deebff;text-decoration:none}header a:hover{color:#fff;text-decoration:underline}"
            + "#site{display:flex;align-items:center;gap:8px;color:#fff;font-size:16px;font-weight:600}"
            + ".logo{display:inline-flex;align-items:center;justify-content:center;width:24px;height:24px;"
            + "border-radius:4px;background:#fff;color:#0747a6;font-weight:700;font-size:13px}"
            + "#session{margin-left:auto;display:flex;align-items:center;gap:16px}"
            + "#header-user{display:inline-flex;align-items:center;gap:8px;color:#fff}"
            + ".avatar{display:inline-flex;align-items:center;justify-content:center;width:28px;height:28px;"
            + "border-radius:50%;background:#00b8d9;color:#fff;font-weight:600;font-size:12px}"
            + ".avatar.large{width:48px;height:48px;font-size:20px}"
            + "main{max-width:760px;margin:32px auto;padding:0 24px}"
            + ".card{background:#fff;border-radius:3px;box-shadow:0 1px 2px rgba(9,30,66,.25);padding:24px 32px;"
            + "margin:0 0 16px}"
            + ".narrow{max-width:400px;margin:48px auto 16px}"
            + "h1{font-size:24px;font-weight:500;line-height:1.25;margin:0 0 16px}"
            + "h2{font-size:16px;font-weight:600;margin:0 0 12px}"
            + ".hello{display:flex;align-items:center;gap:16px;margin:0 0 24px}.hello h1{margin:0}"
            + ".muted{color:#6b778c}"
            + ".actions{display:flex;flex-wrap:wrap;gap:8px;margin:16px 0 0}"
            + ".button{display:inline-block;padding:6px 12px;border-radius:3px;background:rgba(9,30,66,.06);"
            + "color:#42526e;text-decoration:none;font-weight:500}"
            + ".button:hover{background:rgba(9,30,66,.1)}"
            + ".button.primary,button{background:#0052cc;color:#fff}.button.primary:hover,button:hover{background:#0065ff}"
            + "dl.facts{display:grid;grid-template-columns:170px 1fr;gap:10px 16px;margin:0}"
            + "dt{color:#6b778c;font-weight:600}dd{margin:0;overflow-wrap:anywhere}"
            + ".lozenge{display:inline-block;margin:0 4px 4px 0;padding:0 6px;border-radius:3px;background:#dfe1e6;"
            + "color:#42526e;font-size:11px;font-weight:700;line-height:20px;text-transform:uppercase}"
            + ".lozenge.sso{background:#deebff;color:#0747a6}.lozenge.local{background:#fffae6;color:#974f0c}"
            + "label{display:block;margin:16px 0 4px;color:#6b778c;font-size:12px;font-weight:600}"
            + "input{width:100%;padding:8px;border:2px solid #dfe1e6;border-radius:3px;background:#fafbfc;font:inherit}"
            + "input:focus{border-color:#4c9aff;background:#fff;outline:0}"
            + "button{display:block;width:100%;margin:24px 0 0;padding:8px 12px;border:0;border-radius:3px;"
            + "font:inherit;font-weight:500;cursor:pointer}"
            + "[role=alert]{background:#ffebe6;padding:8px 12px;border-radius:3px}"
            + ".note{background:#deebff;padding:8px 12px;border-radius:3px}"
            + "code{background:#f4f5f7;padding:0 4px;border-radius:3px;font-size:12px}"
            + "footer{margin:32px 0;color:#6b778c;font-size:12px;text-align:center}"
            + "</style>";

    private Html() {}

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
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

    /**
     * Writes a complete page: the frame (its header names the request's user, when there is one)
     * around {@code bodyHtml}, which must already be escaped; {@code title} is the window's title.
     */
    public static void page(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String bodyHtml) throws IOException {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        HEADERS.forEach(response::setHeader);
        Optional<AuthenticatedUser> user = request == null ? Optional.empty() : CurrentUser.of(request);
        response.getOutputStream().write(document(user, title, bodyHtml).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A whole message page of the container as text (no user in its header), for an environment
     * whose error handler writes the response itself; {@code bodyHtml} must already be escaped.
     */
    public static String document(String title, String bodyHtml) {
        return document(Optional.empty(), title, narrowCard(title, bodyHtml));
    }

    private static String document(Optional<AuthenticatedUser> user, String title, String bodyHtml) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
                + escape(title) + " - " + SITE_NAME + "</title>" + STYLE + "</head>\n<body>\n" + header(user)
                + "\n<main>\n" + bodyHtml + "\n</main>\n<footer>" + SITE_NAME
                + ": the stand-in for Jira, Confluence, Bitbucket and Bamboo that oidc-sso is tested in</footer>"
                + "\n</body></html>\n";
    }

    /**
     * A page with one narrow card headed {@code title} around {@code bodyHtml} (already escaped), for
     * messages of the container (no user in its header).
     */
    public static void page(HttpServletResponse response, int status, String title, String bodyHtml)
            throws IOException {
        page(null, response, status, title, narrowCard(title, bodyHtml));
    }

    /** As {@link #page(HttpServletResponse, int, String, String)}, naming the request's user in the header. */
    static void messagePage(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String bodyHtml) throws IOException {
        page(request, response, status, title, narrowCard(title, bodyHtml));
    }

    private static String header(Optional<AuthenticatedUser> user) {
        String session = user.map(u -> "<span id=\"header-user\">" + avatar(u, "") + " "
                        + escape(u.user().getDisplayName()) + "</span><a id=\"header-logout\" href=\"/logout\">Log out</a>")
                .orElse("<a id=\"header-login\" href=\"/login\">Log in</a>");
        return "<header><a id=\"site\" href=\"/\"><span class=\"logo\" aria-hidden=\"true\">R</span>" + SITE_NAME
                + "</a><a href=\"/secure/dashboard\">Dashboard</a><span id=\"session\">" + session + "</span></header>";
    }

    /** A round badge with the user's initial. */
    static String avatar(AuthenticatedUser user, String extraClass) {
        String name = user.user().getDisplayName() == null || user.user().getDisplayName().isBlank() ? user.name()
                : user.user().getDisplayName();
        String initial = name.substring(0, name.offsetByCodePoints(0, 1)).toUpperCase(java.util.Locale.ROOT);
        return "<span class=\"avatar" + (extraClass.isEmpty() ? "" : " " + extraClass) + "\" aria-hidden=\"true\">"
                + escape(initial) + "</span>";
    }

    /** A white card with a heading; {@code innerHtml} must already be escaped. */
    static String card(String id, String heading, String innerHtml) {
        return "<section class=\"card\"" + (id == null ? "" : " id=\"" + escape(id) + "\"") + "><h1>" + escape(heading)
                + "</h1>" + innerHtml + "</section>";
    }

    /** A narrow card, centred: forms and short messages. */
    static String narrowCard(String heading, String innerHtml) {
        return "<section class=\"card narrow\"><h1>" + escape(heading) + "</h1>" + innerHtml + "</section>";
    }

    /** A link styled as a button; {@code primary} in the accent colour. */
    static String button(String id, String href, String text, boolean primary) {
        return "<a class=\"button" + (primary ? " primary" : "") + "\" id=\"" + escape(id) + "\" href=\""
                + escape(href) + "\">" + escape(text) + "</a>";
    }

    /** A hidden form field. */
    public static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
    }

    /** A definition list of label / value pairs; each value is HTML that must already be escaped. */
    static String facts(Map<String, String> factsHtml) {
        StringBuilder out = new StringBuilder("<dl class=\"facts\">");
        factsHtml.forEach((k, v) -> out.append("<dt>").append(escape(k)).append("</dt><dd>").append(v).append("</dd>"));
        return out.append("</dl>").toString();
    }
}
