package io.oidcsso.refhost.beehive;

import com.atlassian.beehive.ClusterLock;
import io.oidcsso.refhost.store.HomeLock;
import java.nio.file.Path;

/** A beehive ClusterLock over a lock file in the shared home: exclusive across threads and nodes. */
final class FileClusterLock extends HomeLock implements ClusterLock {
    FileClusterLock(Path file) {
        super(file);
    }
}
