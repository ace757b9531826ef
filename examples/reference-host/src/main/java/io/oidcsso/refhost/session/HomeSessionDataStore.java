package io.oidcsso.refhost.session;

import io.oidcsso.refhost.store.AtomicFiles;
import io.oidcsso.refhost.store.HomeLock;
import io.oidcsso.refhost.store.SafeNames;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.jetty.session.AbstractSessionDataStore;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.util.ClassLoadingObjectInputStream;

/**
 * HTTP sessions serialised to {@code <home>/sessions/}, one file per session replaced
 * atomically, so every node over the home sees the same sessions (the {@code --sessions shared}
 * mode, for a load balancer without stickiness). Attributes must be Serializable; their classes
 * are resolved in the host and then in the plugin class loader.
 */
public final class HomeSessionDataStore extends AbstractSessionDataStore {
    private static final String SUFFIX = ".session";
    /** Sessions whose only change is the access time are written at most this often. */
    private static final int SAVE_PERIOD_SECONDS = 60;

    private final Path folder;
    private final HomeLock writes;
    private final List<ClassLoader> loaders = new CopyOnWriteArrayList<>();

    public HomeSessionDataStore(Path home, ClassLoader host) {
        this.folder = home.resolve("sessions");
        this.writes = new HomeLock(home.resolve("host-locks").resolve("sessions"));
        this.loaders.add(host);
        setSavePeriodSec(SAVE_PERIOD_SECONDS);
    }

    /** Lets attributes of the plugin's own classes deserialise. */
    public void addAttributeClassLoader(ClassLoader loader) {
        loaders.add(loader);
    }

    @Override
    public boolean isPassivating() {
        return true;
    }

    @Override
    public boolean doExists(String id) throws IOException, ClassNotFoundException {
        SessionData data = doLoad(id);
        return data != null && !expired(data, System.currentTimeMillis());
    }

    @Override
    public void doStore(String id, SessionData data, long lastSaveTime) throws IOException {
        byte[] encoded = SessionCodec.encode(data);
        writes.lock();
        try {
            // A session saved before whose file is gone was invalidated (or renamed) on another
            // node: a late write from this node must not bring it back.
            if (lastSaveTime > 0 && !Files.exists(file(id))) {
                return;
            }
            AtomicFiles.write(file(id), encoded);
        } finally {
            writes.unlock();
        }
    }

    @Override
    public SessionData doLoad(String id) throws IOException, ClassNotFoundException {
        Optional<byte[]> bytes = AtomicFiles.readBytes(file(id));
        return bytes.isEmpty() ? null : SessionCodec.decode(bytes.get(), this::resolve);
    }

    @Override
    public boolean delete(String id) {
        writes.lock();
        try {
            return AtomicFiles.delete(file(id));
        } finally {
            writes.unlock();
        }
    }

    @Override
    public Set<String> doCheckExpired(Set<String> candidates, long time) {
        Set<String> expired = new HashSet<>();
        for (String id : candidates) {
            SessionData data = loadQuietly(id);
            if (data == null || expired(data, time)) {
                expired.add(id);
            }
        }
        return expired;
    }

    @Override
    public Set<String> doGetExpired(long time) {
        Set<String> expired = new HashSet<>();
        for (String id : storedIds()) {
            SessionData data = loadQuietly(id);
            if (data != null && expired(data, time)) {
                expired.add(id);
            }
        }
        return expired;
    }

    @Override
    public void doCleanOrphans(long time) {
        for (String id : storedIds()) {
            SessionData data = loadQuietly(id);
            if (data == null || expired(data, time)) {
                delete(id);
            }
        }
    }

    private static boolean expired(SessionData data, long time) {
        return data.getExpiry() > 0 && data.getExpiry() <= time;
    }

    private SessionData loadQuietly(String id) {
        try {
            return doLoad(id);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return null;
        }
    }

    private Set<String> storedIds() {
        Set<String> ids = new HashSet<>();
        if (!Files.isDirectory(folder)) {
            return ids;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SUFFIX) && !n.startsWith("."))
                    .forEach(n -> ids.add(n.substring(0, n.length() - SUFFIX.length())));
        } catch (IOException e) {
            return ids;
        }
        return ids;
    }

    private Path file(String id) {
        return folder.resolve(SafeNames.of(id) + SUFFIX);
    }

    private Class<?> resolve(String name) throws ClassNotFoundException {
        for (ClassLoader loader : loaders) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                // try the next loader
            }
        }
        throw new ClassNotFoundException(name + " (a session attribute class neither the host nor the plugin provides)");
    }

    /** The binary form of one session. */
    private static final class SessionCodec {
        private SessionCodec() {}

        static byte[] encode(SessionData data) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeUTF(data.getId());
                out.writeUTF(data.getContextPath());
                out.writeUTF(data.getVhost());
                out.writeUTF(data.getLastNode() == null ? "" : data.getLastNode());
                for (long value : new long[] {data.getCreated(), data.getAccessed(), data.getLastAccessed(),
                        data.getCookieSet(), data.getExpiry(), data.getMaxInactiveMs(), data.getLastSaved()}) {
                    out.writeLong(value);
                }
                SessionData.serializeAttributes(data, out);
            }
            return bytes.toByteArray();
        }

        static SessionData decode(byte[] bytes, ClassResolver resolver) throws IOException, ClassNotFoundException {
            try (ObjectInputStream in = new ResolvingInputStream(new ByteArrayInputStream(bytes), resolver)) {
                String id = in.readUTF();
                String contextPath = in.readUTF();
                String vhost = in.readUTF();
                String lastNode = in.readUTF();
                long created = in.readLong();
                long accessed = in.readLong();
                long lastAccessed = in.readLong();
                long cookieSet = in.readLong();
                long expiry = in.readLong();
                long maxInactiveMs = in.readLong();
                long lastSaved = in.readLong();
                SessionData data = new SessionData(id, contextPath, vhost, created, accessed, lastAccessed, maxInactiveMs);
                data.setLastNode(lastNode.isEmpty() ? null : lastNode);
                data.setCookieSet(cookieSet);
                data.setExpiry(expiry);
                data.setLastSaved(lastSaved);
                SessionData.deserializeAttributes(data, in);
                return data;
            }
        }
    }

    @FunctionalInterface
    private interface ClassResolver {
        Class<?> resolve(String name) throws ClassNotFoundException;
    }

    private static final class ResolvingInputStream extends ClassLoadingObjectInputStream {
        private final ClassResolver resolver;

        ResolvingInputStream(InputStream in, ClassResolver resolver) throws IOException {
            super(in);
            this.resolver = resolver;
        }

        @Override
        public Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return resolver.resolve(desc.getName());
            } catch (ClassNotFoundException e) {
                // primitives and arrays are not found by name through a loader
                return super.resolveClass(desc);
            }
        }
    }
}
