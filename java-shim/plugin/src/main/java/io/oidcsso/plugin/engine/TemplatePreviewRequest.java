package io.oidcsso.plugin.engine;

import java.util.Objects;

/**
 * {@code templatePreview}'s request (fixture {@code TemplatePreviewRequest.json}): the document (secrets
 * merged in) and the page to render from it with the admin's sample values.
 */
public record TemplatePreviewRequest(OpaqueJson config, RenderRequest render) {
    public TemplatePreviewRequest {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(render, "render");
    }
}
