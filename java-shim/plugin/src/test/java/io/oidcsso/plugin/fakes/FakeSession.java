package io.oidcsso.plugin.fakes;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpSession;

/** A minimal HttpSession: id, attributes, invalidation, and the names {@code getAttribute} was asked for. */
public final class FakeSession {
    private static int counter;

    private String id = nextId();
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final List<String> reads = new ArrayList<>();
    private boolean invalidated;
    private final HttpSession proxy;

    public FakeSession() {
        proxy = HttpSession.class.cast(Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (self, method, args) -> {
                    String name = method.getName();
                    if (!name.equals("getId") && !name.equals("isNew") && invalidated) {
                        throw new IllegalStateException("session invalidated");
                    }
                    switch (name) {
                        case "getId": return id;
                        case "isNew": return false;
                        case "getAttribute":
                            reads.add((String) args[0]);
                            return attributes.get((String) args[0]);
                        case "setAttribute":
                            if (args[1] == null) {
                                attributes.remove((String) args[0]);
                            } else {
                                attributes.put((String) args[0], args[1]);
                            }
                            return null;
                        case "removeAttribute": attributes.remove((String) args[0]); return null;
                        case "getAttributeNames": return Collections.enumeration(attributes.keySet());
                        case "invalidate": invalidated = true; return null;
                        case "getMaxInactiveInterval": return 1800;
                        case "hashCode": return System.identityHashCode(self);
                        case "equals": return self == args[0];
                        case "toString": return "FakeSession[" + id + "]";
                        default: throw new UnsupportedOperationException("FakeSession." + name);
                    }
                }));
    }

    private static synchronized String nextId() {
        counter++;
        return "session-" + counter;
    }

    public HttpSession session() {
        return proxy;
    }

    public String id() {
        return id;
    }

    void changeId() {
        id = nextId();
    }

    public boolean invalidated() {
        return invalidated;
    }

    /** Each {@code getAttribute} since the last {@link #clearReads}, in order (Jetty locks the session for each). */
    public List<String> reads() {
        return List.copyOf(reads);
    }

    public void clearReads() {
        reads.clear();
    }

    public Map<String, Object> attributes() {
        return attributes;
    }
}
