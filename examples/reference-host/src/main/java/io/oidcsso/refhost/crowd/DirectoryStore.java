package io.oidcsso.refhost.crowd;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.oidcsso.refhost.store.AtomicFiles;
import io.oidcsso.refhost.store.HomeLock;
import java.nio.file.Path;

/**
 * Loads and saves {@link DirectoryData}. Reads take the file as it is (writes are atomic
 * renames); every change is a read-modify-write under a {@link HomeLock}, so two host
 * processes over one home never lose each other's updates.
 */
final class DirectoryStore {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path file;
    private final HomeLock lock;

    DirectoryStore(Path home) {
        this.file = home.resolve("crowd").resolve("directory.json");
        this.lock = new HomeLock(home.resolve("host-locks").resolve("crowd-directory"));
    }

    DirectoryData read() {
        return AtomicFiles.read(file).map(text -> GSON.fromJson(text, DirectoryData.class)).orElseGet(DirectoryData::new);
    }

    /** Applies {@code change} to the current data and saves the result, all under the directory lock. */
    <R, E extends Exception> R update(Change<R, E> change) throws E {
        lock.lock();
        try {
            DirectoryData data = read();
            R result = change.apply(data);
            // A change that throws leaves the file untouched.
            AtomicFiles.write(file, GSON.toJson(data));
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** A change to the directory; it may refuse with one checked exception type. */
    @FunctionalInterface
    interface Change<R, E extends Exception> {
        R apply(DirectoryData data) throws E;
    }
}
