package io.oidcsso.plugin.engine;

import com.google.gson.annotations.SerializedName;
import java.util.Objects;

/**
 * {@code loginUi}'s {@code render} request (fixture {@code LoginUiRequest.render.json}): the page, the
 * product's context path and login page, the return path, and the route decision (chooser) or the error
 * code and reference (error).
 */
public record RenderRequest(Page page, String contextPath, String loginPath, String returnTo,
        RouteDecision decision, String code, String reference) {
    public RenderRequest {
        Objects.requireNonNull(page, "page");
        contextPath = contextPath == null ? "" : contextPath;
        Objects.requireNonNull(loginPath, "loginPath");
    }

    public static RenderRequest chooser(String contextPath, String loginPath, String returnTo,
            RouteDecision decision) {
        return new RenderRequest(Page.CHOOSER, contextPath, loginPath, returnTo, decision, null, null);
    }

    public static RenderRequest error(String contextPath, String loginPath, String code, String reference) {
        return new RenderRequest(Page.ERROR, contextPath, loginPath, null, null, code, reference);
    }

    public static RenderRequest logout(String contextPath, String loginPath) {
        return new RenderRequest(Page.LOGOUT, contextPath, loginPath, null, null, null, null);
    }

    public enum Page {
        @SerializedName("chooser")
        CHOOSER,
        @SerializedName("error")
        ERROR,
        @SerializedName("logout")
        LOGOUT
    }
}
