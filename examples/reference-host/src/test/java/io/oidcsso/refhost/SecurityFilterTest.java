package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The host's Seraph-like checks on what a plugin puts in the session. */
class SecurityFilterTest extends HostPerTest {
    private static final String ANONYMOUS = "\"user\":null";

    @Test
    void sessionWhenBoundWithPrincipalFromSalResolveThenUserIsLoggedIn() throws Exception {
        host.get("/plugins/servlet/bind?user=local");
        String whoami = host.get("/rest/whoami").body();
        assertTrue(whoami.contains("\"user\":\"local\""), whoami);
    }

    @Test
    void sessionWhenBoundWithForeignPrincipalTypeThenAnonymous() throws Exception {
        String bound = host.get("/plugins/servlet/bind?user=admin&foreign=true").body();
        assertTrue(bound.contains("OwnPrincipal"), bound);
        assertTrue(host.get("/rest/whoami").body().contains(ANONYMOUS));
        assertEquals(401, host.get("/rest/anything").statusCode());
    }

    @Test
    void sessionWhenForeignPrincipalSeenThenLoginKeysRemovedForGood() throws Exception {
        host.get("/plugins/servlet/bind?user=admin&foreign=true");
        host.get("/rest/whoami");
        // The keys are gone: not even the user-id key logs the session in afterwards.
        assertTrue(host.get("/rest/whoami").body().contains(ANONYMOUS));
    }

    @Test
    void sessionWhenBoundToInactiveUserThenAnonymous() throws Exception {
        String bound = host.get("/plugins/servlet/bind?user=inactive").body();
        assertTrue(bound.startsWith("bound "), bound);
        assertTrue(host.get("/rest/whoami").body().contains(ANONYMOUS));
        HttpResponse<String> page = host.get("/secure/dashboard");
        assertEquals(302, page.statusCode());
    }

    @Test
    void sessionWhenBoundWithoutNewIdAfterAnonymousUseThenRefusedAsFixation() throws Exception {
        host.get("/plugins/servlet/bind?user=admin&foreign=true");
        host.get("/rest/whoami");
        host.get("/plugins/servlet/bind?user=admin");
        assertTrue(host.get("/rest/whoami").body().contains(ANONYMOUS));
    }

    @Test
    void sessionWhenBoundWithNewIdAfterAnonymousUseThenLoggedIn() throws Exception {
        host.get("/plugins/servlet/bind?user=admin&foreign=true");
        host.get("/rest/whoami");
        host.get("/plugins/servlet/bind?user=admin&rotate=true");
        assertTrue(host.get("/rest/whoami").body().contains("\"user\":\"admin\""));
    }

    @Test
    void sessionWhenLoggedOutThenAnonymousAndLoginNeededAgain() throws Exception {
        host.login("admin", "admin", null);
        assertTrue(host.get("/rest/whoami").body().contains("\"user\":\"admin\""));
        host.get("/logout");
        assertTrue(host.get("/rest/whoami").body().contains(ANONYMOUS));
    }

    @Test
    void loginWhenSessionExistedThenSessionIdRotated() throws Exception {
        host.get("/plugins/servlet/bind?user=admin&foreign=true");
        String before = sessionCookie();
        host.login("admin", "admin", null);
        String after = sessionCookie();
        assertTrue(before != null && after != null && !before.equals(after), before + " -> " + after);
    }

    private String sessionCookie() {
        return ((java.net.CookieManager) host.browser.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("JSESSIONID"))
                .map(java.net.HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }
}
