package io.oidcsso.plugin.host;

/** Profile attributes from the IdP; a null field means "leave as is" on update. */
public record Profile(String displayName, String email) {}
