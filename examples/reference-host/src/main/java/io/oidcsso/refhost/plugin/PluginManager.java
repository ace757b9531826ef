package io.oidcsso.refhost.plugin;

import io.oidcsso.refhost.osgi.OsgiContainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.servlet.ServletContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's plugin system: installs plugin jars into the {@link OsgiContainer}, enables, disables,
 * upgrades and uninstalls them, and offers the enabled modules to the request path. Servlets match
 * by the products' DefaultPathMapper rules with "first registered wins" for one exact path; the
 * bundled apps' servlets ({@link #registerBundledServlet}) are registered before any plugin. Changes
 * are serialised; the request path reads immutable snapshots (no lock, no reflection).
 */
public final class PluginManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginManager.class);
    /** {@code -Drefhost.plugin.context.timeout.seconds}: how long enabling waits for a plugin's Spring context. */
    public static final String CONTEXT_TIMEOUT_PROPERTY = "refhost.plugin.context.timeout.seconds";

    private final OsgiContainer container;
    private final ServletContext servletContext;
    private final long contextTimeoutMillis;
    private final Map<String, InstalledPlugin> plugins = new LinkedHashMap<>();
    /** Servlet modules in registration order: bundled apps first, then plugins as they were enabled. */
    private final List<ServletModule> registeredServlets = new ArrayList<>();
    private final AtomicLong installs = new AtomicLong();

    private volatile List<ServletModule> servletSnapshot = List.of();
    private volatile Map<FilterLocation, List<FilterModule>> filterSnapshot = Map.of();
    private volatile List<AuthHandlerModule> authHandlerSnapshot = List.of();
    /** Bitbucket mode: {@code <http-auth-handler>} is a module type (elsewhere it is skipped). */
    private final boolean httpAuthHandlers;

    public PluginManager(OsgiContainer container, ServletContext servletContext) {
        this(container, servletContext, false);
    }

    public PluginManager(OsgiContainer container, ServletContext servletContext, boolean httpAuthHandlers) {
        this.container = container;
        this.servletContext = servletContext;
        this.contextTimeoutMillis = Long.getLong(CONTEXT_TIMEOUT_PROPERTY, 60) * 1000;
        this.httpAuthHandlers = httpAuthHandlers;
    }

    /** A servlet of an app the product bundles, registered like a plugin servlet and before any plugin. */
    public synchronized void registerBundledServlet(String appKey, ServletModuleDescriptor descriptor,
            javax.servlet.Servlet servlet) {
        registeredServlets.add(new ServletModule(appKey, descriptor, servlet, true, PluginManager.class.getClassLoader()));
        publish();
    }

    /** Installs {@code jar} (a newer build of an installed plugin replaces it: an upgrade) and enables it. */
    public PluginInfo install(Path jar) {
        try {
            return install(Files.readAllBytes(jar), jar.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plugin jar " + jar, e);
        }
    }

    /**
     * Installs a plugin from its bytes and enables it; returns its state (UNLOADABLE with the reason
     * when the products would not load it). An installed plugin with the same key is disabled and
     * uninstalled first, and packages are refreshed, as on a product's upgrade.
     */
    public synchronized PluginInfo install(byte[] jar, String source) {
        PluginArtifact artifact;
        PluginDescriptor descriptor;
        try {
            artifact = PluginArtifact.read(jar);
            byte[] xml = artifact.descriptor();
            descriptor = xml == null ? PluginDescriptor.empty(artifact.header("Atlassian-Plugin-Key"))
                    : new DescriptorParser(httpAuthHandlers).parse(new ByteArrayInputStream(xml));
        } catch (DescriptorException e) {
            return record(InstalledPlugin.unloadable(source, null, null, "cannot read " + source + ": "
                    + e.getMessage()));
        }
        if (artifact.kind() == PluginArtifact.Kind.NOT_A_PLUGIN) {
            return record(InstalledPlugin.unloadable(source, artifact, descriptor, source
                    + " is neither a transformerless plugin nor has an atlassian-plugin.xml"));
        }
        String key = artifact.key(descriptor);
        if (key == null || key.isBlank()) {
            return record(InstalledPlugin.unloadable(source, artifact, descriptor,
                    source + " has neither an Atlassian-Plugin-Key header nor a descriptor key"));
        }
        InstalledPlugin previous = plugins.remove(key);
        if (previous != null) {
            LOG.info("upgrading plugin '{}': uninstalling the installed version", key);
            unpublish(previous);
            previous.uninstall();
            container.refreshPackages();
        }
        switch (artifact.kind()) {
            case NEEDS_TRANSFORMATION -> {
                return record(InstalledPlugin.unloadable(key, artifact, descriptor, "no Atlassian-Plugin-Key in the"
                        + " manifest: the products would transform this jar; the reference host loads transformerless"
                        + " plugins only"));
            }
            default -> {
                // installed below
            }
        }
        Bundle bundle;
        try {
            bundle = container.install("refhost:plugin/" + key + "/" + installs.incrementAndGet(), artifact.bytes());
        } catch (BundleException | RuntimeException e) {
            return record(InstalledPlugin.unloadable(key, artifact, descriptor, "Unable to install bundle: "
                    + e.getMessage()));
        }
        InstalledPlugin plugin = new InstalledPlugin(key, artifact, descriptor, bundle, container, contextTimeoutMillis);
        plugins.put(key, plugin);
        enable(plugin);
        return info(plugin);
    }

    private PluginInfo record(InstalledPlugin plugin) {
        plugins.put(plugin.key, plugin);
        return info(plugin);
    }

    public synchronized Optional<PluginInfo> enable(String key) {
        InstalledPlugin plugin = plugins.get(key);
        if (plugin == null) {
            return Optional.empty();
        }
        if (plugin.state() == PluginState.DISABLED) {
            enable(plugin);
        }
        return Optional.of(info(plugin));
    }

    private void enable(InstalledPlugin plugin) {
        plugin.enable(servletContext);
        if (plugin.state() == PluginState.ENABLED) {
            registeredServlets.addAll(plugin.servlets());
            publish();
        }
    }

    public synchronized Optional<PluginInfo> disable(String key) {
        InstalledPlugin plugin = plugins.get(key);
        if (plugin == null) {
            return Optional.empty();
        }
        unpublish(plugin);
        plugin.disable();
        return Optional.of(info(plugin));
    }

    public synchronized boolean uninstall(String key) {
        InstalledPlugin plugin = plugins.remove(key);
        if (plugin == null) {
            return false;
        }
        unpublish(plugin);
        plugin.uninstall();
        container.refreshPackages();
        return true;
    }

    public synchronized List<PluginInfo> list() {
        return plugins.values().stream().map(PluginManager::info).toList();
    }

    public synchronized Optional<PluginInfo> get(String key) {
        return Optional.ofNullable(plugins.get(key)).map(PluginManager::info);
    }

    /** The enabled filters of one location, in the order they run. */
    public List<FilterModule> filtersAt(FilterLocation location) {
        return filterSnapshot.getOrDefault(location, List.of());
    }

    /** The servlet for a path under {@code /plugins/servlet}. */
    public Optional<ServletMatch> servletFor(String path) {
        return ServletMatch.find(servletSnapshot, path);
    }

    /** The enabled {@code http-auth-handler} modules of every plugin, lowest weight first (Bitbucket mode). */
    public List<AuthHandlerModule> authHandlers() {
        return authHandlerSnapshot;
    }

    private void unpublish(InstalledPlugin plugin) {
        registeredServlets.removeIf(s -> s.pluginKey().equals(plugin.key));
        publish();
        authHandlerSnapshot = authHandlerSnapshot.stream().filter(h -> !h.pluginKey().equals(plugin.key)).toList();
    }

    /** Rebuilds the request-path snapshots (filters of every enabled plugin by location, weight, then order). */
    private void publish() {
        servletSnapshot = List.copyOf(registeredServlets);
        Map<FilterLocation, List<FilterModule>> byLocation = new LinkedHashMap<>();
        for (FilterLocation location : FilterLocation.values()) {
            byLocation.put(location, plugins.values().stream()
                    .filter(p -> p.state() == PluginState.ENABLED)
                    .flatMap(p -> p.filters().stream())
                    .filter(f -> f.descriptor().location() == location)
                    .sorted(Comparator.comparingInt(f -> f.descriptor().weight()))
                    .toList());
        }
        filterSnapshot = Map.copyOf(byLocation);
        authHandlerSnapshot = plugins.values().stream()
                .filter(p -> p.state() == PluginState.ENABLED)
                .flatMap(p -> p.authHandlers().stream())
                .sorted(Comparator.comparingInt(h -> h.descriptor().weight()))
                .toList();
    }

    private static PluginInfo info(InstalledPlugin plugin) {
        PluginDescriptor d = plugin.descriptor;
        List<String> modules = d == null ? List.of() : d.declarationOrder();
        String version = plugin.artifact == null ? null : plugin.artifact.header("Bundle-Version");
        String kind = plugin.artifact == null ? "unreadable" : plugin.artifact.kind().name().toLowerCase(java.util.Locale.ROOT);
        return new PluginInfo(plugin.key, d == null ? "" : d.name(), version, plugin.state(), plugin.reason(), kind,
                modules, d == null ? null : d.configureUrl());
    }

    /**
     * The web items of the enabled plugins for one menu section of one product ({@code application}
     * key), lowest weight first: what a product's menu shows.
     */
    public synchronized List<WebItemDescriptor> webItems(String application, String section) {
        return plugins.values().stream()
                .filter(p -> p.state() == PluginState.ENABLED && p.descriptor != null)
                .flatMap(p -> p.descriptor.webItems().stream())
                .filter(item -> item.shownIn(application, section))
                .sorted(Comparator.comparingInt(WebItemDescriptor::weight))
                .toList();
    }

    /** Disables every plugin (reverse install order) and stops the container. */
    @Override
    public synchronized void close() {
        List<InstalledPlugin> all = new ArrayList<>(plugins.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            unpublish(all.get(i));
            all.get(i).disable();
        }
        plugins.clear();
        container.close();
    }

    /** For tests: the bundles the container holds. */
    public Stream<Bundle> bundles() {
        return Stream.of(container.bundles());
    }
}
