package io.oidcsso.plugin.runtime;

import io.oidcsso.plugin.debug.DebugLog;
import io.oidcsso.plugin.debug.DebugSwitch;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.login.BearerAccounts;
import io.oidcsso.plugin.login.AuditStore;
import io.oidcsso.plugin.login.Slf4jAuditSink;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every module of the plugin shares: the host adapters, the engine slot, the one path that
 * stores a configuration ({@link ConfigSaver}), the audit log, the clock.
 */
public final class PluginRuntime implements AutoCloseable {
    /** Where the callback servlet is served ({@code /oidc-sso/callback} under the host's plugin servlet path). */
    public static final String CALLBACK_PATH = "/plugins/servlet/oidc-sso/callback";
    /** {@code -Doidcsso.disabled=true}: the filter and callback step aside; the product's own login remains. */
    public static final String KILL_SWITCH_PROPERTY = "oidcsso.disabled";

    private final HostAdapters adapters;
    private final EngineSlot engineSlot;
    private final ConfigSaver configSaver;
    private final AuditLog audit;
    private final AuditStore auditStore;
    private final Clock clock;
    private final DebugLog debugLog;
    private final BearerAccounts bearerAccounts;

    public PluginRuntime(HostAdapters adapters, EngineSlot engineSlot, ConfigSaver configSaver, AuditLog audit,
            Clock clock) {
        this(adapters, engineSlot, configSaver, audit, null, clock);
    }

    /** {@code auditStore}: the cluster's recent audit events (null: none, {@code GET audit} answers 503). */
    public PluginRuntime(HostAdapters adapters, EngineSlot engineSlot, ConfigSaver configSaver, AuditLog audit,
            AuditStore auditStore, Clock clock) {
        this.adapters = Objects.requireNonNull(adapters, "adapters");
        this.engineSlot = Objects.requireNonNull(engineSlot, "engineSlot");
        this.configSaver = Objects.requireNonNull(configSaver, "configSaver");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.auditStore = auditStore;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.debugLog = new DebugLog(new DebugSwitch(adapters.clusterState(), clock),
                new AuditLog(adapters.hostInfo()::nodeId, clock, List.of(new Slf4jAuditSink(DebugLog.LOGGER_NAME))));
        this.bearerAccounts = new BearerAccounts(adapters.userDirectory(), adapters.clusterState(), clock);
    }

    /** This node's identity → account answers for bearer-token requests; told when a link changes. */
    public BearerAccounts bearerAccounts() {
        return bearerAccounts;
    }

    /** The per-IdP debug switch and the {@code debug.*} lines it lets through. */
    public DebugLog debugLog() {
        return debugLog;
    }

    public HostAdapters adapters() {
        return adapters;
    }

    public AuditLog audit() {
        return audit;
    }

    /** The cluster's recent audit events, when this runtime keeps them. */
    public Optional<AuditStore> auditStore() {
        return Optional.ofNullable(auditStore);
    }

    public Clock clock() {
        return clock;
    }

    public EngineSlot engineSlot() {
        return engineSlot;
    }

    public ConfigSaver configSaver() {
        return configSaver;
    }

    /** The engine, unless SSO is switched off, unconfigured, or the native library is unavailable. */
    public Optional<LoginEngine> activeEngine() {
        if (isKillSwitchOn()) {
            return Optional.empty();
        }
        return engineSlot.current();
    }

    public static boolean isKillSwitchOn() {
        return Boolean.parseBoolean(System.getProperty(KILL_SWITCH_PROPERTY, "false").trim());
    }

    @Override
    public void close() {
        try {
            engineSlot.close();
        } finally {
            if (auditStore != null) {
                auditStore.close();
            }
        }
    }
}
