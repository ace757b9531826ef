package io.oidcsso.plugin.fakes;

import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.UrlMode;
import com.atlassian.sal.api.auth.AuthenticationController;
import com.atlassian.sal.api.auth.AuthenticationListener;
import com.atlassian.sal.api.auth.Authenticator;
import com.atlassian.sal.api.user.UserKey;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.user.UserProfile;
import com.atlassian.sal.api.websudo.WebSudoManager;
import com.atlassian.sal.api.xsrf.XsrfTokenValidator;
import java.security.Principal;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Small SAL fakes: a user manager that resolves through a function, application properties, websudo, XSRF. */
public final class FakeSal {
    private FakeSal() {}

    /** A named principal, as SAL's resolve returns in the reference host. */
    public record NamedPrincipal(String name) implements Principal {
        @Override
        public String getName() {
            return name;
        }
    }

    public static final class Users implements UserManager {
        private final Function<String, Principal> resolver;
        public final Set<String> admins = new HashSet<>();
        /** When set, profiles and keys are the directory's (its users only); else every name has one. */
        private FakeCrowdService directory;

        public Users(Function<String, Principal> resolver) {
            this.resolver = resolver;
        }

        public static Users resolvingEveryone() {
            return new Users(NamedPrincipal::new);
        }

        /** Profiles of {@code crowd}'s users with their stable keys, as a product's SAL answers. */
        public Users keyedBy(FakeCrowdService crowd) {
            this.directory = crowd;
            return this;
        }

        @Override
        public UserProfile getUserProfile(UserKey userKey) {
            if (userKey == null) {
                return null;
            }
            if (directory == null) {
                return getUserProfile(userKey.getStringValue());
            }
            String name = directory.nameOfKey(userKey.getStringValue());
            return name == null ? null : profile(name, userKey);
        }

        @Override
        public UserProfile getRemoteUser(HttpServletRequest request) {
            return null;
        }

        @Override
        public UserKey getRemoteUserKey(HttpServletRequest request) {
            return request.getRemoteUser() == null ? null : new UserKey(request.getRemoteUser());
        }

        /**
         * Without a directory every name has a profile whose key is the name (lower-case, as SAL keys of local
         * users); with one, the directory's users with their keys.
         */
        @Override
        public UserProfile getUserProfile(String username) {
            if (username == null) {
                return null;
            }
            if (directory != null) {
                String key = directory.keyOf(username);
                return key == null ? null : profile(directory.user(username).getName(), new UserKey(key));
            }
            return profile(username, new UserKey(username.toLowerCase(java.util.Locale.ROOT)));
        }

        private static UserProfile profile(String username, UserKey key) {
            return new UserProfile() {
                @Override
                public UserKey getUserKey() {
                    return key;
                }

                @Override
                public String getUsername() {
                    return username;
                }

                @Override
                public String getFullName() {
                    return username;
                }

                @Override
                public String getEmail() {
                    return null;
                }
            };
        }

        @Override
        public boolean isSystemAdmin(UserKey userKey) {
            return admins.contains(userKey.getStringValue());
        }

        @Override
        public boolean isAdmin(UserKey userKey) {
            return admins.contains(userKey.getStringValue());
        }

        @Override
        public Principal resolve(String username) {
            return resolver.apply(username);
        }
    }

    public record Properties(String platformId, String baseUrl) implements ApplicationProperties {
        @Override
        public String getBaseUrl(UrlMode urlMode) {
            if (urlMode != UrlMode.CANONICAL) {
                throw new AssertionError("only the canonical base URL may be used, got " + urlMode);
            }
            return baseUrl;
        }

        @Override
        public String getPlatformId() {
            return platformId;
        }

        @Override
        public String getDisplayName() {
            return "Test Product";
        }

        @Override
        public String getVersion() {
            return "1.0";
        }
    }

    public static final class WebSudo implements WebSudoManager {
        @Override
        public boolean canExecuteRequest(HttpServletRequest request) {
            return false;
        }

        @Override
        public void enforceWebSudoProtection(HttpServletRequest request, HttpServletResponse response) {
            response.setStatus(401);
        }

        @Override
        public void willExecuteWebSudoRequest(HttpServletRequest request) {
            // the fake has no websudo sessions
        }
    }

    public static final class Xsrf implements XsrfTokenValidator {
        @Override
        public boolean validateFormEncodedToken(HttpServletRequest request) {
            return "good".equals(request.getParameter("atl_token"));
        }

        @Override
        public String getXsrfParameterName() {
            return "atl_token";
        }
    }

    /** SAL AuthenticationController: everyone may log in except the names in {@link #denied}. */
    public static final class Access implements AuthenticationController {
        public final Set<String> denied = new HashSet<>();

        @Override
        public boolean shouldAttemptAuthentication(HttpServletRequest request) {
            return true;
        }

        @Override
        public boolean canLogin(Principal principal, HttpServletRequest request) {
            return !denied.contains(principal.getName());
        }
    }

    /** SAL AuthenticationListener as Seraph's: the principal into {@code seraph_defaultauthenticator_user}. */
    public static final class SeraphListener implements AuthenticationListener {
        public int successes;

        @Override
        public void authenticationSuccess(Authenticator.Result result, HttpServletRequest request,
                HttpServletResponse response) {
            successes++;
            request.getSession().setAttribute("seraph_defaultauthenticator_user", result.getPrincipal());
            request.getSession().removeAttribute("seraph_defaultauthenticator_logged_out_user");
        }

        @Override
        public void authenticationFailure(Authenticator.Result result, HttpServletRequest request,
                HttpServletResponse response) {}

        @Override
        public void authenticationError(Authenticator.Result result, HttpServletRequest request,
                HttpServletResponse response) {}

        @Override
        public void authenticationNotAttempted(HttpServletRequest request, HttpServletResponse response) {}
    }
}
