package io.oidcsso.plugin.admin;

/** JSON pointers (RFC 6901): the escaping of one reference token. */
final class Pointers {
    private Pointers() {}

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
