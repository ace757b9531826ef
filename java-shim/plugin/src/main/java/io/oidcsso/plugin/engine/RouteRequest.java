package io.oidcsso.plugin.engine;

import com.google.gson.annotations.SerializedName;
import java.util.Map;

/**
 * {@code loginUi}'s {@code route} question (fixture {@code LoginUiRequest.route.json}): which page, the
 * path the user wants, an explicit {@code ?idp=}, what was typed into the chooser, whether the chooser was
 * asked for, a third-party-initiated login's {@code iss}, and (after {@code needsUser}) the user the hint
 * names.
 */
public record RouteRequest(Page page, String path, String idp, String loginHint, boolean chooser, String issuer,
        User user) {
    public RouteRequest {
        page = page == null ? Page.LOGIN : page;
    }

    /** The same question with the user the core asked about. */
    public RouteRequest withUser(User known) {
        return new RouteRequest(page, path, idp, loginHint, chooser, issuer, known);
    }

    public enum Page {
        /** The product's login page (or the chooser's own form). */
        @SerializedName("login")
        LOGIN,
        /** Any other anonymous page view: only {@code forceLogin} can start a login there. */
        @SerializedName("other")
        OTHER
    }

    /**
     * The existing user named by the login hint: membership of the groups {@code needsUser} listed, and the
     * user's directory (null when there is no such user).
     */
    public record User(Map<String, Boolean> memberOf, String directory) {
        public User {
            memberOf = memberOf == null ? Map.of() : Map.copyOf(memberOf);
        }
    }
}
