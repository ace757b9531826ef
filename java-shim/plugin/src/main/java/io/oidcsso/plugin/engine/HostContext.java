package io.oidcsso.plugin.engine;

import java.util.Objects;

/** What the core must know about the host (docs/architecture.md "Host context JSON"), minus the JVM defaults. */
public record HostContext(String baseUrl, String nodeId, String callbackPath) {
    public HostContext {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(callbackPath, "callbackPath");
    }
}
