package io.oidcsso.refhost.testplugin;

import com.atlassian.bitbucket.auth.AuthenticationException;
import com.atlassian.bitbucket.auth.AuthenticationResult;
import com.atlassian.bitbucket.auth.HttpAuthenticationContext;
import com.atlassian.bitbucket.auth.HttpAuthenticationHandler;
import com.atlassian.bitbucket.i18n.KeyedMessage;
import com.atlassian.bitbucket.user.ApplicationUser;
import com.atlassian.bitbucket.user.UserService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/**
 * Test plugin, an http-auth-handler (Bitbucket mode only): {@code Authorization: Bearer test-handler-<user>} is
 * that user (from Bitbucket's UserService), {@code Bearer test-refuse} is refused with a message, anything
 * else is not this handler's (null).
 */
public class TestAuthHandler implements HttpAuthenticationHandler {
    static final String PREFIX = "Bearer test-handler-";

    @Override
    public AuthenticationResult performAuthentication(HttpAuthenticationContext context) {
        String header = context.getRequest().getHeader("Authorization");
        if ("Bearer test-refuse".equals(header)) {
            throw new AuthenticationException(new KeyedMessage("test.refused", "refused by the test handler",
                    "refused by the test handler"));
        }
        if (header == null || !header.startsWith(PREFIX)) {
            return null;
        }
        BundleContext bundle = FrameworkUtil.getBundle(TestAuthHandler.class).getBundleContext();
        ServiceReference<UserService> reference = bundle.getServiceReference(UserService.class);
        ApplicationUser user = bundle.getService(reference).getUserByName(header.substring(PREFIX.length()));
        bundle.ungetService(reference);
        return user == null ? null : new AuthenticationResult.Builder(user).build();
    }

    @Override
    public void validateAuthentication(HttpAuthenticationContext context) {
        // Authenticates single requests only: nothing to validate later.
    }
}
