package io.oidcsso.plugin.engine;

import java.util.Objects;

/**
 * One problem of a configuration document: a JSON pointer and what to fix. The pointer
 * {@code ""} is the document as a whole (empty, not JSON, not an object, ...).
 */
public record ConfigProblem(String pointer, String message) {
    /** How {@link #toString()} names the whole document (pointer {@code ""}). */
    static final String DOCUMENT = "(the document)";

    public ConfigProblem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? DOCUMENT : pointer) + ": " + message;
    }
}
