package io.oidcsso.refhost.plugin;

import com.atlassian.annotations.security.UnrestrictedAccess;
import com.atlassian.bitbucket.auth.HttpAuthenticationHandler;
import io.oidcsso.refhost.osgi.OsgiContainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.servlet.Filter;
import javax.servlet.Servlet;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One installed plugin: its bundle, and while enabled, its started modules. Enabling follows the
 * products (atlassian-plugins 7.4.0): start the bundle; for a plugin with a Spring context wait for
 * the extender to report it; then per module, in descriptor order, load the class from the bundle,
 * create it through the container and initialise it. Any failure makes the plugin unloadable with
 * the reason (the modules already started are destroyed again, the bundle is stopped).
 */
final class InstalledPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(InstalledPlugin.class);

    final String key;
    final PluginArtifact artifact;
    final PluginDescriptor descriptor;
    private final Bundle bundle;
    private final OsgiContainer container;
    private final long contextTimeoutMillis;

    private volatile PluginState state = PluginState.DISABLED;
    private volatile String reason;
    private List<FilterModule> filters = List.of();
    private List<ServletModule> servlets = List.of();
    private List<AuthHandlerModule> authHandlers = List.of();
    private List<Runnable> destroyers = List.of();
    private ClassLoader loader;

    InstalledPlugin(String key, PluginArtifact artifact, PluginDescriptor descriptor, Bundle bundle,
            OsgiContainer container, long contextTimeoutMillis) {
        this.key = key;
        this.artifact = artifact;
        this.descriptor = descriptor;
        this.bundle = bundle;
        this.container = container;
        this.contextTimeoutMillis = contextTimeoutMillis;
    }

    /** A plugin that never got a bundle (refused before install). */
    static InstalledPlugin unloadable(String key, PluginArtifact artifact, PluginDescriptor descriptor, String why) {
        InstalledPlugin plugin = new InstalledPlugin(key, artifact, descriptor, null, null, 0);
        plugin.markUnloadable(why);
        return plugin;
    }

    PluginState state() {
        return state;
    }

    String reason() {
        return reason;
    }

    Bundle bundle() {
        return bundle;
    }

    List<FilterModule> filters() {
        return filters;
    }

    List<ServletModule> servlets() {
        return servlets;
    }

    List<AuthHandlerModule> authHandlers() {
        return authHandlers;
    }

    /** Starts the bundle and every module; on failure the plugin is left UNLOADABLE with the reason. */
    void enable(ServletContext servletContext) {
        if (bundle == null || state == PluginState.ENABLED) {
            return;
        }
        try {
            container.forgetContext(bundle);
            bundle.start();
        } catch (BundleException | RuntimeException e) {
            markUnloadable("Cannot start plugin: " + key + ": " + e.getMessage());
            return;
        }
        ModuleContainer moduleContainer = moduleContainer();
        if (moduleContainer == null) {
            stopBundle();
            return;
        }
        ClassLoader loader = bundle.adapt(BundleWiring.class).getClassLoader();
        List<Runnable> destroyers = new ArrayList<>();
        List<FilterModule> startedFilters = new ArrayList<>();
        List<ServletModule> startedServlets = new ArrayList<>();
        List<AuthHandlerModule> startedHandlers = new ArrayList<>();
        for (String moduleKey : descriptor.declarationOrder()) {
            try {
                for (FilterModuleDescriptor d : descriptor.filters()) {
                    if (d.key().equals(moduleKey)) {
                        Filter filter = create(moduleContainer, loader, d.key(), d.className(), Filter.class);
                        PluginCalls.run(loader, () -> filter.init(new ModuleConfig(d.key(), d.initParams(), servletContext)));
                        destroyers.add(filter::destroy);
                        startedFilters.add(new FilterModule(key, d, filter, unrestricted(d.key(), filter.getClass()), loader));
                    }
                }
                for (ServletModuleDescriptor d : descriptor.servlets()) {
                    if (d.key().equals(moduleKey)) {
                        Servlet servlet = create(moduleContainer, loader, d.key(), d.className(), Servlet.class);
                        PluginCalls.run(loader, () -> servlet.init(new ModuleConfig(d.key(), d.initParams(), servletContext)));
                        destroyers.add(servlet::destroy);
                        startedServlets.add(new ServletModule(key, d, servlet, unrestricted(d.key(), servlet.getClass()), loader));
                    }
                }
                for (AuthHandlerDescriptor d : descriptor.authHandlers()) {
                    if (d.key().equals(moduleKey)) {
                        startedHandlers.add(new AuthHandlerModule(key, d,
                                create(moduleContainer, loader, d.key(), d.className(), HttpAuthenticationHandler.class),
                                loader));
                    }
                }
            } catch (ModuleFailure | IOException | ServletException | RuntimeException | LinkageError e) {
                LOG.error("There was an error loading the descriptor '{}' of plugin '{}'. Disabling.", moduleKey, key, e);
                destroyAll(loader, destroyers);
                stopBundle();
                markUnloadable("module `" + moduleKey + "`: " + describe(e));
                return;
            }
        }
        startedFilters.sort((a, b) -> Integer.compare(descriptor.filters().indexOf(a.descriptor()),
                descriptor.filters().indexOf(b.descriptor())));
        filters = List.copyOf(startedFilters);
        servlets = List.copyOf(startedServlets);
        startedHandlers.sort(Comparator.comparingInt(h -> h.descriptor().weight()));
        authHandlers = List.copyOf(startedHandlers);
        this.destroyers = destroyers;
        this.loader = loader;
        state = PluginState.ENABLED;
        reason = null;
        LOG.info("plugin '{}' enabled: {} filters, {} servlets, {} http-auth-handlers", key, filters.size(),
                servlets.size(), authHandlers.size());
    }

    /** Destroys the modules (reverse order) and stops the bundle, which closes its Spring context. */
    void disable() {
        if (state != PluginState.ENABLED) {
            return;
        }
        filters = List.of();
        servlets = List.of();
        authHandlers = List.of();
        destroyAll(loader, destroyers);
        destroyers = List.of();
        stopBundle();
        state = PluginState.DISABLED;
        LOG.info("plugin '{}' disabled", key);
    }

    /** Disables, then uninstalls the bundle. */
    void uninstall() {
        disable();
        if (bundle != null) {
            try {
                bundle.uninstall();
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("uninstalling plugin '{}' failed: {}", key, e.toString());
            }
        }
    }

    /** The container for the modules, or null when the plugin became unloadable waiting for it. */
    private ModuleContainer moduleContainer() {
        if (artifact.kind() != PluginArtifact.Kind.TRANSFORMERLESS_WITH_CONTAINER) {
            return ModuleContainer.none(key);
        }
        try {
            Object context = container.contextOutcome(bundle).get(contextTimeoutMillis, TimeUnit.MILLISECONDS);
            return new SpringContainerAccessor(context);
        } catch (ExecutionException e) {
            LOG.error("Unable to start the plugin container for plugin '{}'", key, e.getCause());
            markUnloadable("the plugin's Spring context failed: " + describe(e.getCause()));
        } catch (TimeoutException e) {
            markUnloadable("the plugin's Spring context was not ready within " + contextTimeoutMillis / 1000
                    + " s (a service it imports with osgi:reference is not registered?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            markUnloadable("interrupted while waiting for the plugin's Spring context");
        } catch (RuntimeException e) {
            markUnloadable("the plugin's Spring context is unusable: " + describe(e));
        }
        return null;
    }

    private <T> T create(ModuleContainer moduleContainer, ClassLoader loader, String moduleKey, String className,
            Class<T> expected) throws ModuleFailure {
        Class<?> type;
        try {
            type = bundle.loadClass(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ModuleFailure("cannot load class " + className + " from the bundle: " + describe(e), e);
        }
        if (!expected.isAssignableFrom(type)) {
            throw new ModuleFailure(className + " is not a " + expected.getName()
                    + " (or sees another copy of it: does the bundle import " + expected.getPackageName() + "?)", null);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return expected.cast(moduleContainer.createBean(type));
        } catch (RuntimeException | LinkageError e) {
            throw new ModuleFailure("cannot create " + className + ": " + describe(e), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void destroyAll(ClassLoader loader, List<Runnable> destroyers) {
        for (int i = destroyers.size() - 1; i >= 0; i--) {
            Runnable destroy = destroyers.get(i);
            try {
                PluginCalls.run(loader, destroy::run);
            } catch (IOException | ServletException | RuntimeException | LinkageError e) {
                LOG.warn("a module destroy() of plugin '{}' threw {}", key, e.toString());
            }
        }
    }

    private void stopBundle() {
        try {
            if (bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING) {
                bundle.stop();
            }
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("stopping plugin '{}' failed: {}", key, e.toString());
        }
        container.forgetContext(bundle);
    }

    void markUnloadable(String why) {
        state = PluginState.UNLOADABLE;
        reason = why;
        LOG.error("plugin '{}' is unloadable: {}", key, why);
    }

    private static boolean unrestricted(String moduleKey, Class<?> type) {
        boolean annotated = type.isAnnotationPresent(UnrestrictedAccess.class);
        if (!annotated) {
            LOG.warn("plugin module `{}` ({}) is not annotated @{}: anonymous requests to it get 401",
                    moduleKey, type.getName(), UnrestrictedAccess.class.getName());
        }
        return annotated;
    }

    /** The exception and its root cause, with the root cause's message in full (e.g. a list of problems). */
    static String describe(Throwable e) {
        if (e instanceof ModuleFailure) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootText = root.getClass().getName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return root == e ? rootText : e.getClass().getName() + " caused by " + rootText;
    }

    /** A module could not be loaded or created. */
    static final class ModuleFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ModuleFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
