package io.oidcsso.refhost.beehive;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.beehive.ClusterLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileClusterLockServiceTest {
    @TempDir
    Path home;

    @Test
    void lockWhenTakenThenLockFileUnderHomeLocks() {
        ClusterLock lock = new FileClusterLockService(home).getLockForName("io.oidcsso.config");
        lock.lock();
        try {
            assertTrue(Files.exists(home.resolve("locks").resolve("io.oidcsso.config")));
            assertTrue(lock.isHeldByCurrentThread());
        } finally {
            lock.unlock();
        }
    }

    @Test
    void lockWhenHeldThroughOneServiceThenAnotherServiceOverTheSameHomeWaits() throws Exception {
        ClusterLock first = new FileClusterLockService(home).getLockForName("state");
        ClusterLock second = new FileClusterLockService(home).getLockForName("state");
        first.lock();
        try {
            assertFalse(CompletableFuture.supplyAsync(() -> tryBriefly(second)).get(5, TimeUnit.SECONDS));
        } finally {
            first.unlock();
        }
        assertTrue(CompletableFuture.supplyAsync(() -> tryBriefly(second)).get(5, TimeUnit.SECONDS));
    }

    @Test
    void lockWhenNameEmptyThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new FileClusterLockService(home).getLockForName(""));
    }

    private static boolean tryBriefly(ClusterLock lock) {
        try {
            if (lock.tryLock(100, TimeUnit.MILLISECONDS)) {
                lock.unlock();
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
