package io.oidcsso.plugin.engine;

import io.oidcsso.plugin.nativebridge.HostDefaults;
import io.oidcsso.plugin.nativebridge.OidcEngine;
import java.util.List;
import java.util.Optional;

/** {@link EngineFactory} over the native library ({@link OidcEngine}); adds the JVM's trust anchors and proxy. */
public final class NativeEngineFactory implements EngineFactory {
    @Override
    public boolean isAvailable() {
        return OidcEngine.isAvailable();
    }

    @Override
    public String unavailableReason() {
        String reason = OidcEngine.unavailableReason();
        return reason == null ? "" : reason;
    }

    @Override
    public LoginEngine create(String configJson, HostContext hostContext) {
        String host = hostContextJson(hostContext);
        return NativeLoginEngine.call(() -> new NativeLoginEngine(OidcEngine.create(configJson, host)));
    }

    @Override
    public List<ConfigProblem> validate(String configJson) {
        return EngineJson.parseProblems(NativeLoginEngine.call(() -> OidcEngine.validateConfig(configJson)));
    }

    @Override
    public void shutdown() {
        OidcEngine.shutdownNative();
    }

    static String hostContextJson(HostContext context) {
        Optional<HostDefaults.ProxyDefaults> proxy = HostDefaults.proxy();
        return EngineJson.hostContext(context, HostDefaults.trustAnchorsPem(),
                proxy.map(HostDefaults.ProxyDefaults::url).orElse(null),
                proxy.map(HostDefaults.ProxyDefaults::noProxy).orElse(List.of()));
    }
}
