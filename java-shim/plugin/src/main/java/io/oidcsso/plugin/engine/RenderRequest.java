package io.oidcsso.plugin.engine;

import com.google.gson.annotations.SerializedName;
import java.util.Objects;

/**
 * {@code loginUi}'s {@code render} request (fixture {@code LoginUiRequest.render.json}): the page, the
 * product's context path and login page, the return path, the route decision (chooser) or the error code
 * and reference (error), what the user typed into the chooser's email field (shown again), and the site's
 * name for the headings.
 */
public record RenderRequest(Page page, String contextPath, String loginPath, String returnTo,
        RouteDecision decision, String code, String reference, String loginHint, String siteName) {
    public RenderRequest {
        Objects.requireNonNull(page, "page");
        contextPath = contextPath == null ? "" : contextPath;
        Objects.requireNonNull(loginPath, "loginPath");
    }

    public static RenderRequest chooser(String contextPath, String loginPath, String returnTo,
            RouteDecision decision, String loginHint, String siteName) {
        return new RenderRequest(Page.CHOOSER, contextPath, loginPath, returnTo, decision, null, null, loginHint,
                siteName);
    }

    public static RenderRequest error(String contextPath, String loginPath, String code, String reference,
            String siteName) {
        return new RenderRequest(Page.ERROR, contextPath, loginPath, null, null, code, reference, null, siteName);
    }

    public static RenderRequest logout(String contextPath, String loginPath, String siteName) {
        return new RenderRequest(Page.LOGOUT, contextPath, loginPath, null, null, null, null, null, siteName);
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
