package com.atlassian.spring.container;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference host's stand-in for Confluence's static component lookup ({@code atlassian-spring}'s
 * {@code ContainerManager}): components by bean name, filled by the host when it starts in Confluence mode
 * and exported to bundles with the Confluence packages (osgi/SystemExports), as Confluence exports it.
 */
public final class ContainerManager {
    private static final Map<String, Object> COMPONENTS = new ConcurrentHashMap<>();

    private ContainerManager() {}

    /** The component registered under {@code name}, or null when there is none (as in Confluence). */
    public static Object getComponent(String name) {
        return COMPONENTS.get(name);
    }

    /** Host side: registers a component under its bean name. */
    public static void register(String name, Object component) {
        COMPONENTS.put(name, component);
    }
}
