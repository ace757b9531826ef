package io.oidcsso.plugin.runtime;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.EngineFactory;
import io.oidcsso.plugin.engine.HostContext;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.StoredConfig;
import io.oidcsso.plugin.nativebridge.OidcSsoException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Holds the engine for the stored configuration and follows it: on every request the ConfigStore
 * revision is compared (another node may have saved) and the engine created, reloaded or closed when
 * it moved. The store given in production is a {@link PolledConfigStore}, which reads the revision at
 * most once per interval for the whole node, so the comparison costs a clock read. No configuration,
 * or one without IdPs, means no engine: the plugin stays out of the way.
 */
public final class EngineSlot implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EngineSlot.class.getName());

    private final EngineFactory factory;
    private final ConfigStore configStore;
    private final Supplier<HostContext> hostContext;
    private final String disabledReason;

    private volatile LoginEngine engine;
    private volatile String status = "not loaded";
    private volatile long loadedRevision = -1;
    /** Moves after the engine was created, reloaded or closed: what was read from the old one is stale. */
    private volatile long generation;
    private boolean closed;

    public EngineSlot(EngineFactory factory, ConfigStore configStore, Supplier<HostContext> hostContext) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.configStore = Objects.requireNonNull(configStore, "configStore");
        this.hostContext = Objects.requireNonNull(hostContext, "hostContext");
        this.disabledReason = null;
    }

    private EngineSlot(String disabledReason) {
        this.factory = null;
        this.configStore = null;
        this.hostContext = null;
        this.disabledReason = Objects.requireNonNull(disabledReason, "disabledReason");
        this.status = "disabled: " + disabledReason;
    }

    /** A slot that never holds an engine (unsupported product, native library unavailable). */
    public static EngineSlot disabled(String reason) {
        return new EngineSlot(reason);
    }

    public Optional<LoginEngine> current() {
        if (disabledReason != null) {
            return Optional.empty();
        }
        if (configStore.currentRevision() != loadedRevision) {
            refresh();
        }
        return Optional.ofNullable(engine);
    }

    /** The revision this node's engine (or its absence) follows; 0 when none was stored, -1 before the first read. */
    public long loadedRevision() {
        return loadedRevision;
    }

    /**
     * Changes once a new configuration is in effect (engine created, reloaded or closed), after the change:
     * a value derived from {@link LoginEngine#info} read while this was unchanged may be kept until it changes.
     */
    public long generation() {
        return generation;
    }

    /** "active (revision 3)", "unconfigured", "disabled: ...": for logs and the admin page. */
    public String status() {
        return status;
    }

    public synchronized void refresh() {
        if (disabledReason != null || closed) {
            return;
        }
        long revision = configStore.currentRevision();
        if (revision == loadedRevision) {
            return;
        }
        loadedRevision = revision;
        Optional<StoredConfig> config = configStore.load();
        if (config.isEmpty() || !hasIdentityProviders(config.get().json())) {
            closeEngine();
            status = "unconfigured";
            return;
        }
        apply(config.get());
    }

    private void apply(StoredConfig config) {
        try {
            if (engine == null) {
                engine = factory.create(config.json(), hostContext.get());
            } else {
                engine.reload(config.json(), hostContext.get());
            }
            generation++;
            status = "active (revision " + config.revision() + ")";
            LOG.info("oidc-sso: configuration revision " + config.revision() + " is active");
        } catch (OidcSsoException | IllegalStateException e) {
            // Keep serving with the previous engine (if any); the admin sees why in the log.
            status = "revision " + config.revision() + " rejected: " + e.getMessage();
            LOG.log(Level.SEVERE, "oidc-sso: configuration revision " + config.revision() + " not applied: "
                    + e.getMessage());
        }
    }

    /**
     * True when the stored document names at least one identity provider ({@code idps} non-empty). The
     * admin's document, not the contract: the engine validates it, this only decides whether to build one.
     */
    static boolean hasIdentityProviders(String configJson) {
        JsonElement root;
        try {
            root = JsonParser.parseString(configJson);
        } catch (JsonParseException e) {
            return false;
        }
        if (!root.isJsonObject()) {
            return false;
        }
        JsonElement idps = root.getAsJsonObject().get("idps");
        return idps != null && idps.isJsonArray() && idps.getAsJsonArray().size() > 0;
    }

    private void closeEngine() {
        LoginEngine old = engine;
        engine = null;
        generation++;
        if (old != null) {
            old.close();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeEngine();
        if (factory != null) {
            factory.shutdown();
        }
    }
}
