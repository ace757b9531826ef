package io.oidcsso.refhost;

import com.atlassian.beehive.ClusterLockService;
import com.atlassian.bitbucket.user.UserService;
import com.atlassian.crowd.embedded.api.CrowdService;
import com.atlassian.jira.component.ComponentAccessor;
import com.atlassian.jira.security.websudo.InternalWebSudoManager;
import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.auth.AuthenticationController;
import com.atlassian.sal.api.auth.AuthenticationListener;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.websudo.WebSudoManager;
import com.atlassian.sal.api.xsrf.XsrfTokenValidator;
import com.atlassian.spring.container.ContainerManager;
import io.oidcsso.refhost.beehive.FileClusterLockService;
import io.oidcsso.refhost.bitbucket.RefBitbucketUserService;
import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.osgi.OsgiContainer;
import io.oidcsso.refhost.sal.FilePluginSettingsFactory;
import io.oidcsso.refhost.sal.RefApplicationProperties;
import io.oidcsso.refhost.sal.RefAuthenticationController;
import io.oidcsso.refhost.sal.RefAuthenticationListener;
import io.oidcsso.refhost.sal.RefConfluenceWebSudoManager;
import io.oidcsso.refhost.sal.RefJiraWebSudoManager;
import io.oidcsso.refhost.sal.RefUserManager;
import io.oidcsso.refhost.sal.RefWebSudoManager;
import io.oidcsso.refhost.sal.RefXsrfTokenValidator;
import io.oidcsso.refhost.security.Destinations;
import io.oidcsso.refhost.security.PersonalAccessTokens;
import io.oidcsso.refhost.security.SessionAuthenticator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host's components over one home folder, and those it registers as OSGi services for plugins. */
final class HostComponents {
    /** Test hook: {@code -Drefhost.test.omit-service=<interface>} leaves that host service unregistered. */
    static final String OMIT_SERVICE_PROPERTY = "refhost.test.omit-service";
    private static final Logger LOG = LoggerFactory.getLogger(HostComponents.class);

    final FileCrowdService directory;
    final SessionAuthenticator sessions;
    final FilePluginSettingsFactory settings;
    final RefUserManager userManager;
    final RefApplicationProperties applicationProperties;
    final RefWebSudoManager webSudo;
    final RefXsrfTokenValidator xsrf;
    final FileClusterLockService locks;
    final Destinations destinations;
    final RefAuthenticationController authenticationController;
    final RefAuthenticationListener authenticationListener;
    final Product product;
    final PersonalAccessTokens personalAccessTokens;
    /** The home folder (state: users, settings, the Bitbucket mode's git repositories). */
    final Path home;

    HostComponents(Path home, URI baseUrl, Product product) {
        this.product = product;
        this.directory = new FileCrowdService(home);
        this.sessions = new SessionAuthenticator(directory, product);
        this.settings = new FilePluginSettingsFactory(home);
        this.userManager = new RefUserManager(directory, sessions);
        this.applicationProperties = new RefApplicationProperties(baseUrl, product.platformId());
        this.authenticationController = new RefAuthenticationController(directory);
        this.authenticationListener = new RefAuthenticationListener(sessions);
        this.webSudo = new RefWebSudoManager(Clock.systemUTC(), product);
        if (product == Product.CONFLUENCE) {
            // Confluence's own manager, where the plugin's ProductWebSudo looks for it (docs/host-api.md).
            ContainerManager.register("webSudoManager", new RefConfluenceWebSudoManager(webSudo, sessions));
        } else if (product == Product.JIRA) {
            // Jira's own manager, by its class in ComponentAccessor, where ProductWebSudo looks for it.
            ComponentAccessor.register(InternalWebSudoManager.class, new RefJiraWebSudoManager(webSudo, sessions));
        }
        this.xsrf = new RefXsrfTokenValidator();
        this.locks = new FileClusterLockService(home);
        this.destinations = new Destinations(baseUrl);
        this.personalAccessTokens = new PersonalAccessTokens(home);
        this.home = home;
    }

    /**
     * Registers the host components plugins may import, by their Atlassian interface, in the
     * container's service registry (in the products, host components and the SAL plugin's services).
     */
    void registerServices(OsgiContainer container) {
        register(container, PluginSettingsFactory.class, settings);
        register(container, UserManager.class, userManager);
        register(container, ApplicationProperties.class, applicationProperties);
        register(container, WebSudoManager.class, webSudo);
        register(container, XsrfTokenValidator.class, xsrf);
        register(container, CrowdService.class, directory);
        register(container, ClusterLockService.class, locks);
        register(container, AuthenticationController.class, authenticationController);
        register(container, AuthenticationListener.class, authenticationListener);
        if (product == Product.BITBUCKET) {
            // Bitbucket's own service, which its http-auth-handlers use to name the user they authenticate.
            register(container, UserService.class, new RefBitbucketUserService(directory));
        }
    }

    /**
     * Registers one service, unless the test hook {@value #OMIT_SERVICE_PROPERTY} names its interface
     * (fully qualified): the host then stands in for a product version without that service.
     */
    private static <T> void register(OsgiContainer container, Class<T> type, T implementation) {
        if (type.getName().equals(System.getProperty(OMIT_SERVICE_PROPERTY))) {
            LOG.warn("test hook -D{}: the host does not register {}", OMIT_SERVICE_PROPERTY, type.getName());
            return;
        }
        container.registerHostService(type, implementation);
    }
}
