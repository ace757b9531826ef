package io.oidcsso.plugin.runtime;

import io.oidcsso.plugin.engine.ConfigProblem;
import java.util.List;

/** The document to import is invalid; the message lists every problem as {@code /pointer: message}. */
public final class ConfigImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigImportException(String message, List<ConfigProblem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
