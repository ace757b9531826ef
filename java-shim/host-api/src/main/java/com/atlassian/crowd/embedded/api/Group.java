package com.atlassian.crowd.embedded.api;

/** Stub of Crowd's embedded Group (embedded-crowd-api 5.1.6, [DECL]). */
public interface Group extends Comparable<Group> {
    String getName();
}
