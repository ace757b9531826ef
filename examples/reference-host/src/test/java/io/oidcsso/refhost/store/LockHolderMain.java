package io.oidcsso.refhost.store;

import java.nio.file.Path;

/** Run in a second JVM by {@link HomeLockTest}: takes the lock, says so, holds it until stdin closes. */
public final class LockHolderMain {
    private LockHolderMain() {}

    public static void main(String[] args) throws Exception {
        HomeLock lock = new HomeLock(Path.of(args[0]));
        lock.lock();
        System.out.println("locked");
        System.out.flush();
        while (System.in.read() != -1) {
            // hold until the parent closes our stdin
        }
        lock.unlock();
    }
}
