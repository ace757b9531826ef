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
        return new NativeLoginEngine(OidcEngine.create(configJson, hostContextJson(hostContext)));
    }

    @Override
    public List<ConfigProblem> validate(String configJson) {
        return EngineCodec.decodeProblems(OidcEngine.validateConfig(configJson));
    }

    @Override
    public LibraryInfo libraryInfo() {
        return EngineCodec.decode(OidcEngine.libraryInfo(), LibraryInfo.class);
    }

    @Override
    public DiscoverResult discover(DiscoverRequest request) {
        Optional<HostDefaults.ProxyDefaults> proxy = HostDefaults.proxy();
        DiscoverRequest withDefaults = request.withJvmDefaults(HostDefaults.trustAnchorsPem(),
                proxy.map(p -> new HostContext.HostProxy(p.url(), p.noProxy())).orElse(null));
        return EngineCodec.decode(OidcEngine.discover(EngineCodec.encode(withDefaults)), DiscoverResult.class);
    }

    @Override
    public GroupsDryRunResult groupsDryRun(GroupsDryRunRequest request) {
        return EngineCodec.decode(OidcEngine.groupsDryRun(EngineCodec.encode(request)), GroupsDryRunResult.class);
    }

    @Override
    public TemplatePreview templatePreview(TemplatePreviewRequest request) {
        return EngineCodec.decode(OidcEngine.templatePreview(EngineCodec.encode(request)), TemplatePreview.class);
    }

    @Override
    public void shutdown() {
        OidcEngine.shutdownNative();
    }

    static String hostContextJson(HostContext context) {
        Optional<HostDefaults.ProxyDefaults> proxy = HostDefaults.proxy();
        return EngineCodec.encode(context.withJvmDefaults(HostDefaults.trustAnchorsPem(),
                proxy.map(p -> new HostContext.HostProxy(p.url(), p.noProxy())).orElse(null)));
    }
}
