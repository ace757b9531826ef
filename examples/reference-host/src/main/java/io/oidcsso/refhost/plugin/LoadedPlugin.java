package io.oidcsso.refhost.plugin;

import com.atlassian.annotations.security.UnrestrictedAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.servlet.Filter;
import javax.servlet.Servlet;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin jar loaded in its own class loader with its servlet-filter and servlet modules
 * created and initialised (in declaration order). {@link #close} destroys them in reverse.
 */
public final class LoadedPlugin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedPlugin.class);
    private static final String DESCRIPTOR = "atlassian-plugin.xml";

    private final URLClassLoader loader;
    private final PluginDescriptor descriptor;
    private final List<FilterModule> filters = new ArrayList<>();
    private final List<ServletModule> servlets = new ArrayList<>();
    private final List<Runnable> destroyers = new ArrayList<>();

    private LoadedPlugin(URLClassLoader loader, PluginDescriptor descriptor) {
        this.loader = loader;
        this.descriptor = descriptor;
    }

    /** A host without a plugin. */
    public static LoadedPlugin none() {
        return new LoadedPlugin(null, new PluginDescriptor("", "", List.of(), List.of(), List.of()));
    }

    /** Loads {@code jar}, then creates and initialises every module; throws {@link PluginStartException} on the first failure. */
    public static LoadedPlugin load(Path jar, ClassLoader host, HostServices services, ServletContext context) {
        if (!Files.isRegularFile(jar)) {
            throw new PluginStartException("", "plugin jar " + jar + " does not exist or is not a file", null);
        }
        URLClassLoader loader = PluginClassLoaders.forJar(jar, host);
        LoadedPlugin plugin;
        try {
            plugin = new LoadedPlugin(loader, readDescriptor(loader, jar));
        } catch (DescriptorException | UncheckedIOException e) {
            close(loader);
            throw new PluginStartException("", "cannot read " + DESCRIPTOR + " of " + jar + ": " + e.getMessage(), e);
        }
        try {
            plugin.start(new ModuleFactory(loader, services), context);
        } catch (RuntimeException e) {
            plugin.close();
            throw e;
        }
        return plugin;
    }

    public PluginDescriptor descriptor() {
        return descriptor;
    }

    /** The plugin's class loader (null when the host runs without a plugin). */
    public ClassLoader classLoader() {
        return loader;
    }

    List<FilterModule> filtersAt(FilterLocation location) {
        return filters.stream().filter(f -> f.descriptor().location() == location).toList();
    }

    Optional<ServletMatch> servletFor(String path) {
        return ServletMatch.find(servlets, path);
    }

    private void start(ModuleFactory factory, ServletContext context) {
        for (String key : descriptor.declarationOrder()) {
            descriptor.filters().stream().filter(f -> f.key().equals(key)).findFirst()
                    .ifPresent(f -> startFilter(factory, f, context));
            descriptor.servlets().stream().filter(s -> s.key().equals(key)).findFirst()
                    .ifPresent(s -> startServlet(factory, s, context));
        }
        // Chain order: location, then weight; the descriptor is already sorted that way.
        filters.sort((a, b) -> Integer.compare(descriptor.filters().indexOf(a.descriptor()),
                descriptor.filters().indexOf(b.descriptor())));
    }

    private void startFilter(ModuleFactory factory, FilterModuleDescriptor d, ServletContext context) {
        Filter filter = create(factory, d.key(), d.className(), Filter.class);
        initialise(d.key(), () -> filter.init(new ModuleConfig(d.key(), d.initParams(), context)));
        destroyers.add(filter::destroy);
        filters.add(new FilterModule(d, filter, unrestricted(d.key(), filter.getClass())));
    }

    private void startServlet(ModuleFactory factory, ServletModuleDescriptor d, ServletContext context) {
        Servlet servlet = create(factory, d.key(), d.className(), Servlet.class);
        initialise(d.key(), () -> servlet.init(new ModuleConfig(d.key(), d.initParams(), context)));
        destroyers.add(servlet::destroy);
        servlets.add(new ServletModule(d, servlet, unrestricted(d.key(), servlet.getClass())));
    }

    private <T> T create(ModuleFactory factory, String key, String className, Class<T> type) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(loader);
            return factory.create(key, className, type);
        } catch (DescriptorException e) {
            throw new PluginStartException(key, e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void initialise(String key, PluginCalls.Call init) {
        try {
            PluginCalls.run(loader, init);
        } catch (IOException | ServletException | RuntimeException | LinkageError e) {
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            throw new PluginStartException(key, message, e);
        }
    }

    private static boolean unrestricted(String key, Class<?> type) {
        boolean annotated = type.isAnnotationPresent(UnrestrictedAccess.class);
        if (!annotated) {
            LOG.warn("plugin module `{}` ({}) is not annotated @{}: anonymous requests to it get 401",
                    key, type.getName(), UnrestrictedAccess.class.getName());
        }
        return annotated;
    }

    private static PluginDescriptor readDescriptor(URLClassLoader loader, Path jar) {
        URL url = loader.findResource(DESCRIPTOR);
        if (url == null) {
            throw new DescriptorException(jar + " has no " + DESCRIPTOR + " at its root");
        }
        try (InputStream in = url.openStream()) {
            return new DescriptorParser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
    }

    @Override
    public void close() {
        for (int i = destroyers.size() - 1; i >= 0; i--) {
            Runnable destroy = destroyers.get(i);
            try {
                PluginCalls.run(loader, destroy::run);
            } catch (IOException | ServletException | RuntimeException | LinkageError e) {
                LOG.warn("a plugin module's destroy() threw {}", e.toString());
            }
        }
        destroyers.clear();
        filters.clear();
        servlets.clear();
        close(loader);
    }

    private static void close(URLClassLoader loader) {
        if (loader == null) {
            return;
        }
        try {
            loader.close();
        } catch (IOException e) {
            LOG.warn("cannot close the plugin class loader: {}", e.toString());
        }
    }
}
