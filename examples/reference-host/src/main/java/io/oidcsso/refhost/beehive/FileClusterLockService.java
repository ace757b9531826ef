package io.oidcsso.refhost.beehive;

import com.atlassian.beehive.ClusterLock;
import com.atlassian.beehive.ClusterLockService;
import io.oidcsso.refhost.store.SafeNames;
import java.nio.file.Path;

/** Beehive's ClusterLockService: one lock file per name under {@code <home>/locks/}. */
public final class FileClusterLockService implements ClusterLockService {
    private final Path folder;

    public FileClusterLockService(Path home) {
        this.folder = home.resolve("locks");
    }

    @Override
    public ClusterLock getLockForName(String lockName) {
        if (lockName == null || lockName.isEmpty()) {
            throw new IllegalArgumentException("lock name must not be empty");
        }
        return new FileClusterLock(folder.resolve(SafeNames.of(lockName)));
    }
}
