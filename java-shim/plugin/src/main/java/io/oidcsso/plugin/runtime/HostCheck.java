package io.oidcsso.plugin.runtime;

import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * The startup self-check: the first bean of the plugin's Spring context (every host service reference
 * and so {@code OidcSso} depend on it). It checks {@link HostRequirements} against this product; when
 * something is missing it logs "unsupported product version: missing X" and fails the context, so the
 * products report the plugin as failed to enable with that reason, none of its filters or servlets
 * exists, and the product's own login goes on as without the plugin. The service references are
 * optional (oidc-sso-context.xml) so that a missing service reaches this check instead of keeping
 * the context waiting for it.
 */
public final class HostCheck {
    private static final Logger LOG = Logger.getLogger(HostCheck.class.getName());

    /** Created by the Spring context: checks the product the plugin's bundle runs in. */
    public HostCheck() {
        this(HostCheck.class.getClassLoader(), registeredServices(HostCheck.class));
    }

    HostCheck(ClassLoader loader, Predicate<String> serviceRegistered) {
        List<String> missing = HostRequirements.missing(loader, serviceRegistered);
        if (!missing.isEmpty()) {
            UnsupportedProductException failure = new UnsupportedProductException(
                    "unsupported product version: missing " + HostRequirements.describe(missing));
            LOG.severe("oidc-sso: single sign-on is OFF: " + failure.getMessage()
                    + "; the plugin does not enable and the product's own login is used");
            throw failure;
        }
    }

    /** Whether each service interface has a registered service; outside OSGi (unit tests) all count as present. */
    static Predicate<String> registeredServices(Class<?> pluginClass) {
        Bundle bundle = FrameworkUtil.getBundle(pluginClass);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        if (context == null) {
            return service -> true;
        }
        return service -> context.getServiceReference(service) != null;
    }

    /** This product lacks a class, method or service the plugin needs. */
    public static final class UnsupportedProductException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedProductException(String message) {
            super(message);
        }
    }
}
