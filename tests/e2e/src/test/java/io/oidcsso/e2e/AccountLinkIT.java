package io.oidcsso.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Account linking (issue 11 item 7) in headless Chromium: the dev IdP's {@code local} has the
 * username of an existing local account that is not linked to it, and the IdP does not link
 * existing accounts, so the login is refused with the "Account not linked" page and its reference;
 * the administrator finds that reference on the Accounts page and links it; the user's next login
 * succeeds as that account; unlinking it refuses the login again.
 *
 * <p>With {@code -De2e.screenshots=DIR} (scripts/screenshots.sh) the Accounts page is saved as
 * {@code admin-accounts.png} for docs/admin-guide.md.
 */
class AccountLinkIT {
    private static final String ENTRY = "/plugins/servlet/oidc-sso/admin";

    @RegisterExtension
    static final SingleHostExtension SETUP = new SingleHostExtension("account-link", "account-link", SingleHost.DEMO);

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void demoDoesNotLinkExistingAccounts() throws IOException {
        assertTrue(Files.readString(SingleHost.demoFile(), StandardCharsets.UTF_8).contains("\"linkExistingAccounts\": false"),
                "the demo must not link existing accounts");
    }

    private ChromeDriver driver() {
        ChromeDriver driver = browsers.start(SETUP.workDir());
        driver.manage().window().setSize(new Dimension(1280, 900));
        return driver;
    }

    private BrowserSteps browser() {
        return new BrowserSteps(driver());
    }

    /** The dev IdP's {@code local} signs in from a fresh browser; the browser ends where the callback sent it. */
    private BrowserSteps ssoAsLocal() {
        BrowserSteps user = browser();
        user.open(SETUP.host().url("/secure/dashboard"));
        user.signInAtDevIdp(SETUP.idp().issuer(), "local", "local");
        return user;
    }

    private static String refusedReference(BrowserSteps user) {
        assertTrue(user.awaitText("Account not linked"), user.describe());
        assertEquals("account_exists_not_linked", user.text("oidcsso-code"), user.describe());
        assertTrue(user.pageText().contains("give them the reference below"), user.describe());
        String reference = user.text("oidcsso-reference");
        assertTrue(reference.matches("[A-Z0-9]{10}"), reference);
        return reference;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> apiGet(ChromeDriver driver, String endpoint) {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'})"
                        + ".then(r => r.text().then(t => done({status: r.status, body: t})))"
                        + ".catch(e => done({status: -1, body: String(e)}));", ENTRY + "/api/" + endpoint);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> apiPost(ChromeDriver driver, String endpoint, String json) {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {method: 'POST', credentials: 'same-origin', headers: {'Content-Type':"
                        + " 'application/json', 'X-Atlassian-Token': 'no-check'}, body: arguments[1]})"
                        + ".then(r => r.text().then(t => done({status: r.status, body: t})))"
                        + ".catch(e => done({status: -1, body: String(e)}));", ENTRY + "/api/" + endpoint, json);
    }

    /** A browser of the administrator, on the Accounts page: its driver (for the API calls) and its steps. */
    private record AccountsPage(ChromeDriver driver, BrowserSteps steps) {
    }

    /**
     * {@code admin} signed in with the product's local login, then on the plugin's Accounts page, which lists the
     * refused login {@code reference}.
     */
    private AccountsPage adminOnAccountsPage(String reference) {
        ChromeDriver adminDriver = driver();
        BrowserSteps admin = new BrowserSteps(adminDriver);
        admin.open(SETUP.host().url(E2eSettings.LOCAL_LOGIN_PATH));
        admin.signInLocally("admin", "admin");
        admin.awaitLocation(SETUP.host().baseUrl(), "/secure/dashboard");
        admin.open(SETUP.host().url(ENTRY + "#accounts"));
        assertTrue(admin.awaitText(reference), admin.describe());
        return new AccountsPage(adminDriver, admin);
    }

    /** The host's users admin as {@code admin}. */
    private static HttpResponse<String> usersAdmin(String method, String path, String body) {
        return SETUP.host().usersAdmin("admin:admin", method, path, body);
    }

    /**
     * A refused login binds the account it claimed by its user key: {@code carol} (a host account the IdP's
     * carol claims) is refused; before the admin confirms, the product's admin renames the account and creates
     * a new one under the name "carol" (the host's users admin). Confirming the refused login for "carol" is
     * refused ({@code account_changed}, nothing linked; the Accounts page says the claimed account is now
     * named {@code carol.renamed}), so the IdP's carol never gets the new account; the admin who names the
     * renamed account gets it linked, and carol's next login is that account.
     */
    @Test
    void linkWhenClaimedAccountRenamedAndNewAccountTookTheNameBeforeTheAdminConfirmsThenRefusedNothingLinked() {
        HttpResponse<String> existing = usersAdmin("POST", "", "{\"name\":\"carol\",\"password\":\"host-carol\"}");
        assertEquals(201, existing.statusCode(), existing.body());
        BrowserSteps user = browser();
        user.open(SETUP.host().url("/secure/dashboard"));
        user.signInAtDevIdp(SETUP.idp().issuer(), "carol", "carol");
        String reference = refusedReference(user);

        HttpResponse<String> renamed = usersAdmin("PUT", "/rename", "{\"oldName\":\"carol\",\"name\":\"carol.renamed\"}");
        assertEquals(200, renamed.statusCode(), renamed.body());
        HttpResponse<String> created = usersAdmin("POST", "", "{\"name\":\"carol\",\"password\":\"new-carol\"}");
        assertEquals(201, created.statusCode(), created.body());

        AccountsPage page = adminOnAccountsPage(reference);
        ChromeDriver adminDriver = page.driver();
        BrowserSteps admin = page.steps();
        assertTrue(admin.awaitText("now named carol.renamed"), admin.describe());
        Map<String, Object> confirm = apiPost(adminDriver, "links", "{\"idp\":\"dev\",\"sub\":\"carol-sub\","
                + "\"user\":\"carol\",\"reference\":\"" + reference + "\"}");
        assertEquals(409L, confirm.get("status"), confirm.toString());
        assertTrue(String.valueOf(confirm.get("body")).contains("account_changed")
                && String.valueOf(confirm.get("body")).contains("renamed to carol.renamed"), confirm.toString());
        Map<String, Object> linked = apiGet(adminDriver, "links?idp=dev&sub=carol-sub");
        assertTrue(String.valueOf(linked.get("body")).contains("\"user\":null"), "nothing linked: " + linked);

        // The UI's Link button sends the reference too: the same refusal, shown to the admin.
        admin.click("link-" + reference);
        assertTrue(admin.awaitText("Not linked"), admin.describe());

        // Confirmed for the claimed account under its new name (the key it bound): linked, and carol's next
        // login is that account, never the new "carol". (It also leaves no refusal pending for the other test.)
        Map<String, Object> follow = apiPost(adminDriver, "links", "{\"idp\":\"dev\",\"sub\":\"carol-sub\","
                + "\"user\":\"carol.renamed\",\"reference\":\"" + reference + "\"}");
        assertEquals(200L, follow.get("status"), follow.toString());
        BrowserSteps linkedLogin = browser();
        linkedLogin.open(SETUP.host().url("/secure/dashboard"));
        linkedLogin.signInAtDevIdp(SETUP.idp().issuer(), "carol", "carol");
        linkedLogin.awaitLocation(SETUP.host().baseUrl(), "/secure/dashboard");
        assertEquals("carol.renamed", linkedLogin.whoami(SETUP.host()).user(), linkedLogin.describe());
    }

    @Test
    void loginWhenUsernameOfAnUnlinkedAccountThenRefusedUntilTheAdminLinksItOnTheAccountsPage() {
        // Refused, with the reference the admin will look for.
        BrowserSteps user = ssoAsLocal();
        String reference = refusedReference(user);

        // The admin: Accounts page, the refused login with that reference, Link.
        AccountsPage page = adminOnAccountsPage(reference);
        ChromeDriver adminDriver = page.driver();
        BrowserSteps admin = page.steps();
        assertEquals("Accounts", admin.text("page-title"));
        String row = admin.text("pending-" + reference);
        assertTrue(row.contains("local-sub") && row.contains("local@example.com") && row.contains("dev"), row);
        admin.screenshot("admin-accounts");
        admin.click("link-" + reference);
        assertTrue(admin.awaitText("to the account local"), admin.describe());
        assertTrue(admin.awaitText("No refused logins waiting for a link."), admin.describe());
        // The account's links, shown after the link.
        assertTrue(admin.awaitText("local-sub"), admin.describe());
        assertTrue(admin.text("user-links").contains(SETUP.idp().issuer().toString()), admin.describe());
        Map<String, Object> byIdentity = apiGet(adminDriver, "links?idp=dev&sub=local-sub");
        assertEquals(200L, byIdentity.get("status"), byIdentity.toString());
        assertTrue(String.valueOf(byIdentity.get("body")).contains("\"user\":\"local\""), byIdentity.toString());

        // The same user's next login succeeds, as the existing account.
        BrowserSteps again = ssoAsLocal();
        again.awaitLocation(SETUP.host().baseUrl(), "/secure/dashboard");
        assertEquals("local", again.whoami(SETUP.host()).user(), again.describe());

        // Unlinked: that identity is refused again.
        admin.click("unlink-0");
        assertTrue(admin.awaitText("Unlinked from local"), admin.describe());
        Map<String, Object> after = apiGet(adminDriver, "links?idp=dev&sub=local-sub");
        assertTrue(String.valueOf(after.get("body")).contains("\"user\":null"), after.toString());
        refusedReference(ssoAsLocal());
        adminDriver.findElement(By.id("pending-refresh")).click();
        assertTrue(admin.awaitText("local-sub"), "refused again, listed again: " + admin.describe());
    }
}
