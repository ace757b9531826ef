package io.oidcsso.refhost.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A reentrant lock that excludes other threads of this JVM (an in-process {@link ReentrantLock})
 * and other processes sharing the home directory (a {@link FileChannel#lock} on a lock file).
 * The file lock is taken when the first hold is acquired and released with the last one.
 * Lock files are never deleted: deleting one while another process waits on it would let two
 * holders in.
 */
public class HomeLock implements Lock {
    /** One entry per lock file in this JVM, shared by every HomeLock on that file. */
    private static final Map<Path, Holder> HOLDERS = new ConcurrentHashMap<>();
    private static final long MAX_POLL_MILLIS = 10;

    private final Path file;
    private final Holder holder;

    public HomeLock(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.holder = HOLDERS.computeIfAbsent(this.file, f -> new Holder());
    }

    @Override
    public void lock() {
        holder.threads.lock();
        if (holder.threads.getHoldCount() == 1) {
            boolean interrupted = false;
            try {
                while (!tryFileLock()) {
                    try {
                        pause(MAX_POLL_MILLIS);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } catch (RuntimeException e) {
                holder.threads.unlock();
                throw e;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        holder.threads.lockInterruptibly();
        acquireFileLockUntil(Long.MAX_VALUE);
    }

    @Override
    public boolean tryLock() {
        if (!holder.threads.tryLock()) {
            return false;
        }
        if (holder.threads.getHoldCount() > 1) {
            return true;
        }
        try {
            if (tryFileLock()) {
                return true;
            }
        } catch (RuntimeException e) {
            holder.threads.unlock();
            throw e;
        }
        holder.threads.unlock();
        return false;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(time);
        if (!holder.threads.tryLock(time, unit)) {
            return false;
        }
        return acquireFileLockUntil(deadline);
    }

    @Override
    public void unlock() {
        if (!holder.threads.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("lock " + file.getFileName() + " is not held by this thread");
        }
        try {
            if (holder.threads.getHoldCount() == 1) {
                releaseFileLock();
            }
        } finally {
            holder.threads.unlock();
        }
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("conditions are not supported on a cluster lock");
    }

    public boolean isHeldByCurrentThread() {
        return holder.threads.isHeldByCurrentThread();
    }

    /** Called with the in-process lock held; releases it again if the file lock is not won. */
    private boolean acquireFileLockUntil(long deadlineNanos) throws InterruptedException {
        if (holder.threads.getHoldCount() > 1) {
            return true;
        }
        try {
            while (!tryFileLock()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    holder.threads.unlock();
                    return false;
                }
                pause(Math.min(MAX_POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
            }
            return true;
        } catch (InterruptedException | RuntimeException e) {
            holder.threads.unlock();
            throw e;
        }
    }

    private boolean tryFileLock() {
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return false;
            }
            holder.channel = channel;
            holder.fileLock = lock;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    private void releaseFileLock() {
        try {
            if (holder.fileLock != null) {
                holder.fileLock.release();
            }
            if (holder.channel != null) {
                holder.channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release lock " + file, e);
        } finally {
            holder.fileLock = null;
            holder.channel = null;
        }
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static final class Holder {
        final ReentrantLock threads = new ReentrantLock();
        // Only touched by the thread holding `threads`.
        FileChannel channel;
        FileLock fileLock;
    }
}
