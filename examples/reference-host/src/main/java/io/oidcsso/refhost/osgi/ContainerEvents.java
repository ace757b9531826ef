package io.oidcsso.refhost.osgi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;

/**
 * The host's end of the container event bridge: for each bundle id, the outcome of its Spring
 * context (the application context object, or the failure cause), as a future the plugin manager
 * waits on. Registered as a {@code BiConsumer} service; see {@code bridge.ContextEventBridge}.
 */
final class ContainerEvents implements BiConsumer<Long, Object> {
    private final ConcurrentMap<Long, CompletableFuture<Object>> outcomes = new ConcurrentHashMap<>();

    @Override
    public void accept(Long bundleId, Object payload) {
        CompletableFuture<Object> outcome = outcomeOf(bundleId);
        if (payload instanceof Throwable cause) {
            if (!outcome.completeExceptionally(cause)) {
                // A context that failed after it was handed out (e.g. refresh): the next wait sees it.
                outcomes.put(bundleId, CompletableFuture.failedFuture(cause));
            }
        } else if (!outcome.complete(payload)) {
            outcomes.put(bundleId, CompletableFuture.completedFuture(payload));
        }
    }

    /** The outcome of the context of {@code bundleId}: pending until the extender reports. */
    CompletableFuture<Object> outcomeOf(long bundleId) {
        return outcomes.computeIfAbsent(bundleId, id -> new CompletableFuture<>());
    }

    /** Forgets a bundle's context (before it is started again, or once uninstalled). */
    void forget(long bundleId) {
        outcomes.remove(bundleId);
    }
}
