package io.oidcsso.plugin.engine;

import java.util.List;

/**
 * {@code templatePreview}'s answer (fixture {@code TemplatePreview.json}): the document's problems (a
 * template that does not compile or exceeds its bounds), or the page ({@code html}) and, when the admin's
 * template failed while rendering, why ({@code templateProblem}: users would see the built-in page);
 * {@code custom}: the admin's own template is configured for this page.
 */
public record TemplatePreview(List<ConfigProblem> problems, String html, String templateProblem, boolean custom) {
    public TemplatePreview {
        problems = List.copyOf(problems);
    }
}
