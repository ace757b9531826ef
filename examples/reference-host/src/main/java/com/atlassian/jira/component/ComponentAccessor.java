package com.atlassian.jira.component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference host's stand-in for Jira's static component lookup ({@code jira-api}'s
 * {@code ComponentAccessor}): components by their key class, filled by the host when it starts in Jira mode
 * and exported to bundles with the Jira packages (osgi/SystemExports), as Jira exports it.
 */
public final class ComponentAccessor {
    private static final Map<Class<?>, Object> COMPONENTS = new ConcurrentHashMap<>();

    private ComponentAccessor() {}

    /** The component registered under {@code componentClass}, or null when there is none. */
    public static <T> T getComponent(Class<T> componentClass) {
        return componentClass.cast(COMPONENTS.get(componentClass));
    }

    /** Host side: registers {@code component} under its key class. */
    public static <T> void register(Class<T> componentClass, T component) {
        COMPONENTS.put(componentClass, component);
    }
}
