package io.oidcsso.plugin.engine;

import java.util.Objects;

/**
 * A rendered login page (fixture {@code Rendered.json}); {@code warning} says why the admin's template
 * was not used (the built-in page was), for the log.
 */
public record Rendered(String html, String warning) {
    public Rendered {
        Objects.requireNonNull(html, "html");
    }
}
