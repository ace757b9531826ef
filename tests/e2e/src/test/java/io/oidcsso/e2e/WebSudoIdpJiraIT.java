package io.oidcsso.e2e;

/**
 * {@link WebSudoIdpIT} on the reference host in Jira mode: websudo page
 * {@code /secure/admin/WebSudoAuthenticate!default.jspa?webSudoDestination=}, Jira's own
 * {@code InternalWebSudoManager} from {@code ComponentAccessor.getComponent(Class)}, whose
 * {@code startSession} moves the session to a new id and answers {@code X-Atlassian-WebSudo:
 * Has-Authentication}, as Jira's does.
 */
class WebSudoIdpJiraIT extends WebSudoIdpIT {
    WebSudoIdpJiraIT() {
        super("jira", "/secure/admin/WebSudoAuthenticate!default.jspa", "webSudoDestination", "/login.jsp",
                "Has-Authentication");
    }
}
