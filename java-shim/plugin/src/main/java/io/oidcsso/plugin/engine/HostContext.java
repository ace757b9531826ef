package io.oidcsso.plugin.engine;

import java.util.List;
import java.util.Objects;

/**
 * What the core must know about the host (fixture {@code HostContext.json}): the canonical base URL,
 * the node, the shared callback path, and the JVM's trust anchors and proxy ({@code null} = none).
 */
public record HostContext(String baseUrl, String nodeId, String callbackPath, String trustAnchorsPem,
        HostProxy proxy) {
    public HostContext {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(callbackPath, "callbackPath");
    }

    /** The product's part; {@link #withJvmDefaults} adds the rest. */
    public HostContext(String baseUrl, String nodeId, String callbackPath) {
        this(baseUrl, nodeId, callbackPath, null, null);
    }

    public HostContext withJvmDefaults(String trustAnchorsPem, HostProxy proxy) {
        return new HostContext(baseUrl, nodeId, callbackPath, trustAnchorsPem, proxy);
    }

    /** The JVM's proxy: {@code http://host:port} and the hosts reached directly. */
    public record HostProxy(String url, List<String> noProxy) {
        public HostProxy {
            Objects.requireNonNull(url, "url");
            noProxy = noProxy == null ? List.of() : List.copyOf(noProxy);
        }
    }
}
