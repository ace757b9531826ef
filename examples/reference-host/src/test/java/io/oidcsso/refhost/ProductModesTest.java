package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.refhost.crowd.DirectoryGroup;
import io.oidcsso.refhost.crowd.FileCrowdService;
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
