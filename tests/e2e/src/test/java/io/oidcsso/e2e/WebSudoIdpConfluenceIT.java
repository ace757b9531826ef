package io.oidcsso.e2e;

/**
 * {@link WebSudoIdpIT} on the reference host in Confluence mode: websudo page
 * {@code /authenticate.action?destination=}, Confluence's own manager (the {@code ContainerManager} bean
 * {@code webSudoManager}).
 */
class WebSudoIdpConfluenceIT extends WebSudoIdpIT {
    WebSudoIdpConfluenceIT() {
        super("confluence", "/authenticate.action", "destination", "/login.action", null);
    }
}
