package io.oidcsso.refhost;

import com.atlassian.beehive.ClusterLockService;
import com.atlassian.crowd.embedded.api.CrowdService;
import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.pluginsettings.PluginSettingsFactory;
import com.atlassian.sal.api.user.UserManager;
import com.atlassian.sal.api.websudo.WebSudoManager;
import com.atlassian.sal.api.xsrf.XsrfTokenValidator;
import io.oidcsso.refhost.beehive.FileClusterLockService;
import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.plugin.HostServices;
import io.oidcsso.refhost.sal.FilePluginSettingsFactory;
import io.oidcsso.refhost.sal.RefApplicationProperties;
import io.oidcsso.refhost.sal.RefUserManager;
import io.oidcsso.refhost.sal.RefWebSudoManager;
import io.oidcsso.refhost.sal.RefXsrfTokenValidator;
import io.oidcsso.refhost.security.Destinations;
import io.oidcsso.refhost.security.SessionAuthenticator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/** The host's components over one home folder, and the subset offered to plugin constructors. */
final class HostComponents {
    final FileCrowdService directory;
    final SessionAuthenticator sessions;
    final FilePluginSettingsFactory settings;
    final RefUserManager userManager;
    final RefApplicationProperties applicationProperties;
    final RefWebSudoManager webSudo;
    final RefXsrfTokenValidator xsrf;
    final FileClusterLockService locks;
    final Destinations destinations;

    HostComponents(Path home, URI baseUrl) {
        this.directory = new FileCrowdService(home);
        this.sessions = new SessionAuthenticator(directory);
        this.settings = new FilePluginSettingsFactory(home);
        this.userManager = new RefUserManager(directory, sessions);
        this.applicationProperties = new RefApplicationProperties(baseUrl);
        this.webSudo = new RefWebSudoManager(Clock.systemUTC());
        this.xsrf = new RefXsrfTokenValidator();
        this.locks = new FileClusterLockService(home);
        this.destinations = new Destinations(baseUrl);
    }

    /** What a plugin module may take in its constructor, by Atlassian interface. */
    HostServices forPlugins() {
        return new HostServices()
                .provide(PluginSettingsFactory.class, settings)
                .provide(UserManager.class, userManager)
                .provide(ApplicationProperties.class, applicationProperties)
                .provide(WebSudoManager.class, webSudo)
                .provide(XsrfTokenValidator.class, xsrf)
                .provide(CrowdService.class, directory)
                .provide(ClusterLockService.class, locks);
    }
}
