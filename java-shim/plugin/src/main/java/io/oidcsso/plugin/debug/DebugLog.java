package io.oidcsso.plugin.debug;

import io.oidcsso.plugin.engine.AuditEvent;
import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.engine.TokenSummary;
import io.oidcsso.plugin.login.AuditLog;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code debug.*} JSON lines of one IdP's protocol exchange as the shim sees it, written only while
 * that IdP's {@link DebugSwitch} is on, to the SLF4J logger {@value #LOGGER_NAME} (a sibling of the
 * audit logger, so the debug lines never fill the cluster's audit ring).
 *
 * <p>Redaction is by a fixed allowlist, so a value nobody thought of is hidden, not shown: of the
 * authorization URL only {@link #URL_KEPT} parameters are shown as sent ({@code login_hint} masked to a
 * prefix; {@code state}, {@code nonce}, {@code code_challenge}, {@code request} and anything else
 * {@code [redacted]}); of the callback only {@code iss}, {@code error} and a bounded
 * {@code error_description} ({@code code} and {@code state} are {@code [redacted]}); of the decision
 * the issuer, counts and flags, personal values (subject, username, email, name) masked to a prefix, and the
 * core's {@link TokenSummary} of the ID token (times, {@code amr}, {@code acr}, {@code azp}, audience count).
 * Tokens, codes, secrets, cookies and passwords are never passed to this class.
 */
public final class DebugLog {
    public static final String LOGGER_NAME = "io.oidcsso.debug";
    static final String REDACTED = "[redacted]";
    static final int MAX_ERROR_DESCRIPTION = 300;
    static final Set<String> URL_KEPT = Set.of("client_id", "redirect_uri", "response_type", "response_mode",
            "scope", "prompt", "max_age", "acr_values", "code_challenge_method", "ui_locales", "claims_locales",
            "display");
    private static final Set<String> URL_MASKED = Set.of("login_hint");

    private final DebugSwitch debugSwitch;
    private final AuditLog out;

    /** {@code out}: an {@link AuditLog} whose sinks write to {@value #LOGGER_NAME}. */
    public DebugLog(DebugSwitch debugSwitch, AuditLog out) {
        this.debugSwitch = Objects.requireNonNull(debugSwitch, "debugSwitch");
        this.out = Objects.requireNonNull(out, "out");
    }

    public DebugSwitch debugSwitch() {
        return debugSwitch;
    }

    /** {@code debug.login_start}: the IdP and the authorization request, redacted. */
    public void loginStarted(String idp, String authorizationUrl) {
        if (!debugSwitch.isOn(idp)) {
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("idp", idp);
        fields.putAll(redactUrl(authorizationUrl));
        out.record("debug.login_start", fields);
    }

    /** {@code debug.callback} and {@code debug.decision}: what came back and what the core made of it. */
    public void decided(Map<String, String> callbackParameters, LoginDecision decision) {
        if (!debugSwitch.isOn(decision.idpId())) {
            return;
        }
        out.record("debug.callback", callback(decision.idpId(), callbackParameters));
        StringJoiner events = new StringJoiner(",");
        for (AuditEvent event : decision.audit()) {
            events.add(event.event());
        }
        TokenSummary claims = decision.tokenSummary();
        out.record("debug.decision", AuditLog.fields("idp", decision.idpId(), "iss", decision.issuer(),
                "sub", mask(decision.subject()), "username", mask(decision.username()),
                "email", mask(decision.email()), "email_verified", Boolean.toString(decision.emailVerified()),
                "name", mask(decision.displayName()), "groups_claim", Boolean.toString(decision.groupsClaimPresent()),
                "groups_count", Integer.toString(decision.groups().size()),
                "sid", decision.sid() == null ? "absent" : REDACTED,
                "link_existing", Boolean.toString(decision.linkExistingAccounts()),
                "create_users", Boolean.toString(decision.createUsers()), "events", events.toString(),
                "iat", seconds(claims.iat()), "exp", seconds(claims.exp()), "auth_time", seconds(claims.authTime()),
                "amr", claims.amr().isEmpty() ? "absent" : String.join(",", claims.amr()),
                "acr", orAbsent(claims.acr()), "azp", orAbsent(claims.azp()),
                "aud_count", Integer.toString(claims.audCount())));
    }

    private static String seconds(Long unixSeconds) {
        return unixSeconds == null ? "absent" : unixSeconds.toString();
    }

    private static String orAbsent(String value) {
        return value == null ? "absent" : value;
    }

    /** {@code debug.provisioned}: the account the login binds, masked (the group changes are audit events). */
    public void provisioned(String idp, String username) {
        if (!debugSwitch.isOn(idp)) {
            return;
        }
        out.record("debug.provisioned", AuditLog.fields("idp", idp, "username", mask(username)));
    }

    static Map<String, String> callback(String idp, Map<String, String> parameters) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("idp", idp);
        parameters.forEach((name, value) -> {
            switch (name) {
                case "iss", "error" -> fields.put(name, value);
                case "error_description" -> fields.put(name, value.length() > MAX_ERROR_DESCRIPTION
                        ? value.substring(0, MAX_ERROR_DESCRIPTION) + "..." : value);
                default -> fields.put(name, REDACTED);
            }
        });
        return fields;
    }

    /**
     * The URL as {@code authorize} (without query and fragment) and one field {@code q.<name>} per
     * query parameter (each within the audit line's value bound), every parameter not in
     * {@link #URL_KEPT} replaced.
     */
    static Map<String, String> redactUrl(String url) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (url == null) {
            return fields;
        }
        int hash = url.indexOf('#');
        String noFragment = hash < 0 ? url : url.substring(0, hash);
        int question = noFragment.indexOf('?');
        fields.put("authorize", question < 0 ? noFragment : noFragment.substring(0, question));
        if (question < 0) {
            return fields;
        }
        for (String pair : noFragment.substring(question + 1).split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            String shown;
            if (URL_KEPT.contains(name)) {
                shown = value;
            } else if (URL_MASKED.contains(name)) {
                shown = mask(value);
            } else {
                shown = REDACTED;
            }
            fields.put("q." + name, shown);
        }
        return fields;
    }

    /** A personal value as its first three characters and its length: enough to tell users apart in a test. */
    static String mask(String value) {
        if (value == null) {
            return "absent";
        }
        int keep = value.length() <= 6 ? Math.min(1, value.length()) : 3;
        return value.substring(0, keep) + "***(" + value.length() + ")";
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
