package io.oidcsso.refhost.bitbucket;

import com.atlassian.bitbucket.user.ApplicationUser;
import com.atlassian.bitbucket.user.UserService;
import com.atlassian.crowd.embedded.api.User;
import io.oidcsso.refhost.crowd.FileCrowdService;
import java.util.Locale;

/**
 * Bitbucket mode: {@code UserService#getUserByName} over the host's directory (the only member the plugin calls),
 * registered as an OSGi service under Bitbucket's interface name as Bitbucket's own service is (the plugin looks
 * it up there). Null for a name the directory does not know.
 */
public final class RefBitbucketUserService implements UserService {
    private final FileCrowdService directory;

    public RefBitbucketUserService(FileCrowdService directory) {
        this.directory = directory;
    }

    @Override
    public ApplicationUser getUserByName(String name) {
        if (name == null) {
            return null;
        }
        User user = directory.getUser(name);
        return user == null ? null : new BitbucketUser(user.getName(), user.isActive());
    }

    /** The host's stand-in for Bitbucket's user type: name, slug, active. */
    record BitbucketUser(String name, boolean active) implements ApplicationUser {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getSlug() {
            return name.toLowerCase(Locale.ROOT);
        }

        @Override
        public boolean isActive() {
            return active;
        }
    }
}
