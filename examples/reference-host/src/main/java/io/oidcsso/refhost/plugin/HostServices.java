package io.oidcsso.refhost.plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The host components a plugin module may ask for in its constructor, by interface. */
public final class HostServices {
    private final Map<Class<?>, Object> byType = new LinkedHashMap<>();

    public <T> HostServices provide(Class<T> type, T instance) {
        if (!type.isInstance(instance)) {
            throw new IllegalArgumentException(instance + " is not a " + type.getName());
        }
        byType.put(type, instance);
        return this;
    }

    boolean provides(Class<?> type) {
        return byType.containsKey(type);
    }

    Object get(Class<?> type) {
        Object service = byType.get(type);
        if (service == null) {
            throw new IllegalArgumentException("the host provides no " + type.getName());
        }
        return service;
    }

    Set<Class<?>> types() {
        return byType.keySet();
    }
}
