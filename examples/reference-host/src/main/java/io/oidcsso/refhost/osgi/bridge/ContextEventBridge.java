package io.oidcsso.refhost.osgi.bridge;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.BiConsumer;
import org.eclipse.gemini.blueprint.context.event.OsgiBundleApplicationContextEvent;
import org.eclipse.gemini.blueprint.context.event.OsgiBundleApplicationContextListener;
import org.eclipse.gemini.blueprint.context.event.OsgiBundleContextFailedEvent;
import org.eclipse.gemini.blueprint.context.event.OsgiBundleContextRefreshedEvent;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * Runs INSIDE the framework, as the activator of the bridge bundle that {@code BridgeBundle} builds
 * at start (the reference host's counterpart of atlassian-plugins' SpringOsgiEventBridge): listens
 * to the Gemini Blueprint extender's context events and hands them to the host's sink, a
 * {@code BiConsumer<Long, Object>} service the host registered with property
 * {@value #SINK_PROPERTY}: the bundle id and either the refreshed application context or the
 * failure cause. Only {@code java.*} types cross, so the host needs no Spring or Gemini class.
 */
public final class ContextEventBridge implements BundleActivator, OsgiBundleApplicationContextListener<OsgiBundleApplicationContextEvent> {
    /** Service property marking the host's sink. */
    public static final String SINK_PROPERTY = "io.oidcsso.refhost.container-events";

    private volatile BundleContext context;
    private ServiceRegistration<?> registration;

    @Override
    public void start(BundleContext bundleContext) {
        this.context = bundleContext;
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("service.description", "reference host: plugin container events");
        registration = bundleContext.registerService(OsgiBundleApplicationContextListener.class.getName(), this, props);
    }

    @Override
    public void stop(BundleContext bundleContext) {
        if (registration != null) {
            registration.unregister();
        }
        context = null;
    }

    @Override
    public void onOsgiApplicationEvent(OsgiBundleApplicationContextEvent event) {
        Object payload;
        if (event instanceof OsgiBundleContextRefreshedEvent) {
            payload = event.getApplicationContext();
        } else if (event instanceof OsgiBundleContextFailedEvent failed) {
            payload = failed.getFailureCause() == null
                    ? new IllegalStateException("the plugin's Spring context failed without a cause")
                    : failed.getFailureCause();
        } else {
            return;
        }
        deliver(event.getBundle().getBundleId(), payload);
    }

    @SuppressWarnings("unchecked")
    private void deliver(long bundleId, Object payload) {
        BundleContext current = context;
        if (current == null) {
            return;
        }
        try {
            ServiceReference<?>[] sinks = current.getServiceReferences(BiConsumer.class.getName(), "(" + SINK_PROPERTY + "=true)");
            if (sinks == null) {
                return;
            }
            for (ServiceReference<?> reference : sinks) {
                Object sink = current.getService(reference);
                if (sink instanceof BiConsumer<?, ?> consumer) {
                    ((BiConsumer<Long, Object>) consumer).accept(bundleId, payload);
                }
                current.ungetService(reference);
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
