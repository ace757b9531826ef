package io.oidcsso.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a person does in the browser, as small steps with failure messages that show the page. */
final class BrowserSteps {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebDriver driver;

    BrowserSteps(WebDriver driver) {
        this.driver = driver;
    }

    void open(URI uri) {
        driver.get(uri.toString());
    }

    URI currentUrl() {
        return URI.create(driver.getCurrentUrl());
    }

    String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /**
     * Waits until the page shows {@code expected}: after a click or a form post the old page may
     * still be there, or the new one not yet have a body. False when it never shows up.
     */
    boolean awaitText(String expected) {
        try {
            new WebDriverWait(driver, WAIT).until(d -> {
                try {
                    return pageText().contains(expected);
                } catch (NoSuchElementException | StaleElementReferenceException navigating) {
                    return false;
                }
            });
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Waits until the browser is on {@code origin} (scheme, host, port) and {@code path} prefix. */
    void awaitLocation(URI origin, String pathPrefix) {
        try {
            new WebDriverWait(driver, WAIT).until(d -> {
                URI current = URI.create(d.getCurrentUrl());
                return ScriptedLogin.sameOrigin(current, origin) && current.getPath().startsWith(pathPrefix);
            });
        } catch (TimeoutException e) {
            throw new AssertionError("expected the browser at " + origin + pathPrefix + " but it is at\n"
                    + describe(), e);
        }
    }

    /** Waits until the browser has left {@code path} (a form there was posted and answered with a redirect). */
    void awaitAwayFrom(String path) {
        try {
            new WebDriverWait(driver, WAIT).until(d -> !URI.create(d.getCurrentUrl()).getPath().equals(path));
        } catch (TimeoutException e) {
            throw new AssertionError("expected the browser to leave " + path + " but it is at\n" + describe(), e);
        }
    }

    /** Fills the dev IdP's sign-in form (the browser must be on it) and submits it. */
    void signInAtDevIdp(URI issuer, String username, String password) {
        awaitLocation(issuer, "/interaction/");
        field(By.id("username")).sendKeys(username);
        field(By.id("password")).sendKeys(password);
        field(By.id("sign-in")).click();
    }

    /** Confirms the dev IdP's "sign out?" page (RP-initiated or direct end-session); the browser must be on it. */
    void confirmDevIdpLogout(URI issuer) {
        awaitLocation(issuer, "/session/end");
        field(By.id("logout-yes")).click();
    }

    /** Fills Keycloak's sign-in form (the browser must be on it) and submits it. */
    void signInAtKeycloak(URI issuer, String username, String password) {
        awaitLocation(issuer, issuer.getPath());
        field(By.id("username")).sendKeys(username);
        field(By.id("password")).sendKeys(password);
        field(By.id("kc-login")).click();
    }

    /** Confirms Keycloak's "Do you want to log out?" page (a logout started at Keycloak itself). */
    void confirmKeycloakLogout(URI issuer) {
        awaitLocation(issuer, issuer.getPath() + "/protocol/openid-connect/logout");
        field(By.id("kc-logout")).click();
    }

    /** Fills the host's local login form (os_username / os_password) and submits it with Enter. */
    void signInLocally(String username, String password) {
        field(By.name("os_username")).sendKeys(username);
        WebElement passwordField = field(By.name("os_password"));
        passwordField.sendKeys(password);
        passwordField.sendKeys(Keys.ENTER);
    }

    /** Clicks the element with this id (waiting for it). */
    void click(String id) {
        field(By.id(id)).click();
    }

    /** Types into the element with this id and presses Enter (submits its form). */
    void typeAndSubmit(String id, String text) {
        WebElement input = field(By.id(id));
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    /** Empties the field with this id, types {@code text} and presses Enter. */
    void replaceAndSubmit(String id, String text) {
        WebElement input = field(By.id(id));
        input.clear();
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    /** The HTML as the browser holds it now. */
    String pageSource() {
        return driver.getPageSource();
    }

    /** The value of a JavaScript expression in the page (null when undefined). */
    Object script(String expression) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return " + expression + ";");
    }

    /** The visible text of the element with this id (waiting for it). */
    String text(String id) {
        return field(By.id(id)).getText();
    }

    /** The current value of the form field with this id (what the user sees in it). */
    String value(String id) {
        return field(By.id(id)).getDomProperty("value");
    }

    /** A CSS property of the first element {@code selector} matches, as the browser computed it. */
    String computedStyle(String selector, String property) {
        Object value = script("getComputedStyle(document.querySelector('" + selector + "'))."
                + property);
        return String.valueOf(value);
    }

    /**
     * Saves what the browser shows as {@code <name>.png} in the screenshot folder, when the run
     * asks for screenshots ({@link E2eSettings#screenshotDir()}); otherwise does nothing.
     */
    void screenshot(String name) {
        E2eSettings.screenshotDir().ifPresent(dir -> {
            try {
                java.nio.file.Files.createDirectories(dir);
                byte[] png = ((org.openqa.selenium.TakesScreenshot) driver)
                        .getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
                java.nio.file.Files.write(dir.resolve(name + ".png"), png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write screenshot " + name + " to " + dir, e);
            }
        });
    }

    boolean hasField(String name) {
        return !driver.findElements(By.name(name)).isEmpty();
    }

    /** The host's /rest/whoami as this browser sees it (its cookies, its session). */
    Whoami whoami(ReferenceHost host) {
        open(host.url("/rest/whoami"));
        return Whoami.parse(pageText());
    }

    /** Where the browser is and the start of what it shows, for failure messages. */
    String describe() {
        String text;
        try {
            text = pageText();
        } catch (RuntimeException e) {
            text = "(no page text: " + e.getMessage() + ")";
        }
        return "URL: " + driver.getCurrentUrl() + "\nTitle: " + driver.getTitle() + "\nText: "
                + (text.length() > 2000 ? text.substring(0, 2000) + "..." : text);
    }

    private WebElement field(By by) {
        try {
            return new WebDriverWait(driver, WAIT).until(d -> {
                List<WebElement> found = d.findElements(by);
                return found.isEmpty() ? null : found.get(0);
            });
        } catch (TimeoutException e) {
            throw new AssertionError("no element " + by + " on the page:\n" + describe(), e);
        }
    }
}
