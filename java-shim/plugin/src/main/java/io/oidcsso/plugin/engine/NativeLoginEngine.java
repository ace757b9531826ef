package io.oidcsso.plugin.engine;

import io.oidcsso.plugin.nativebridge.OidcAuthenticationException;
import io.oidcsso.plugin.nativebridge.OidcConfigException;
import io.oidcsso.plugin.nativebridge.OidcEngine;
import io.oidcsso.plugin.nativebridge.OidcNativePanicException;
import io.oidcsso.plugin.nativebridge.OidcProviderUnavailableException;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import java.util.Objects;
import java.util.function.Supplier;

/** {@link LoginEngine} over one native {@link OidcEngine}; maps the native exceptions to {@link EngineFailure}. */
final class NativeLoginEngine implements LoginEngine {
    private final OidcEngine engine;

    NativeLoginEngine(OidcEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public String beginLogin(String requestJson) {
        return call(() -> engine.beginLogin(requestJson));
    }

    @Override
    public String completeLogin(String requestJson) {
        return call(() -> engine.completeLogin(requestJson));
    }

    @Override
    public String planProvisioning(String requestJson) {
        return call(() -> engine.planProvisioning(requestJson));
    }

    @Override
    public String validateLogoutToken(String requestJson) {
        return call(() -> engine.validateLogoutToken(requestJson));
    }

    @Override
    public String endSessionUrl(String requestJson) {
        return call(() -> engine.endSessionUrl(requestJson));
    }

    @Override
    public String info() {
        return call(engine::info);
    }

    @Override
    public String loginUi(String requestJson) {
        return call(() -> engine.loginUi(requestJson));
    }

    @Override
    public void reload(String configJson, HostContext hostContext) {
        String host = NativeEngineFactory.hostContextJson(hostContext);
        call(() -> {
            engine.reload(configJson, host);
            return null;
        });
    }

    @Override
    public void close() {
        engine.close();
    }

    /** The one place where native exceptions become {@link EngineFailure}s (docs/architecture.md error table). */
    static <T> T call(Supplier<T> nativeCall) {
        try {
            return nativeCall.get();
        } catch (OidcAuthenticationException e) {
            throw new EngineFailure(EngineFailure.Kind.AUTHENTICATION, e.code(), e.adminHint(), e);
        } catch (OidcProviderUnavailableException e) {
            throw new EngineFailure(EngineFailure.Kind.PROVIDER_UNAVAILABLE, e.code(), e.adminHint(), e);
        } catch (OidcConfigException e) {
            throw new EngineFailure(EngineFailure.Kind.CONFIG, e.code(), e.getMessage() + " " + e.problemsJson(), e);
        } catch (OidcNativePanicException e) {
            throw new EngineFailure(EngineFailure.Kind.INTERNAL, "native_panic", e.getMessage(), e);
        } catch (OidcSsoException e) {
            throw new EngineFailure(EngineFailure.Kind.INTERNAL, "internal_error", e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new EngineFailure(EngineFailure.Kind.INTERNAL, "engine_closed", e.getMessage(), e);
        }
    }
}
