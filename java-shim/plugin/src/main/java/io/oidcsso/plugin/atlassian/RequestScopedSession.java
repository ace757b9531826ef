package io.oidcsso.plugin.atlassian;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpSession;

/**
 * A request whose session lives only as long as the request: what the product's authenticator reads
 * (Seraph's keys, Bitbucket's own) is there, but the container never sees a session, so nothing is
 * stored, no session cookie is set and the next request starts anonymous again. Bearer-token requests
 * are authenticated this way (docs/host-api.md, "Bearer tokens").
 *
 * <p>The session is a {@link Proxy} of {@link HttpSession}, not a class implementing it: the interface
 * differs between Servlet 4 (javax, with the deprecated {@code HttpSessionContext}) and Servlet 6
 * (jakarta, without it), and one bytecode serves both jars.
 */
final class RequestScopedSession implements InvocationHandler {
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final String id = "oidcsso-request-" + UUID.randomUUID();
    private final long created = System.currentTimeMillis();
    private final HttpServletRequest request;
    private volatile boolean valid = true;

    private RequestScopedSession(HttpServletRequest request) {
        this.request = request;
    }

    /** {@code request} with a session of its own that ends with it. */
    static HttpServletRequest wrap(HttpServletRequest request) {
        RequestScopedSession handler = new RequestScopedSession(request);
        HttpSession session = (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, handler);
        return new HttpServletRequestWrapper(request) {
            @Override
            public HttpSession getSession(boolean create) {
                return handler.valid || create ? revived(handler, session) : null;
            }

            @Override
            public HttpSession getSession() {
                return getSession(true);
            }

            @Override
            public String changeSessionId() {
                return handler.id;
            }

            @Override
            public boolean isRequestedSessionIdValid() {
                return false;
            }
        };
    }

    /** A session invalidated during the request (a logout) is replaced by an empty one on demand. */
    private static HttpSession revived(RequestScopedSession handler, HttpSession session) {
        if (!handler.valid) {
            handler.attributes.clear();
            handler.valid = true;
        }
        return session;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        String name = method.getName();
        switch (name) {
            case "getAttribute":
            case "getValue":
                return attributes.get((String) args[0]);
            case "setAttribute":
            case "putValue":
                if (args[1] == null) {
                    attributes.remove((String) args[0]);
                } else {
                    attributes.put((String) args[0], args[1]);
                }
                return null;
            case "removeAttribute":
            case "removeValue":
                attributes.remove((String) args[0]);
                return null;
            case "getAttributeNames":
                return Collections.enumeration(attributes.keySet());
            case "getValueNames":
                return attributes.keySet().toArray(new String[0]);
            case "getId":
                return id;
            case "getCreationTime":
            case "getLastAccessedTime":
                return created;
            case "getMaxInactiveInterval":
                return 0;
            case "isNew":
                return Boolean.TRUE;
            case "getServletContext":
                return request.getServletContext();
            case "invalidate":
                attributes.clear();
                valid = false;
                return null;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "RequestScopedSession[" + id + "]";
            default:
                // setMaxInactiveInterval, getSessionContext (Servlet 4 only): nothing to keep.
                return null;
        }
    }
}
