package com.atlassian.beehive;

/** Stub of beehive's ClusterLockService (beehive-api 5.0.1, [DECL]). */
public interface ClusterLockService {
    ClusterLock getLockForName(String lockName);
}
