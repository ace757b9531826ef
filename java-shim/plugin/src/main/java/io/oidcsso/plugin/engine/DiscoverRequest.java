package io.oidcsso.plugin.engine;

import java.util.Objects;

/**
 * {@code discover}'s request (fixture {@code DiscoverRequest.json}): the issuer or
 * {@code .well-known} URL the admin typed, whether plain http to a loopback address is allowed
 * (development only), and the JVM's trust anchors and proxy ({@code null} = none), which
 * {@link NativeEngineFactory} adds.
 */
public record DiscoverRequest(String url, boolean insecureAllowHttpLoopback, String trustAnchorsPem,
        HostContext.HostProxy proxy) {
    public DiscoverRequest {
        Objects.requireNonNull(url, "url");
    }

    /** What the admin sends; the JVM's defaults are added by the factory. */
    public DiscoverRequest(String url, boolean insecureAllowHttpLoopback) {
        this(url, insecureAllowHttpLoopback, null, null);
    }

    public DiscoverRequest withJvmDefaults(String trustAnchors, HostContext.HostProxy jvmProxy) {
        return new DiscoverRequest(url, insecureAllowHttpLoopback, trustAnchors, jvmProxy);
    }
}
