package io.oidcsso.plugin.fakes;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.servlet.http.HttpServletResponse;

/** A minimal HttpServletResponse that records status, headers, redirect and body. */
public final class FakeResponse {
    private int status = 200;
    private String contentType;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final StringWriter body = new StringWriter();
    private final PrintWriter writer = new PrintWriter(body);
    private final HttpServletResponse proxy;

    public FakeResponse() {
        proxy = HttpServletResponse.class.cast(Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (self, m, args) -> dispatch(m.getName(), args)));
    }

    private Object dispatch(String name, Object[] args) {
        switch (name) {
            case "setStatus": status = (Integer) args[0]; return null;
            case "getStatus": return status;
            case "sendError": status = (Integer) args[0]; return null;
            case "sendRedirect": status = 302; put("Location", (String) args[0], true); return null;
            case "setHeader": put((String) args[0], (String) args[1], true); return null;
            case "addHeader": put((String) args[0], (String) args[1], false); return null;
            case "getHeader": return header((String) args[0]);
            case "setContentType": contentType = (String) args[0]; return null;
            case "getContentType": return contentType;
            case "setCharacterEncoding": return null;
            case "getWriter": return writer;
            case "isCommitted": return false;
            case "hashCode": return System.identityHashCode(this);
            case "equals": return args[0] == proxy;
            case "toString": return "FakeResponse[" + status + "]";
            default: throw new UnsupportedOperationException("FakeResponse." + name);
        }
    }

    private void put(String name, String value, boolean replace) {
        List<String> values = headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
        if (replace) {
            values.clear();
        }
        values.add(value);
    }

    public HttpServletResponse response() {
        return proxy;
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    public String redirect() {
        return status == 302 ? header("Location") : null;
    }

    public String body() {
        writer.flush();
        return body.toString();
    }

    public String contentType() {
        return contentType;
    }
}
