package io.oidcsso.plugin.emergency;

import io.oidcsso.plugin.host.LocalAccounts;
import io.oidcsso.plugin.login.AuditLog;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a local password login may go on to the product while SSO is enforced
 * (docs/admin-guide.md "Keeping a way in"): the section must be enabled, the client address in an
 * allowed network, the attempt within the rate limits, the password right (the product's own check,
 * {@link LocalAccounts#authenticate}), the account active and in an allowed group (by default the
 * product's system administrators). It decides before the product sees the request, so a refused
 * user never gets a session. Every decision is audited ({@code local_login.allowed},
 * {@code local_login.refused} with the reason).
 */
public final class LocalLoginGate {
    /** Why a login was let through or refused; the name is the audit's {@code reason}. */
    public enum Reason {
        ALLOWED(200),
        DISABLED(403),
        NETWORK_NOT_ALLOWED(403),
        RATE_LIMITED(429),
        WRONG_CREDENTIALS(401),
        ACCOUNT_INACTIVE(403),
        NOT_IN_ALLOWED_GROUPS(403),
        DIRECTORY_UNAVAILABLE(503),
        NO_CREDENTIALS(400);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The decision; {@code retryAfterSeconds} only for {@link Reason#RATE_LIMITED}. */
    public record Verdict(Reason reason, long retryAfterSeconds) {
        public boolean allowed() {
            return reason == Reason.ALLOWED;
        }
    }

    private final LocalAccounts accounts;
    private final AttemptLimiter limiter;
    private final AuditLog audit;

    public LocalLoginGate(LocalAccounts accounts, AttemptLimiter limiter, AuditLog audit) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * Before the login form is shown: refused when no login from this address could succeed (the
     * section is off or the address outside every allowed network); empty when the form may be shown.
     */
    public Optional<Verdict> beforeForm(EmergencySettings settings, String clientAddress, String path) {
        Reason early = early(settings, clientAddress);
        if (early == null) {
            return Optional.empty();
        }
        record(new Verdict(early, 0), null, clientAddress, path, settings, null);
        return Optional.of(new Verdict(early, 0));
    }

    /** A login with {@code username} and {@code password} (null when the request carried none). */
    public Verdict check(EmergencySettings settings, String clientAddress, String path, String username,
            String password) {
        return check(settings, clientAddress, path, username, password, null);
    }

    /**
     * As above, for the form of the page shown while IdP {@code downIdp} is not answering (null for
     * any other login): decided the same way, audited with {@code via="idp_down"} and the IdP's id.
     */
    public Verdict check(EmergencySettings settings, String clientAddress, String path, String username,
            String password, String downIdp) {
        Verdict verdict = decide(settings, clientAddress, username, password);
        record(verdict, username, clientAddress, path, settings, downIdp);
        return verdict;
    }

    private Verdict decide(EmergencySettings settings, String client, String username, String password) {
        Reason early = early(settings, client);
        if (early != null) {
            return new Verdict(early, 0);
        }
        if (username == null || username.isEmpty() || password == null) {
            return new Verdict(Reason.NO_CREDENTIALS, 0);
        }
        if (!limiter.tryAcquire(client, username, settings.perClient(), settings.perClientAndUser(),
                settings.windowSeconds())) {
            return new Verdict(Reason.RATE_LIMITED, limiter.retryAfterSeconds(client, settings.windowSeconds()));
        }
        LocalAccounts.Result result;
        boolean inGroup;
        try {
            result = accounts.authenticate(username, password);
            inGroup = result.check() == LocalAccounts.Check.OK && inAllowedGroup(settings, result.username());
        } catch (RuntimeException e) {
            // The product's user or role service failed: a 503 page, never a 500 or a login let through.
            return new Verdict(Reason.DIRECTORY_UNAVAILABLE, 0);
        }
        switch (result.check()) {
            case WRONG:
                return new Verdict(Reason.WRONG_CREDENTIALS, 0);
            case INACTIVE:
                return new Verdict(Reason.ACCOUNT_INACTIVE, 0);
            case UNAVAILABLE:
                return new Verdict(Reason.DIRECTORY_UNAVAILABLE, 0);
            default:
                break;
        }
        return new Verdict(inGroup ? Reason.ALLOWED : Reason.NOT_IN_ALLOWED_GROUPS, 0);
    }

    /**
     * Counts one break-glass attempt against the local login's rate limits (one budget for both, so
     * alternating between them gains nothing); the refusal when over a limit.
     */
    public Optional<Verdict> rateLimit(EmergencySettings settings, String client, String username) {
        if (limiter.tryAcquire(client, username == null ? "" : username, settings.perClient(),
                settings.perClientAndUser(), settings.windowSeconds())) {
            return Optional.empty();
        }
        return Optional.of(new Verdict(Reason.RATE_LIMITED, limiter.retryAfterSeconds(client, settings.windowSeconds())));
    }

    /** Whether {@code username} is one of the administrators the emergency section allows. */
    public boolean isEmergencyAdministrator(EmergencySettings settings, String username) {
        return inAllowedGroup(settings, username);
    }

    private static Reason early(EmergencySettings settings, String client) {
        if (!settings.enabled()) {
            return Reason.DISABLED;
        }
        Optional<byte[]> address = Network.literal(client);
        if (settings.allowedNetworks() != null && (address.isEmpty() || !settings.allowsAddress(address.get()))) {
            return Reason.NETWORK_NOT_ALLOWED;
        }
        return null;
    }

    private boolean inAllowedGroup(EmergencySettings settings, String username) {
        if (settings.allowedGroups() == null) {
            return accounts.isSystemAdmin(username);
        }
        return settings.allowedGroups().stream().anyMatch(group -> accounts.isMember(username, group));
    }

    private void record(Verdict verdict, String username, String client, String path, EmergencySettings settings,
            String downIdp) {
        String event = verdict.allowed() ? "local_login.allowed" : "local_login.refused";
        audit.record(event, AuditLog.fields("user", username, "client", client, "path", path,
                "reason", verdict.reason().code(), "via", downIdp == null ? null : "idp_down", "idp", downIdp,
                "allowed", settings.whoMay(),
                "settings", settings.state().name().toLowerCase(java.util.Locale.ROOT)));
    }
}
