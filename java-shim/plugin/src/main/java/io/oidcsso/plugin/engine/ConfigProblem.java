package io.oidcsso.plugin.engine;

import java.util.Objects;

/** One problem of a configuration document: a JSON pointer and what to fix. */
public record ConfigProblem(String pointer, String message) {
    public ConfigProblem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return pointer + ": " + message;
    }
}
