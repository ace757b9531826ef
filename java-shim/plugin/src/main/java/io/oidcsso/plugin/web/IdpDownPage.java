package io.oidcsso.plugin.web;

import io.oidcsso.plugin.emergency.EmergencySettings;
import io.oidcsso.plugin.emergency.EmergencySettingsSource;
import io.oidcsso.plugin.emergency.Network;
import io.oidcsso.plugin.engine.EngineInfo;
import io.oidcsso.plugin.engine.ErrorCodes;
import io.oidcsso.plugin.engine.LoginEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code emergency.localLoginWhenIdpDown} (docs/admin-guide.md "When the IdP is down"): the 503
 * page of a login that failed because its IdP is not answering carries a banner and the local
 * login form, so an administrator need not know the emergency parameter. The form posts
 * {@code os_username}/{@code os_password} to the product's login page, where {@link LocalLoginGuard}
 * checks it exactly as any other local login (groups, networks, rate limits, audit): the page opens
 * no way in that the login page does not already have. Its hidden {@link #IDP_FIELD} names the IdP;
 * the guard audits {@code via="idp_down"} only when that IdP is down at the time of the POST
 * ({@link #isDown}), since a client can send the field anyway.
 *
 * <p>This page is the plugin's own, not the admin's {@code error} template: the form's action and
 * field names are what the gate reads, and a template must not be able to drop or change them.
 */
final class IdpDownPage {
    /** The hidden field of the form: the id of the IdP that is down. */
    static final String IDP_FIELD = "oidcsso_idp_down";
    /** The failures that mean the IdP is not answering (an outage, not a refusal). */
    static final Set<String> CODES = Set.of(ErrorCodes.IDP_UNAVAILABLE, ErrorCodes.IDP_CIRCUIT_OPEN,
            ErrorCodes.IDP_BUSY, ErrorCodes.LOGIN_DEADLINE_EXCEEDED);
    /** How long after an IdP's last failure it still counts as down for the audit (a form filled in slowly). */
    static final long RECENT_FAILURE_SECONDS = 600;

    private final EmergencySettingsSource settings;
    private final String loginPath;
    private final Supplier<String> siteName;

    IdpDownPage(EmergencySettingsSource settings, String loginPath, Supplier<String> siteName) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.loginPath = Objects.requireNonNull(loginPath, "loginPath");
        this.siteName = Objects.requireNonNull(siteName, "siteName");
    }

    /**
     * Writes the page when {@code code} says {@code idpId} is not answering and the local login
     * could let someone in from this address; false (nothing written) otherwise, and the caller shows
     * the ordinary failure page.
     */
    boolean render(HttpServletRequest request, HttpServletResponse response, String code, String reference,
            LoginEngine engine, String idpId, String returnTo) throws IOException {
        if (idpId == null || !CODES.contains(code)) {
            return false;
        }
        EmergencySettings current = settings.current();
        if (!current.localLoginWhenIdpDown() || (current.gated() && !mayTryFrom(current, request.getRemoteAddr()))) {
            return false;
        }
        String idpName = displayName(engine, idpId).orElse(idpId);
        String banner = idpName + " is not answering; " + (current.gated()
                ? "administrators can sign in with their local password."
                : "you can sign in with your local password.");
        String title = FailurePage.title(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        String site = site();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // form-action: the form may post to this site only.
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + e(title)
                + "</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\">"
                + (site == null ? "" : "<p id=\"oidcsso-site\">" + e(site) + "</p>")
                + "<h1>" + e(title) + "</h1>"
                + "<p id=\"oidcsso-idp-down\" role=\"alert\" data-idp=\"" + e(idpId) + "\" style=\"padding:.8em;"
                + "border:1px solid #c60;background:#fff4e5\">" + e(banner) + "</p>"
                + "<form id=\"oidcsso-local-form\" method=\"post\" action=\"" + e(context + loginPath) + "\">"
                + "<input type=\"hidden\" name=\"" + IDP_FIELD + "\" value=\"" + e(idpId) + "\">"
                + (returnTo == null ? "" : "<input type=\"hidden\" name=\"os_destination\" value=\"" + e(returnTo)
                        + "\">")
                + "<p><label>Username<br><input id=\"os_username\" name=\"os_username\" autocomplete=\"username\""
                + " required></label></p><p><label>Password<br><input id=\"os_password\" name=\"os_password\""
                + " type=\"password\" autocomplete=\"current-password\" required></label></p>"
                + "<p><button id=\"oidcsso-local-submit\" type=\"submit\">Log in</button></p></form>"
                + "<p>Error code: <code>" + e(code) + "</code><br>Reference: <code>" + e(reference) + "</code></p>"
                + "<p><a id=\"oidcsso-retry\" href=\"" + e(context + loginPath) + "\">Try single sign-on again</a>"
                + " &middot; <a id=\"oidcsso-local\" href=\"" + e(context + loginPath + "?" + current.parameter()
                        + "=true") + "\">The product's own login page</a></p>"
                + "</body></html>");
        out.flush();
        return true;
    }

    /**
     * Whether IdP {@code idpId} is down now: its circuit is open, or its last call failed (a failure in
     * a row, or one within {@link #RECENT_FAILURE_SECONDS}).
     */
    static boolean isDown(EngineInfo info, String idpId, Clock clock) {
        for (EngineInfo.Idp idp : info.idps()) {
            if (idp.id().equals(idpId)) {
                EngineInfo.Availability a = idp.availability();
                Long failedAt = a.lastFailureAt();
                return a.state() == EngineInfo.CircuitState.OPEN || a.consecutiveFailures() > 0
                        || (failedAt != null && clock.instant().getEpochSecond() - failedAt <= RECENT_FAILURE_SECONDS);
            }
        }
        return false;
    }

    /** The gate's early checks without the audit: no form where every login would be refused anyway. */
    private static boolean mayTryFrom(EmergencySettings settings, String client) {
        if (settings.nobodyAllowed()) {
            return false;
        }
        Optional<byte[]> address = Network.literal(client);
        return settings.allowedNetworks() == null || (address.isPresent() && settings.allowsAddress(address.get()));
    }

    private static Optional<String> displayName(LoginEngine engine, String idpId) {
        if (engine == null) {
            return Optional.empty();
        }
        try {
            return engine.info().idps().stream().filter(i -> i.id().equals(idpId)).map(EngineInfo.Idp::displayName)
                    .filter(n -> n != null && !n.isBlank()).findFirst();
        } catch (RuntimeException e) {
            // The engine's description only names the IdP; the page works with its id.
            return Optional.empty();
        }
    }

    private String site() {
        try {
            return siteName.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String e(String text) {
        return FailurePage.escape(text);
    }
}
