package io.oidcsso.plugin.web;

import com.atlassian.bitbucket.auth.AuthenticationException;
import com.atlassian.bitbucket.auth.AuthenticationResult;
import com.atlassian.bitbucket.auth.HttpAuthenticationContext;
import com.atlassian.bitbucket.auth.HttpAuthenticationHandler;
import com.atlassian.bitbucket.i18n.KeyedMessage;
import com.atlassian.bitbucket.user.ApplicationUser;
import com.atlassian.bitbucket.user.UserService;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.LoginRefusedException;
import io.oidcsso.plugin.host.UserDirectoryException;
import io.oidcsso.plugin.runtime.PluginRuntime;
import io.oidcsso.plugin.runtime.TrackedService;
import java.util.Objects;
import java.util.function.Function;

/**
 * Bitbucket's documented way to authenticate a request, git over HTTPS ({@code /scm/...}) included: the
 * {@code <http-auth-handler>} module (bitbucket-spi {@code HttpAuthenticationHandler}, Bitbucket 6+;
 * docs/host-api.md, "Bitbucket: how git over HTTPS is authenticated"). {@code performAuthentication} makes the
 * same decision as the servlet filter ({@link BearerAuthenticator#decide}: one native call, the linked account,
 * the same audit line), then hands Bitbucket the account's {@code ApplicationUser}; it returns null for a request
 * that is not the plugin's (no bearer header, a Bitbucket HTTP access token, a token no IdP claims), so
 * Bitbucket's other handlers still run. A refused token throws {@link AuthenticationException} with the reason
 * and the log reference (Bitbucket's failure handlers answer the client: git, REST or a page), after setting
 * the RFC 6750 {@code WWW-Authenticate} header on the response. On Bitbucket {@link OidcBearerFilter} leaves
 * bearer tokens to this handler: one path, one audit line.
 *
 * <p>Only Bitbucket knows the module type; the other products ignore it, never load this class, and the plugin
 * imports the Bitbucket packages optionally (java-shim/plugin/pom.xml).
 */
public final class BitbucketBearerHandler implements HttpAuthenticationHandler {
    /** The KeyedMessage key of a refusal (the plugin ships no i18n bundle: the message is already English). */
    static final String REFUSED_KEY = "io.oidcsso.bearer.refused";
    static final String UNAVAILABLE_KEY = "io.oidcsso.bearer.unavailable";

    private final BearerAuthenticator bearer;
    private final Function<String, ApplicationUser> users;

    /**
     * Created by the plugin's Spring context (autowired by constructor). Bitbucket's {@code UserService} is
     * tracked for the plugin's life ({@link OidcSso#trackedService}), not looked up in the registry per request.
     */
    public BitbucketBearerHandler(OidcSso sso) {
        this(sso.runtime(), usersOf(sso.trackedService(UserService.class)));
    }

    BitbucketBearerHandler(PluginRuntime runtime, Function<String, ApplicationUser> users) {
        this.bearer = new BearerAuthenticator(runtime);
        this.users = Objects.requireNonNull(users, "users");
    }

    @Override
    public AuthenticationResult performAuthentication(HttpAuthenticationContext context) {
        if (PluginRuntime.isKillSwitchOn()) {
            return null;
        }
        BearerAuthenticator.Decision<ApplicationUser> decision = bearer.decide(
                context.getRequest().getHeader("Authorization"), this::user);
        switch (decision.kind()) {
            case AUTHENTICATED:
                return new AuthenticationResult.Builder(decision.user()).build();
            case REFUSED:
                context.getResponse().setHeader("WWW-Authenticate", decision.challenge());
                throw refusal(REFUSED_KEY, "oidc-sso: bearer token refused (" + decision.error() + ": "
                        + decision.code() + ") [ref " + decision.reference() + "]");
            case UNAVAILABLE:
                context.getResponse().setHeader("Retry-After", BearerAuthenticator.Decision.RETRY_AFTER_SECONDS);
                throw refusal(UNAVAILABLE_KEY, "oidc-sso: bearer token not checked, try again shortly ("
                        + decision.code() + ") [ref " + decision.reference() + "]");
            default:
                return null;
        }
    }

    /**
     * Nothing to check: a bearer token authenticates only its own request (no session is created, so no later
     * request carries this handler's authentication), and sessions the IdP ended are ended by the logout filter
     * on every product.
     */
    @Override
    public void validateAuthentication(HttpAuthenticationContext context) {
        // See the method comment: this handler leaves no authentication behind to validate.
    }

    /** Bitbucket's user for the linked account; a missing or deactivated one refuses the token. */
    private ApplicationUser user(DirectoryUser account) {
        if (!account.active()) {
            throw new LoginRefusedException("user_inactive", "user " + account.username() + " is deactivated in the product");
        }
        ApplicationUser user = users.apply(account.username());
        if (user == null) {
            throw new LoginRefusedException("user_not_found", "Bitbucket has no user " + account.username());
        }
        if (!user.isActive()) {
            throw new LoginRefusedException("user_inactive", "Bitbucket user " + account.username() + " is inactive");
        }
        return user;
    }

    private static AuthenticationException refusal(String key, String message) {
        return new AuthenticationException(new KeyedMessage(key, message, message));
    }

    /**
     * {@code UserService#getUserByName} of the service registered now (a replaced one is the tracker's next
     * answer); none registered is the directory being unavailable (503, try again), never a refusal of the token.
     */
    static Function<String, ApplicationUser> usersOf(TrackedService<UserService> service) {
        Objects.requireNonNull(service, "service");
        return username -> service.current().orElseThrow(() -> new UserDirectoryException(
                UserDirectoryException.ERROR, "Bitbucket's UserService is not registered", null))
                .getUserByName(username);
    }
}
