package io.oidcsso.refhost;

import io.oidcsso.refhost.crowd.DemoData;
import io.oidcsso.refhost.osgi.OsgiContainer;
import io.oidcsso.refhost.plugin.PluginInfo;
import io.oidcsso.refhost.plugin.PluginManager;
import io.oidcsso.refhost.plugin.PluginStartException;
import io.oidcsso.refhost.plugin.PluginState;
import io.oidcsso.refhost.web.BundledSsoApp;
import io.oidcsso.refhost.web.WebContext;
import io.oidcsso.refhost.session.HomeSessionDataStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running host: the home folder's services, the plugin container with the plugin, and Jetty.
 * {@link #start} opens the port, seeds a fresh home, stores the {@code --config} document, starts
 * the OSGi container (one cache per node under {@code HOME/osgi-cache/}), registers the host's
 * services and the bundled SSO app's servlets, installs and enables the plugin, and then serves
 * requests. A plugin that cannot be loaded leaves the host running with its own login (the reason
 * is logged and shown at {@code /rest/plugins/1.0/}), except when {@code --config} was given: the
 * document could then not be imported, and the host stops with the reason.
 */
public final class ReferenceHost implements AutoCloseable {
    /** Global PluginSettings key the {@code --config} document is stored under. */
    public static final String IMPORT_KEY = "io.oidcsso.import";
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceHost.class);

    private final Server server;
    private final PluginManager plugins;
    private final URI listenUrl;
    private final URI baseUrl;

    private ReferenceHost(Server server, PluginManager plugins, URI listenUrl, URI baseUrl) {
        this.server = server;
        this.plugins = plugins;
        this.listenUrl = listenUrl;
        this.baseUrl = baseUrl;
    }

    public static ReferenceHost start(HostOptions options) throws Exception {
        Files.createDirectories(options.home());
        Server server = newServer(options.nodeId());
        ServerConnector connector = connector(server, options);
        connector.open();
        URI listenUrl = URI.create("http://" + hostForUrl(options.bind()) + ":" + connector.getLocalPort());
        URI baseUrl = options.baseUrl().orElse(listenUrl);
        PluginManager plugins = null;
        try {
            HostComponents host = prepareHome(options, baseUrl);
            HomeSessionDataStore sharedSessions = options.sessions() == HostOptions.SessionMode.SHARED
                    ? new HomeSessionDataStore(options.home(), ReferenceHost.class.getClassLoader())
                    : null;
            WebContext.Factory web = WebContext.factory();
            WebContext context = web.create("https".equals(baseUrl.getScheme()), sharedSessions);
            OsgiContainer container = OsgiContainer.start(
                    options.home().resolve("osgi-cache").resolve(options.nodeId()), options.product());
            plugins = new PluginManager(container, context.servletContext(), options.product() == Product.BITBUCKET);
            host.registerServices(container);
            BundledSsoApp.register(plugins);
            if (options.plugin().isPresent()) {
                PluginInfo plugin = plugins.install(options.plugin().get());
                if (plugin.state() != PluginState.ENABLED && options.config().isPresent()) {
                    throw new PluginStartException(plugin.key(), plugin.reason(), null);
                }
            }
            WebApp.install(context, host, plugins, options.nodeId());
            server.setHandler(context.handler());
            LOG.info("serving on {}, {}, Java {}", web.environment(), Platform.current(), Runtime.version().feature());
            server.start();
            return new ReferenceHost(server, plugins, listenUrl, baseUrl);
        } catch (Exception | Error e) {
            stopQuietly(server);
            if (plugins != null) {
                plugins.close();
            }
            throw e;
        }
    }

    /** Seeds a fresh home and stores the configuration document, before any plugin module exists. */
    private static HostComponents prepareHome(HostOptions options, URI baseUrl) throws IOException {
        HostComponents host = new HostComponents(options.home(), baseUrl, options.product());
        if (DemoData.seed(host.directory)) {
            LOG.info("seeded demo users admin, local and inactive in {}", options.home());
        }
        if (options.config().isPresent()) {
            storeConfig(host, options.config().get());
        }
        return host;
    }

    private static Server newServer(String nodeId) {
        Server server = new Server();
        DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
        // Session ids carry the worker name; Jetty allows only letters and digits in it.
        String worker = nodeId.replaceAll("[^A-Za-z0-9]", "");
        ids.setWorkerName(worker.isEmpty() ? "node" : worker);
        server.addBean(ids, true);
        return server;
    }

    private static void storeConfig(HostComponents host, Path config) throws IOException {
        String text = Files.readString(config, StandardCharsets.UTF_8);
        ConfigImportKey.store(host.settings.createGlobalSettings(), text);
        LOG.info("stored {} ({} characters) in global plugin settings key {}", config, text.length(), IMPORT_KEY);
    }

    private static ServerConnector connector(Server server, HostOptions options) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRelativeRedirectAllowed(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(options.bind());
        connector.setPort(options.port());
        server.addConnector(connector);
        return connector;
    }

    private static String hostForUrl(String bind) {
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    /** Where the host listens, e.g. {@code http://127.0.0.1:8080}. */
    public URI listenUrl() {
        return listenUrl;
    }

    /** The canonical base URL (SAL ApplicationProperties CANONICAL). */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The plugin system (for the admin endpoint and tests). */
    public PluginManager plugins() {
        return plugins;
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        stopQuietly(server);
        plugins.close();
        LOG.info("stopped");
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping Jetty failed: {}", e.toString());
        }
    }
}
