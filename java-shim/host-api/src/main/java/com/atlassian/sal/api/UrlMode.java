package com.atlassian.sal.api;

/** Stub of SAL's UrlMode (sal-api 5.1.4, [DECL]); constants in declaration order. */
public enum UrlMode {
    CANONICAL,
    ABSOLUTE,
    RELATIVE,
    RELATIVE_CANONICAL,
    AUTO
}
