package io.oidcsso.refhost.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeLockTest {
    @TempDir
    Path home;

    @Test
    void lockWhenHeldByAnotherProcessThenExcludedUntilReleased() throws Exception {
        Path file = home.resolve("locks").resolve("shared");
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(), file.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            HomeLock lock = new HomeLock(file);
            assertFalse(lock.tryLock());
            assertFalse(lock.tryLock(200, TimeUnit.MILLISECONDS));
            other.getOutputStream().close();
            assertTrue(other.waitFor(10, TimeUnit.SECONDS));
            assertTrue(lock.tryLock(5, TimeUnit.SECONDS));
            lock.unlock();
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void lockWhenHeldByAnotherThreadThenExcluded() throws Exception {
        HomeLock mine = new HomeLock(home.resolve("l"));
        HomeLock theirs = new HomeLock(home.resolve("l"));
        mine.lock();
        try {
            assertFalse(CompletableFuture.supplyAsync(theirs::tryLock).get(5, TimeUnit.SECONDS));
        } finally {
            mine.unlock();
        }
        assertTrue(CompletableFuture.supplyAsync(() -> {
            boolean got = theirs.tryLock();
            if (got) {
                theirs.unlock();
            }
            return got;
        }).get(5, TimeUnit.SECONDS));
    }

    @Test
    void lockWhenTakenTwiceByOneThreadThenReentrant() {
        HomeLock lock = new HomeLock(home.resolve("r"));
        lock.lock();
        assertTrue(lock.tryLock());
        lock.unlock();
        assertTrue(lock.isHeldByCurrentThread());
        lock.unlock();
        assertFalse(lock.isHeldByCurrentThread());
    }

    @Test
    void unlockWhenNotHeldThenIllegalMonitorState() {
        assertThrows(IllegalMonitorStateException.class, () -> new HomeLock(home.resolve("n")).unlock());
    }

    @Test
    void newConditionWhenCalledThenUnsupported() {
        assertThrows(UnsupportedOperationException.class, () -> new HomeLock(home.resolve("c")).newCondition());
    }
}
