package io.oidcsso.plugin.runtime;

import io.oidcsso.plugin.atlassian.CrowdUserDirectory;
import io.oidcsso.plugin.atlassian.PluginSettingsClusterState;
import io.oidcsso.plugin.atlassian.PluginSettingsConfigStore;
import io.oidcsso.plugin.atlassian.SalAdminGuard;
import io.oidcsso.plugin.atlassian.SalHostInfo;
import io.oidcsso.plugin.atlassian.SalLoginBinder;
import io.oidcsso.plugin.emergency.BreakGlassCodes;
import io.oidcsso.plugin.engine.EngineFactory;
import io.oidcsso.plugin.engine.HostContext;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.HostInfo;
import io.oidcsso.plugin.host.LoginBinder;
import io.oidcsso.plugin.host.ShardedClusterState;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.login.AuditStore;
import io.oidcsso.plugin.login.Slf4jAuditSink;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.servlet.ServletException;

/** Wires the runtime over the Atlassian host services: adapters, configuration import, engine. */
public final class RuntimeFactory {
    /**
     * How often each node asks the store for the configuration revision (one PluginSettings read for
     * the whole node, {@link PolledConfigStore}): a save on another node is active here within this
     * bound plus the reload (docs/cluster.md).
     */
    public static final Duration CONFIG_POLL = Duration.ofSeconds(2);
    static final int LIVE_SESSION_SHARDS = 32;
    /** How often each node appends its queued audit events to the cluster's ring (docs/cluster.md). */
    static final Duration AUDIT_FLUSH = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(RuntimeFactory.class.getName());

    private RuntimeFactory() {}

    public static PluginRuntime create(HostServices services, EngineFactory engineFactory) throws ServletException {
        Clock clock = Clock.systemUTC();
        HostInfo hostInfo = new SalHostInfo(services.applicationProperties());
        // One watch on the revision for the whole node (engine slot, emergency settings, admin API).
        ConfigStore configStore = new PolledConfigStore(new PluginSettingsConfigStore(services.pluginSettingsFactory(),
                services.clusterLockService()), clock, CONFIG_POLL);
        LoginBinder binder = new SalLoginBinder(services.userManager(), services.authenticationController(),
                services.authenticationListener(), hostInfo.platformId());
        HostAdapters adapters = new HostAdapters(hostInfo, binder,
                new CrowdUserDirectory(services.crowdService(), services.userManager(), services.pluginSettingsFactory(),
                        services.clusterLockService()), configStore,
                new PluginSettingsClusterState(services.pluginSettingsFactory(), services.clusterLockService(), clock),
                liveSessions(services, clock),
                new SalAdminGuard(services.userManager(), services.webSudoManager(), services.xsrfTokenValidator()));
        BreakGlassCodes breakGlass = new BreakGlassCodes(breakGlassStore(services), adapters.userDirectory(), clock);
        ConfigSaver saver = new ConfigSaver(engineFactory, configStore, breakGlass::anyLive);
        try {
            new ConfigImporter(services.pluginSettingsFactory(), saver).importIfPresent();
        } catch (ConfigImportException e) {
            // Logged here too: a container that fails to report the context's failure (the patched
            // Gemini Blueprint under Spring 6 masks it) must not hide why nothing was stored.
            LOG.severe(e.getMessage());
            throw new ServletException(e.getMessage(), e);
        }
        EngineSlot slot = engineSlot(hostInfo, engineFactory, configStore);
        // A save on this node is active here at once; other nodes follow within CONFIG_POLL.
        saver.afterSave(slot::refresh);
        LOG.info("oidc-sso: started on " + hostInfo.platformId() + " node " + hostInfo.nodeId() + ": " + slot.status());
        if (PluginRuntime.isKillSwitchOn()) {
            LOG.warning("oidc-sso: kill switch -D" + PluginRuntime.KILL_SWITCH_PROPERTY
                    + "=true is set: single sign-on is OFF on this node and the product's own login is used");
        }
        AuditStore auditStore = new AuditStore(new PluginSettingsClusterState(services.pluginSettingsFactory(),
                services.clusterLockService(), clock, AuditStore.STORE_CAPACITY, "au"), clock);
        auditStore.start(AUDIT_FLUSH);
        AuditLog audit = new AuditLog(hostInfo::nodeId, clock, List.of(new Slf4jAuditSink(), auditStore));
        return new PluginRuntime(adapters, slot, saver, audit, auditStore, clock);
    }

    /**
     * The break-glass codes' store: one of its own (namespace {@code bg}), so that codes kept for
     * months never take room pending logins need, and pending logins never crowd out codes.
     */
    public static ClusterState breakGlassStore(HostServices services) {
        return new PluginSettingsClusterState(services.pluginSettingsFactory(), services.clusterLockService(),
                Clock.systemUTC(), BreakGlassCodes.STORE_CAPACITY, "bg");
    }

    /**
     * The index of live OIDC sessions (for front-channel logout): {@link #LIVE_SESSION_SHARDS} stores
     * of their own, each with its own lock, so about 54,000 logins with a {@code sid} a day fit.
     */
    private static ClusterState liveSessions(HostServices services, Clock clock) {
        List<ClusterState> shards = new ArrayList<>();
        for (int i = 0; i < LIVE_SESSION_SHARDS; i++) {
            shards.add(new PluginSettingsClusterState(services.pluginSettingsFactory(), services.clusterLockService(),
                    clock, PluginSettingsClusterState.MAX_CAPACITY, "ls" + i));
        }
        return new ShardedClusterState(shards);
    }

    private static EngineSlot engineSlot(HostInfo hostInfo, EngineFactory engineFactory, ConfigStore configStore) {
        if (!engineFactory.isAvailable()) {
            return EngineSlot.disabled("native library unavailable: " + engineFactory.unavailableReason()
                    + "; the product's own login is used");
        }
        EngineSlot slot = new EngineSlot(engineFactory, configStore,
                () -> new HostContext(hostInfo.baseUrl(), hostInfo.nodeId(), PluginRuntime.CALLBACK_PATH));
        slot.refresh();
        return slot;
    }
}
