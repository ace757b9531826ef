package io.oidcsso.plugin.runtime;

import io.oidcsso.plugin.host.AdminGuard;
import io.oidcsso.plugin.host.ClusterState;
import io.oidcsso.plugin.host.ConfigStore;
import io.oidcsso.plugin.host.HostInfo;
import io.oidcsso.plugin.host.LoginBinder;
import io.oidcsso.plugin.host.UserDirectory;
import java.util.Objects;

/**
 * The six host adapters the shim talks to (docs/architecture.md "Host adapters"); {@code liveSessions}
 * is a second {@link ClusterState} of its own (the index of live OIDC sessions, written only at login),
 * so that what it holds never takes room the other shared records need.
 */
public record HostAdapters(
        HostInfo hostInfo,
        LoginBinder loginBinder,
        UserDirectory userDirectory,
        ConfigStore configStore,
        ClusterState clusterState,
        ClusterState liveSessions,
        AdminGuard adminGuard) {
    public HostAdapters {
        Objects.requireNonNull(hostInfo, "hostInfo");
        Objects.requireNonNull(loginBinder, "loginBinder");
        Objects.requireNonNull(userDirectory, "userDirectory");
        Objects.requireNonNull(configStore, "configStore");
        Objects.requireNonNull(clusterState, "clusterState");
        Objects.requireNonNull(liveSessions, "liveSessions");
        Objects.requireNonNull(adminGuard, "adminGuard");
    }
}
