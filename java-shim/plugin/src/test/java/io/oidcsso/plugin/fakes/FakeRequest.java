package io.oidcsso.plugin.fakes;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;

/** A minimal HttpServletRequest built fluently: method, path, headers, parameters, cookies, session. */
public final class FakeRequest {
    private String method = "GET";
    private String contextPath = "";
    private String requestUri = "/";
    private String remoteUser;
    private String queryString;
    private String remoteAddr = "127.0.0.1";
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, List<String>> parameters = new LinkedHashMap<>();
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private RuntimeException parameterFailure;
    private final List<Cookie> cookies = new ArrayList<>();
    private FakeSession session;
    private byte[] body;
    private BodyStream bodyStream;
    private String contentType;
    private final HttpServletRequest proxy;

    public FakeRequest() {
        proxy = HttpServletRequest.class.cast(Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (self, m, args) -> dispatch(m.getName(), args)));
    }

    public static FakeRequest get(String path) {
        return new FakeRequest().path(path);
    }

    /** How often the parameters were read (getParameter, getParameterValues, getParameterMap). */
    public int parameterReads;

    private Object dispatch(String name, Object[] args) {
        if (name.startsWith("getParameter")) {
            parameterReads++;
        }
        switch (name) {
            case "getMethod": return method;
            case "getRequestURI": return requestUri;
            case "getContextPath": return contextPath;
            case "getRemoteUser": return remoteUser;
            case "getQueryString": return queryString;
            case "getRemoteAddr": return remoteAddr;
            case "getHeader": {
                List<String> values = headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                return values == null ? null : values.get(0);
            }
            case "getHeaders": {
                List<String> values = headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                return Collections.enumeration(values == null ? List.<String>of() : values);
            }
            case "getParameter": {
                String[] values = parameterValues((String) args[0]);
                return values == null ? null : values[0];
            }
            case "getParameterValues": return parameterValues((String) args[0]);
            case "getParameterMap": {
                if (parameterFailure != null) {
                    throw parameterFailure;
                }
                Map<String, String[]> map = new java.util.LinkedHashMap<>();
                for (String parameterName : parameters.keySet()) {
                    map.put(parameterName, parameterValues(parameterName));
                }
                return map;
            }
            case "getCookies": return cookies.isEmpty() ? null : cookies.toArray(new Cookie[0]);
            case "getSession": return session(args == null || (Boolean) args[0]);
            case "changeSessionId": {
                if (session == null || session.invalidated()) {
                    throw new IllegalStateException("no session");
                }
                session.changeId();
                return session.id();
            }
            case "getAttribute": return attributes.get((String) args[0]);
            case "setAttribute": {
                attributes.put((String) args[0], args[1]);
                return null;
            }
            case "removeAttribute": {
                attributes.remove((String) args[0]);
                return null;
            }
            case "getContentType": return contentType;
            case "getContentLength": return body == null ? -1 : body.length;
            case "getContentLengthLong": return body == null ? -1L : (long) body.length;
            case "getInputStream": return bodyStream();
            case "isSecure": return false;
            case "getProtocol": return "HTTP/1.1";
            case "hashCode": return System.identityHashCode(this);
            case "equals": return args[0] == proxy;
            case "toString": return "FakeRequest[" + method + " " + requestUri + "]";
            default: throw new UnsupportedOperationException("FakeRequest." + name);
        }
    }

    private String[] parameterValues(String name) {
        if (parameterFailure != null) {
            throw parameterFailure;
        }
        List<String> values = parameters.get(name);
        return values == null ? null : values.toArray(new String[0]);
    }

    private Object session(boolean create) {
        if (session != null && session.invalidated()) {
            session = null;
        }
        if (session == null && create) {
            session = new FakeSession();
        }
        return session == null ? null : session.session();
    }

    /** One stream per request, as a container gives: what one reader took, the next does not see. */
    private BodyStream bodyStream() {
        if (bodyStream == null) {
            bodyStream = new BodyStream(body == null ? new byte[0] : body);
        }
        return bodyStream;
    }

    /** How many bytes of the body nobody read. */
    public int unreadBodyBytes() {
        return bodyStream().in.available();
    }

    /** A request body with its Content-Type. */
    public FakeRequest body(String type, byte[] bytes) {
        contentType = type;
        body = bytes.clone();
        bodyStream = null;
        return this;
    }

    /** A request body as {@code application/json}, UTF-8. */
    public FakeRequest json(String text) {
        return body("application/json", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The servlet input stream over a byte array. */
    private static final class BodyStream extends javax.servlet.ServletInputStream {
        private final java.io.ByteArrayInputStream in;

        BodyStream(byte[] bytes) {
            in = new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(javax.servlet.ReadListener listener) {
            throw new UnsupportedOperationException("blocking reads only");
        }
    }

    public HttpServletRequest request() {
        return proxy;
    }

    public FakeRequest method(String value) {
        method = value;
        return this;
    }

    /** Context-relative path; the request URI is context path + path. */
    public FakeRequest path(String value) {
        requestUri = contextPath + value;
        return this;
    }

    public FakeRequest contextPath(String value) {
        String path = requestUri.substring(contextPath.length());
        contextPath = value;
        requestUri = value + path;
        return this;
    }

    public FakeRequest header(String headerName, String value) {
        headers.computeIfAbsent(headerName.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    public FakeRequest param(String parameterName, String value) {
        parameters.put(parameterName, new ArrayList<>(List.of(value)));
        return this;
    }

    /** Another value of the parameter (a repeated parameter). */
    public FakeRequest addParam(String parameterName, String value) {
        parameters.computeIfAbsent(parameterName, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** Every parameter read throws {@code failure}, as Jetty does for a form it cannot parse. */
    public FakeRequest failParameters(RuntimeException failure) {
        parameterFailure = failure;
        return this;
    }

    public FakeRequest attribute(String attributeName, Object value) {
        attributes.put(attributeName, value);
        return this;
    }

    public FakeRequest cookie(String cookieName, String value) {
        cookies.add(new Cookie(cookieName, value));
        return this;
    }

    /** The raw query string (parameters are set separately with {@link #param}). */
    public FakeRequest query(String value) {
        queryString = value;
        return this;
    }

    public FakeRequest remoteAddr(String value) {
        remoteAddr = value;
        return this;
    }

    public FakeRequest remoteUser(String value) {
        remoteUser = value;
        return this;
    }

    public FakeRequest session(FakeSession value) {
        session = value;
        return this;
    }

    /** The current session, or null. */
    public FakeSession fakeSession() {
        return session == null || session.invalidated() ? null : session;
    }
}
