package io.oidcsso.plugin.web;

import java.security.SecureRandom;

/** Short random ids shown on error pages and written to the log, so support can match the two. */
final class ReferenceIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private ReferenceIds() {}

    static String next() {
        char[] id = new char[10];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
