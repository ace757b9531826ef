package io.oidcsso.refhost.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.servlet.http.HttpServletResponse;

/** Plain HTML pages; every value that goes into one passes through {@link #escape}. */
public final class Html {
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

    /** The content type of every page. */
    public static final String CONTENT_TYPE = "text/html;charset=UTF-8";
    /** The headers of every page besides the content type (error pages written by Jetty's handlers too). */
    public static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "default-src 'self'; script-src 'none'; frame-ancestors 'none'");

    /** Writes a complete page; {@code bodyHtml} must already be escaped. */
    public static void page(HttpServletResponse response, int status, String title, String bodyHtml) throws IOException {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        HEADERS.forEach(response::setHeader);
        response.getOutputStream().write(document(title, bodyHtml).getBytes(StandardCharsets.UTF_8));
    }

    /** A complete page as text; {@code bodyHtml} must already be escaped. */
    public static String document(String title, String bodyHtml) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + escape(title) + " - Reference Host</title></head>\n<body>\n<header><a href=\"/\">Reference Host</a></header>\n<main>\n<h1>"
                + escape(title) + "</h1>\n" + bodyHtml + "\n</main>\n</body></html>\n";
    }

    /** A hidden form field. */
    public static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
    }

    /** A definition list of label/value pairs. */
    public static String facts(Map<String, String> facts) {
        StringBuilder out = new StringBuilder("<dl>");
        facts.forEach((k, v) -> out.append("<dt>").append(escape(k)).append("</dt><dd>").append(escape(v)).append("</dd>"));
        return out.append("</dl>").toString();
    }
}
