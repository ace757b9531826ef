package io.oidcsso.refhost.osgi;

import io.oidcsso.refhost.Product;
import io.oidcsso.refhost.osgi.bridge.ContextEventBridge;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache Felix configured as atlassian-plugins 7.4.0 configures it (FelixOsgiContainerManager):
 * the system bundle exports the JDK plus {@link SystemExports}, boot delegation is the products'
 * list with {@code felix.bootdelegation.implicit=false} and the framework class loader as bundle
 * parent. At start it installs the framework bundles shipped in the host jar (Spring, Gemini
 * Blueprint and their imports) and the container event bridge. One cache per node, emptied at start.
 */
public final class OsgiContainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OsgiContainer.class);
    private static final String BUNDLES = "framework-bundles/";
    private static final long STOP_TIMEOUT_MS = 60_000;
    private static final long REFRESH_TIMEOUT_S = 30;

    private final Felix felix;
    private final ContainerEvents events = new ContainerEvents();
    private final List<ServiceRegistration<?>> hostServices = new ArrayList<>();

    private OsgiContainer(Felix felix) {
        this.felix = felix;
    }

    /**
     * Starts the framework with its cache in {@code cacheDir} and the framework bundles. The cache is
     * deleted here first (not with Felix's storage-clean option, which would delete the cache lock
     * file Felix has just opened).
     */
    public static OsgiContainer start(Path cacheDir, Product product) {
        deleteTree(cacheDir);
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, cacheDir.toAbsolutePath().toString());
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SystemExports.forProduct(product));
        config.put(Constants.FRAMEWORK_BOOTDELEGATION, SystemExports.BOOT_DELEGATION);
        config.put("felix.bootdelegation.implicit", "false");
        config.put(Constants.FRAMEWORK_BUNDLE_PARENT, Constants.FRAMEWORK_BUNDLE_PARENT_FRAMEWORK);
        config.put("felix.log.level", "2");
        config.put("felix.log.logger", new FelixLog());
        Felix felix = new Felix(config);
        OsgiContainer container = new OsgiContainer(felix);
        try {
            felix.start();
            container.registerSink();
            container.installFrameworkBundles();
            return container;
        } catch (BundleException | RuntimeException e) {
            container.close();
            throw new IllegalStateException("cannot start the OSGi container: " + e.getMessage(), e);
        }
    }

    private void registerSink() {
        Dictionary<String, Object> props = new Hashtable<>();
        // A compile-time constant: inlined, so the bridge class itself is never loaded by the host.
        props.put(ContextEventBridge.SINK_PROPERTY, "true");
        felix.getBundleContext().registerService(BiConsumer.class.getName(), events, props);
    }

    private void installFrameworkBundles() throws BundleException {
        BundleContext context = felix.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String name : frameworkBundleNames()) {
            try (InputStream in = resource(BUNDLES + name)) {
                bundles.add(context.installBundle("refhost:framework/" + name, in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read framework bundle " + name, e);
            }
        }
        bundles.add(context.installBundle("refhost:framework/" + BridgeBundle.SYMBOLIC_NAME,
                new ByteArrayInputStream(BridgeBundle.jar())));
        if (!felix.adapt(FrameworkWiring.class).resolveBundles(bundles)) {
            List<String> unresolved = bundles.stream().filter(b -> b.getState() == Bundle.INSTALLED)
                    .map(Bundle::getSymbolicName).toList();
            throw new IllegalStateException("framework bundles do not resolve: " + unresolved);
        }
        for (Bundle bundle : bundles) {
            bundle.start();
        }
        LOG.info("OSGi container started: Felix {} with {} framework bundles", felix.getVersion(), bundles.size());
    }

    private static List<String> frameworkBundleNames() {
        try (InputStream in = resource(BUNDLES + "bundles.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUNDLES + "bundles.txt", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = OsgiContainer.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the host jar lacks " + name + " (a packaging error)");
        }
        return in;
    }

    /** Registers a host component as an OSGi service under {@code type}, as a product registers its host components. */
    public <T> void registerHostService(Class<T> type, T implementation) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("service.description", "reference host: " + type.getSimpleName());
        hostServices.add(felix.getBundleContext().registerService(type.getName(), implementation, props));
    }

    /** Installs a plugin jar's bytes as a bundle (the framework copies them into its cache). */
    public Bundle install(String location, byte[] jar) throws BundleException {
        return felix.getBundleContext().installBundle(location, new ByteArrayInputStream(jar));
    }

    /** The outcome of a bundle's Spring context as reported by the extender. */
    public CompletableFuture<Object> contextOutcome(Bundle bundle) {
        return events.outcomeOf(bundle.getBundleId());
    }

    /** Forgets the context outcome of a bundle, before it starts again. */
    public void forgetContext(Bundle bundle) {
        events.forget(bundle.getBundleId());
    }

    /** Refreshes packages (after an uninstall), as the products do on upgrade and uninstall; waits for it. */
    public void refreshPackages() {
        CountDownLatch done = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        };
        felix.adapt(FrameworkWiring.class).refreshBundles(null, listener);
        try {
            if (!done.await(REFRESH_TIMEOUT_S, TimeUnit.SECONDS)) {
                LOG.warn("package refresh did not finish within {} s", REFRESH_TIMEOUT_S);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The installed bundles, the system bundle first. */
    public Bundle[] bundles() {
        return felix.getBundleContext().getBundles();
    }

    @Override
    public void close() {
        hostServices.forEach(r -> {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the framework
            }
        });
        hostServices.clear();
        try {
            felix.stop();
            felix.waitForStop(STOP_TIMEOUT_MS);
        } catch (BundleException e) {
            LOG.warn("stopping the OSGi container failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the OSGi cache " + dir, e);
        }
    }

    /** Felix's own messages into the host's log. */
    private static final class FelixLog extends org.apache.felix.framework.Logger {
        @Override
        @SuppressWarnings("rawtypes") // Felix's signature
        protected void doLog(Bundle bundle, org.osgi.framework.ServiceReference reference, int level, String message,
                Throwable throwable) {
            String where = bundle == null ? "" : " [" + bundle.getSymbolicName() + "]";
            switch (level) {
                case LOG_ERROR -> LOG.error("felix{}: {}", where, message, throwable);
                case LOG_WARNING -> LOG.warn("felix{}: {}", where, message, throwable);
                default -> LOG.debug("felix{}: {}", where, message, throwable);
            }
        }
    }
}
