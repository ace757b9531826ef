package com.atlassian.crowd.embedded.api;

import java.util.Set;

/** Stub of Crowd's embedded Attributes (embedded-crowd-api 5.1.6, [DECL]). Complete member list. */
public interface Attributes {
    Set<String> getValues(String key);

    String getValue(String key);

    Set<String> getKeys();

    boolean isEmpty();
}
