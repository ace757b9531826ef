package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.spring.container.ContainerManager;
import io.oidcsso.refhost.crowd.DirectoryGroup;
import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.osgi.SystemExports;
import io.oidcsso.refhost.sal.RefAuthenticationController;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session rules and pages of each {@code --product} mode, and the product-access check. */
class ProductModesTest {
    private static final String ANONYMOUS = "\"user\":null";

    @TempDir
    Path work;

    private TestHost start(String product) throws Exception {
        return TestHost.start(work.resolve("home-" + product), TestPluginJar.build(work), "--product", product);
    }

    @Test
    void sessionWhenJiraModeAndForeignPrincipalWithUserIdThenReResolvedByName() throws Exception {
        try (TestHost host = start("jira")) {
            host.get("/plugins/servlet/bind?user=local&foreign=true");
            String whoami = host.get("/rest/whoami").body();
            assertTrue(whoami.contains("\"user\":\"local\""), whoami);
        }
    }

    @Test
    void sessionWhenConfluenceModeAndForeignPrincipalThenAnonymousDespiteUserId() throws Exception {
        try (TestHost host = start("confluence")) {
            host.get("/plugins/servlet/bind?user=local&foreign=true");
            assertTrue(host.get("/rest/whoami").body().contains(ANONYMOUS));
        }
    }

    @Test
    void sessionWhenBitbucketModeAndSeraphKeysWrittenThenAnonymous() throws Exception {
        try (TestHost host = start("bitbucket")) {
            host.get("/plugins/servlet/bind?user=local");
            assertTrue(host.get("/rest/whoami").body().contains(ANONYMOUS), "Bitbucket is not Seraph");
        }
    }

    @Test
    void pagesWhenJiraModeThenAnonymousSentToJirasLoginPageWhichServesTheForm() throws Exception {
        try (TestHost host = start("jira")) {
            HttpResponse<String> page = host.get("/secure/dashboard");
            assertEquals(302, page.statusCode());
            assertTrue(page.headers().firstValue("Location").orElse("").startsWith("/login.jsp?os_destination="));
            assertTrue(host.get("/login.jsp").body().contains("login-form"));
            assertEquals(302, host.login("admin", "admin", null).statusCode());
            assertEquals(200, host.get("/secure/Logout!default.jspa").statusCode(), "Jira's logout action");
            assertTrue(host.get("/rest/whoami").body().contains(ANONYMOUS));
        }
    }

    @Test
    void webSudoWhenConfluenceModeThenAuthenticateActionWithDestinationAndTheManagerInContainerManager()
            throws Exception {
        try (TestHost host = start("confluence")) {
            Object manager = ContainerManager.getComponent("webSudoManager");
            assertTrue(manager instanceof com.atlassian.confluence.security.websudo.WebSudoManager, "bean webSudoManager");
            assertTrue(SystemExports.forProduct(Product.CONFLUENCE).contains("com.atlassian.confluence.security.websudo;"));
            assertTrue(SystemExports.forProduct(Product.CONFLUENCE).contains("com.atlassian.spring.container;"));
            assertFalse(SystemExports.forProduct(Product.JIRA).contains("com.atlassian.spring.container"));

            HttpResponse<String> anonymous = host.get("/authenticate.action?destination=%2Fsecure%2Fdashboard");
            assertEquals(302, anonymous.statusCode(), "websudo page needs a login");
            assertEquals(302, host.login("local", "local", null).statusCode());
            // The product's form, with Confluence's parameter, posting to itself.
            HttpResponse<String> page = host.get("/authenticate.action?destination=%2Fsecure%2Fdashboard");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("action=\"/authenticate.action\""), page.body());
            assertTrue(page.body().contains("name=\"destination\""), page.body());
            HttpResponse<String> confirmed = host.postForm("/authenticate.action",
                    java.util.Map.of("password", "local", "destination", "/secure/dashboard"));
            assertEquals(302, confirmed.statusCode());
            assertEquals("/secure/dashboard", confirmed.headers().firstValue("Location").orElse(""));
        }
    }

    @Test
    void loginWhenUserHasNoProductAccessThenLocalFormRefusesWith403() throws Exception {
        try (TestHost host = start("refapp")) {
            FileCrowdService directory = new FileCrowdService(work.resolve("home-refapp"));
            directory.addGroup(new DirectoryGroup(RefAuthenticationController.NO_ACCESS_GROUP));
            directory.addUserToGroup(directory.getUser("local"), directory.getGroup(RefAuthenticationController.NO_ACCESS_GROUP));

            HttpResponse<String> refused = host.login("local", "local", null);

            assertEquals(403, refused.statusCode());
            assertTrue(host.get("/rest/whoami").body().contains(ANONYMOUS));
            assertEquals(302, host.login("admin", "admin", null).statusCode(), "control: admin has access");
        }
    }
}
