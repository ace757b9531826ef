package io.oidcsso.plugin.login;

import io.oidcsso.plugin.engine.LoginDecision;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.LoginRefusedException;
import io.oidcsso.plugin.host.Profile;
import io.oidcsso.plugin.host.UserDirectory;
import io.oidcsso.plugin.host.UserDirectoryException;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds the account an IdP identity logs into. Identity is (iss, sub), never the username: a linked
 * account wins; an unlinked local account with the same username is taken over only when the
 * IdP's configuration says {@code linkExistingAccounts}; otherwise a new account is created only
 * when it says {@code createUsers}. Refusals happen before anything is written.
 */
public final class AccountResolver {
    public static final String ACCOUNT_EXISTS_NOT_LINKED = "account_exists_not_linked";
    public static final String USER_NOT_PROVISIONED = "user_not_provisioned";
    public static final String USER_INACTIVE = "user_inactive";
    private static final Logger LOG = Logger.getLogger(AccountResolver.class.getName());

    private final UserDirectory directory;
    private final AuditLog audit;

    public AccountResolver(UserDirectory directory, AuditLog audit) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public DirectoryUser resolve(LoginDecision decision, String referenceId) {
        ExternalId externalId = new ExternalId(decision.issuer(), decision.subject());
        Profile profile = profileOf(decision);
        Optional<DirectoryUser> linked = directory.findByExternalId(externalId);
        if (linked.isPresent()) {
            return requireActive(refreshProfile(linked.get(), profile));
        }
        Optional<DirectoryUser> sameName = directory.findByUsername(decision.username());
        if (sameName.isPresent()) {
            if (!decision.linkExistingAccounts()) {
                audit.warning("account.refused", AuditLog.fields("reason", ACCOUNT_EXISTS_NOT_LINKED, "user",
                        decision.username(), "idp", decision.idpId(), "subject", decision.subject(), "ref", referenceId));
                throw new LoginRefusedException(ACCOUNT_EXISTS_NOT_LINKED, "a local account " + decision.username()
                        + " exists and is not linked to IdP " + decision.idpId()
                        + "; link it, or enable linkExistingAccounts for this IdP");
            }
            DirectoryUser existing = requireActive(sameName.get());
            directory.link(existing.username(), externalId);
            audit.warning("account.linked", AuditLog.fields("user", existing.username(), "idp", decision.idpId(),
                    "subject", decision.subject(), "detail", "existing local account taken over (linkExistingAccounts)",
                    "ref", referenceId));
            return refreshProfile(existing, profile);
        }
        if (!decision.createUsers()) {
            audit.warning("account.refused", AuditLog.fields("reason", USER_NOT_PROVISIONED, "user",
                    decision.username(), "idp", decision.idpId(), "subject", decision.subject(), "ref", referenceId));
            throw new LoginRefusedException(USER_NOT_PROVISIONED, "no account " + decision.username()
                    + " and IdP " + decision.idpId() + " does not create users");
        }
        DirectoryUser created = directory.create(decision.username(), profile);
        directory.link(created.username(), externalId);
        audit.info("account.created", AuditLog.fields("user", created.username(), "idp", decision.idpId(),
                "subject", decision.subject(), "ref", referenceId));
        return created;
    }

    /** An unverified email address is not copied into the product (mail would go to whoever claims it). */
    private static Profile profileOf(LoginDecision decision) {
        return new Profile(decision.displayName(), decision.emailVerified() ? decision.email() : null);
    }

    /** Profile sync is best effort: a read-only directory must not block the login itself. */
    private DirectoryUser refreshProfile(DirectoryUser user, Profile profile) {
        try {
            return directory.update(user.username(), profile);
        } catch (UserDirectoryException e) {
            LOG.log(Level.WARNING, "oidc-sso: profile of " + user.username() + " not updated (" + e.code() + "): "
                    + e.getMessage());
            return user;
        }
    }

    private static DirectoryUser requireActive(DirectoryUser user) {
        if (!user.active()) {
            throw new LoginRefusedException(USER_INACTIVE, "user " + user.username() + " is deactivated");
        }
        return user;
    }
}
