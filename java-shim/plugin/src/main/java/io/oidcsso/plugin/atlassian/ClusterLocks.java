package io.oidcsso.plugin.atlassian;

import com.atlassian.beehive.ClusterLock;
import com.atlassian.beehive.ClusterLockService;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs an action while holding a named beehive cluster lock (held by one thread in the whole cluster). */
final class ClusterLocks {
    private static final long WAIT_SECONDS = 10;

    private final ClusterLockService lockService;

    ClusterLocks(ClusterLockService lockService) {
        this.lockService = Objects.requireNonNull(lockService, "lockService");
    }

    <T> T withLock(String lockName, Supplier<T> action) {
        ClusterLock lock = lockService.getLockForName(lockName);
        if (lock == null) {
            throw new IllegalStateException("the cluster lock service returned no lock for " + lockName);
        }
        boolean acquired;
        try {
            acquired = lock.tryLock(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cluster lock " + lockName, e);
        }
        if (!acquired) {
            throw new IllegalStateException(
                    "cluster lock " + lockName + " still busy after " + WAIT_SECONDS + "s; another node holds it");
        }
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
