package com.atlassian.annotations.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stub of atlassian-annotations' UnrestrictedAccess ([USAGE]: class-level on servlets and filters).
 * RUNTIME retention is UNVERIFIED for this package (see docs/host-api.md); TYPE is proven by use.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UnrestrictedAccess {}
