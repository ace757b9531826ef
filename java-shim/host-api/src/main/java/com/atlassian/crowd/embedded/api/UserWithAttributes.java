package com.atlassian.crowd.embedded.api;

/** Stub of Crowd's embedded UserWithAttributes (embedded-crowd-api 5.1.6, [DECL]). */
public interface UserWithAttributes extends User, Attributes {}
