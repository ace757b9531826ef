package io.oidcsso.plugin.atlassian;

import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.UrlMode;
import io.oidcsso.plugin.host.HostInfo;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Set;

/** {@link HostInfo} over SAL ApplicationProperties; the base URL is the CANONICAL one, never the Host header. */
public final class SalHostInfo implements HostInfo {
    /** Names this node in logs and in the core's host context; defaults to the host name. */
    public static final String NODE_ID_PROPERTY = "oidcsso.node.id";

    private final ApplicationProperties applicationProperties;
    private final String nodeId;

    public SalHostInfo(ApplicationProperties applicationProperties) {
        this.applicationProperties = Objects.requireNonNull(applicationProperties, "applicationProperties");
        this.nodeId = resolveNodeId();
    }

    @Override
    public String platformId() {
        String id = applicationProperties.getPlatformId();
        return id == null ? "" : id;
    }

    @Override
    public String baseUrl() {
        String url = applicationProperties.getBaseUrl(UrlMode.CANONICAL);
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
            throw new IllegalStateException("the product's base URL is not an http(s) URL: " + url
                    + "; set it in the product's general configuration");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String displayName() {
        String name;
        try {
            name = applicationProperties.getDisplayName();
        } catch (RuntimeException e) {
            // A heading is not worth a failed login page.
            name = null;
        }
        return name == null || name.isBlank() ? HostInfo.super.displayName() : name.trim();
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Set<String> loginPaths() {
        return LoginPaths.forPlatform(platformId());
    }

    @Override
    public Set<String> logoutPaths() {
        return LogoutPaths.forPlatform(platformId());
    }

    private static String resolveNodeId() {
        String configured = System.getProperty(NODE_ID_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
