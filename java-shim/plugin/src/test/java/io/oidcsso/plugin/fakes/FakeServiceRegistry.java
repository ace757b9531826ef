package io.oidcsso.plugin.fakes;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * An OSGi service registry as one bundle sees it, enough for an {@code org.osgi.util.tracker.ServiceTracker}:
 * services registered and unregistered with the framework's events, references ranked as the framework ranks
 * them ({@code service.ranking}, then the lower {@code service.id}), listeners added and removed.
 */
public final class FakeServiceRegistry {
    private final Map<ServiceReference<?>, Object> services = new LinkedHashMap<>();
    private final List<ServiceListener> listeners = new ArrayList<>();
    private long nextId = 1;
    private int gets;
    private int ungets;

    public final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                case "createFilter" -> FrameworkUtil.createFilter((String) args[0]);
                case "addServiceListener" -> {
                    synchronized (this) {
                        listeners.add((ServiceListener) args[0]);
                    }
                    yield null;
                }
                case "removeServiceListener" -> {
                    synchronized (this) {
                        listeners.remove((ServiceListener) args[0]);
                    }
                    yield null;
                }
                case "getServiceReferences", "getAllServiceReferences" -> references((String) args[0]);
                case "getService" -> {
                    synchronized (this) {
                        gets++;
                        yield services.get((ServiceReference<?>) args[0]);
                    }
                }
                case "ungetService" -> {
                    synchronized (this) {
                        ungets++;
                        yield services.containsKey((ServiceReference<?>) args[0]);
                    }
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "FakeServiceRegistry.context";
                default -> throw new UnsupportedOperationException("BundleContext." + method.getName());
            });

    /** Registers {@code service} under {@code type} with {@code ranking}; the listeners hear it. */
    public <T> ServiceReference<T> register(Class<T> type, T service, int ranking) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.OBJECTCLASS, new String[] {type.getName()});
        properties.put(Constants.SERVICE_RANKING, ranking);
        ServiceReference<T> reference;
        synchronized (this) {
            properties.put(Constants.SERVICE_ID, nextId++);
            reference = reference(properties);
            services.put(reference, service);
        }
        fire(new ServiceEvent(ServiceEvent.REGISTERED, reference));
        return reference;
    }

    /** Unregisters it: the listeners hear it first, as the framework tells them while it still exists. */
    public void unregister(ServiceReference<?> reference) {
        fire(new ServiceEvent(ServiceEvent.UNREGISTERING, reference));
        synchronized (this) {
            services.remove(reference);
        }
    }

    public synchronized int listeners() {
        return listeners.size();
    }

    /** Services handed out and not given back. */
    public synchronized int held() {
        return gets - ungets;
    }

    private void fire(ServiceEvent event) {
        List<ServiceListener> now;
        synchronized (this) {
            now = List.copyOf(listeners);
        }
        now.forEach(listener -> listener.serviceChanged(event));
    }

    private synchronized ServiceReference<?>[] references(String type) {
        List<ServiceReference<?>> matching = new ArrayList<>();
        for (ServiceReference<?> reference : services.keySet()) {
            if (type == null || List.of((String[]) reference.getProperty(Constants.OBJECTCLASS)).contains(type)) {
                matching.add(reference);
            }
        }
        return matching.isEmpty() ? null : matching.toArray(new ServiceReference<?>[0]);
    }

    @SuppressWarnings("unchecked")
    private static <T> ServiceReference<T> reference(Dictionary<String, Object> properties) {
        return (ServiceReference<T>) Proxy.newProxyInstance(FakeServiceRegistry.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getPropertyKeys" -> java.util.Collections.list(properties.keys()).toArray(new String[0]);
                    case "getProperties" -> properties;
                    case "getBundle" -> null;
                    case "isAssignableTo" -> true;
                    case "compareTo" -> compare(properties, ((ServiceReference<?>) args[0]));
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "ServiceReference" + properties;
                    default -> throw new UnsupportedOperationException("ServiceReference." + method.getName());
                });
    }

    /** The framework's order: the higher ranking is greater; on a tie the lower id is greater. */
    private static int compare(Dictionary<String, Object> mine, ServiceReference<?> other) {
        int byRanking = Integer.compare((Integer) mine.get(Constants.SERVICE_RANKING),
                (Integer) other.getProperty(Constants.SERVICE_RANKING));
        if (byRanking != 0) {
            return byRanking;
        }
        return Long.compare((Long) other.getProperty(Constants.SERVICE_ID), (Long) mine.get(Constants.SERVICE_ID));
    }
}
