package io.oidcsso.plugin.host;

/** A compare-and-set save lost: another writer stored a newer revision first. */
public final class StaleRevisionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long expected;
    private final long actual;

    public StaleRevisionException(long expected, long actual) {
        super("configuration changed meanwhile: expected revision " + expected + ", found " + actual
                + "; reload and apply your change again");
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
