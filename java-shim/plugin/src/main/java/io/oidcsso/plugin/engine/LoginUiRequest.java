package io.oidcsso.plugin.engine;

import java.util.Objects;

/**
 * The one native call of the login experience: a {@code route} question or a {@code render} request.
 * {@link EngineCodec} writes the {@code op} tag and the request's fields side by side.
 */
public sealed interface LoginUiRequest {
    record Route(RouteRequest request) implements LoginUiRequest {
        public Route {
            Objects.requireNonNull(request, "request");
        }
    }

    record Render(RenderRequest request) implements LoginUiRequest {
        public Render {
            Objects.requireNonNull(request, "request");
        }
    }
}
