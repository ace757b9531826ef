package io.oidcsso.plugin.fakes;

import io.oidcsso.plugin.engine.AuditEvent;
import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.engine.OpaqueJson;
import io.oidcsso.plugin.engine.TokenSummary;
import java.util.List;
import java.util.Locale;

/** Builds the core's {@code completeLogin} decision (fixture {@code LoginDecision.json}). */
public final class DecisionBuilder {
    private final String username;
    private String subject;
    private String email;
    private boolean emailVerified = true;
    private List<String> groups = List.of();
    private boolean groupsClaimPresent;
    private String returnTo = "/secure/Dashboard.jspa";
    private boolean linkExistingAccounts;
    private boolean createUsers = true;
    private String sid;
    private String idTokenHint;
    private boolean reauthentication;
    private OpaqueJson testLogin;
    private TokenSummary tokenSummary = TokenSummary.NONE;

    private DecisionBuilder(String username) {
        this.username = username;
        this.subject = username + "-sub";
        this.email = username + "@example.com";
        this.idTokenHint = "id.token." + username;
    }

    public static DecisionBuilder forUser(String username) {
        return new DecisionBuilder(username);
    }

    public DecisionBuilder subject(String value) {
        subject = value;
        return this;
    }

    /** The groups the IdP claimed (the claim is then present). */
    public DecisionBuilder groups(String... values) {
        groups = List.of(values);
        groupsClaimPresent = true;
        return this;
    }

    public DecisionBuilder linkExistingAccounts(boolean value) {
        linkExistingAccounts = value;
        return this;
    }

    public DecisionBuilder createUsers(boolean value) {
        createUsers = value;
        return this;
    }

    public DecisionBuilder emailVerified(boolean value) {
        emailVerified = value;
        return this;
    }

    public DecisionBuilder email(String value) {
        email = value;
        return this;
    }

    public DecisionBuilder sid(String value) {
        sid = value;
        return this;
    }

    public DecisionBuilder idTokenHint(String value) {
        idTokenHint = value;
        return this;
    }

    /** A decision for a login begun with {@code reauthenticate} (websudo through the IdP). */
    public DecisionBuilder reauthentication(boolean value) {
        reauthentication = value;
        return this;
    }

    /** A decision for a login begun with {@code testLogin}: {@code reportJson} is the core's report. */
    public DecisionBuilder testLogin(String reportJson) {
        testLogin = reportJson == null ? null : new OpaqueJson(reportJson);
        return this;
    }

    /** The core's summary of the ID token's timing and assurance claims (default: all absent). */
    public DecisionBuilder tokenSummary(TokenSummary value) {
        tokenSummary = value;
        return this;
    }

    public DecisionBuilder returnTo(String value) {
        returnTo = value;
        return this;
    }

    public LoginDecision build() {
        return new LoginDecision("dev", "http://127.0.0.2:9400", subject, username, email, emailVerified,
                username.toUpperCase(Locale.ROOT), groups, groupsClaimPresent, returnTo, linkExistingAccounts,
                createUsers, List.of(new AuditEvent("login.verified", "dev", subject, "username=`" + username + "`")),
                sid, idTokenHint, testLogin, reauthentication, tokenSummary);
    }
}
