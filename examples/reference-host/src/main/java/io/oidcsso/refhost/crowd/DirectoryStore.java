package io.oidcsso.refhost.crowd;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.oidcsso.refhost.store.AtomicFiles;
import io.oidcsso.refhost.store.HomeLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Loads and saves {@link DirectoryData}. Reads take the file as it is (writes are atomic
 * renames); every change is a read-modify-write under a {@link HomeLock}, so two host
 * processes over one home never lose each other's updates.
 *
 * <p>Reads answer from the last parse while the file is the same one (its file key, modification
 * time and size), as the products answer user lookups from their user caches rather than from their
 * database on each request: parsing the file on every lookup made each request of this stand-in pay
 * for it several times, more than anything the plugin under test does. A change by this process
 * drops the parse at once; a change by another process over the same home (a cluster test) is a new
 * file by atomic rename, so its next read sees other attributes and parses again. The parse handed
 * out is shared: callers only read it, and {@link #update} always changes a fresh parse of its own.
 */
final class DirectoryStore {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path file;
    private final HomeLock lock;
    private volatile Parsed last;

    DirectoryStore(Path home) {
        this.file = home.resolve("crowd").resolve("directory.json");
        this.lock = new HomeLock(home.resolve("host-locks").resolve("crowd-directory"));
    }

    /** The directory as the file holds it now; shared, never to be changed by the caller. */
    DirectoryData read() {
        Stamp stamp = Stamp.of(file);
        if (stamp == null) {
            return new DirectoryData();
        }
        Parsed seen = last;
        if (seen != null && stamp.sameFileAs(seen.stamp)) {
            return seen.data;
        }
        // Attributes first, then the text: the text is at least as new as the stamp it is kept under,
        // so a file replaced in between only costs one more parse on the next read.
        DirectoryData data = parse();
        last = new Parsed(stamp, data);
        return data;
    }

    private DirectoryData parse() {
        return AtomicFiles.read(file).map(text -> GSON.fromJson(text, DirectoryData.class)).orElseGet(DirectoryData::new);
    }

    /** Applies {@code change} to the current data and saves the result, all under the directory lock. */
    <R, E extends Exception> R update(Change<R, E> change) throws E {
        lock.lock();
        try {
            DirectoryData data = parse();
            R result = change.apply(data);
            // A change that throws leaves the file untouched.
            AtomicFiles.write(file, GSON.toJson(data));
            last = null;
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

    /** Which file the path names now: another atomic write is another file key, time or size. */
    private record Stamp(Object fileKey, FileTime modified, long size) {
        /** The file's stamp, or null when there is no file. */
        static Stamp of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        /** Whether it names the same file as {@code other}; never without a file key (every read parses then). */
        boolean sameFileAs(Stamp other) {
            return fileKey != null && equals(other);
        }
    }

    private record Parsed(Stamp stamp, DirectoryData data) {}
}
