package io.oidcsso.plugin.engine;

import java.util.Objects;

/**
 * One problem of a configuration document (fixture {@code ConfigProblems.json}): a JSON pointer (RFC
 * 6901) and what to fix. The pointer {@code ""} is the document as a whole (empty, not JSON, not an
 * object, ...); any other starts with {@code /}.
 */
public record ConfigProblem(String pointer, String message) {
    /** How {@link #toString()} names the whole document (pointer {@code ""}). */
    static final String DOCUMENT = "(the document)";

    public ConfigProblem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new IllegalArgumentException("not a JSON pointer: " + pointer);
        }
        if (message.isEmpty()) {
            throw new IllegalArgumentException("a configuration problem without a message at " + pointer);
        }
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? DOCUMENT : pointer) + ": " + message;
    }
}
