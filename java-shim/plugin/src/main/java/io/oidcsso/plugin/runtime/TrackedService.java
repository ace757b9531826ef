package io.oidcsso.plugin.runtime;

import java.util.Objects;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A host service the plugin's Spring context cannot import (its interface exists on one product only, so an
 * {@code osgi:reference} in oidc-sso-context.xml would fail the context on the others), followed through an
 * OSGi {@link ServiceTracker} for the plugin's life: opened once, answered from the tracker's own view on each
 * call (no registry lookup per request), a service the product unregisters and registers again (a replaced
 * implementation, a restarted bundle) picked up at once, the highest-ranked one when there are several; closed
 * with the plugin ({@code OidcSso#close}, the Spring context's destroy method).
 *
 * <p>Outside OSGi (unit tests without a bundle) the service is always absent.
 */
public final class TrackedService<T> implements AutoCloseable {
    private final ServiceTracker<T, T> tracker;

    private TrackedService(ServiceTracker<T, T> tracker) {
        this.tracker = tracker;
    }

    /** Tracks {@code type} in the bundle of {@code pluginClass}. */
    public static <T> TrackedService<T> open(Class<?> pluginClass, Class<T> type) {
        Bundle bundle = FrameworkUtil.getBundle(pluginClass);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        return context == null ? new TrackedService<>(null) : open(context, type);
    }

    /** Tracks {@code type} in {@code context}'s registry. */
    public static <T> TrackedService<T> open(BundleContext context, Class<T> type) {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(Objects.requireNonNull(context, "context"),
                Objects.requireNonNull(type, "type"), null);
        tracker.open();
        return new TrackedService<>(tracker);
    }

    /** The service now: the highest-ranked registered one, empty when none is registered or after close. */
    public Optional<T> current() {
        return tracker == null ? Optional.empty() : Optional.ofNullable(tracker.getService());
    }

    /** Stops tracking and releases the service; idempotent. */
    @Override
    public void close() {
        if (tracker != null) {
            tracker.close();
        }
    }
}
