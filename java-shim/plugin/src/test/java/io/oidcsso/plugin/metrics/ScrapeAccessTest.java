package io.oidcsso.plugin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScrapeAccessTest {
    @AfterEach
    void clearToken() {
        System.clearProperty(ScrapeAccess.TOKEN_PROPERTY);
    }

    @Test
    void allowsWhenTokenMatchesConfiguredHashThenTrueElseFalse() {
        System.setProperty(ScrapeAccess.TOKEN_PROPERTY, ScrapeAccess.hashOf("s3cret-scrape").toUpperCase());

        assertTrue(ScrapeAccess.allows("OidcSsoMetrics s3cret-scrape"));
        assertTrue(ScrapeAccess.allows("oidcssometrics s3cret-scrape"), "the scheme is case-insensitive (RFC 9110)");
        assertFalse(ScrapeAccess.allows("OidcSsoMetrics s3cret-scrapf"));
        // Bearer belongs to the products' personal access tokens; the scrape token never travels in it.
        assertFalse(ScrapeAccess.allows("Bearer s3cret-scrape"));
        assertFalse(ScrapeAccess.allows("OidcSsoMetrics "));
        assertFalse(ScrapeAccess.allows("Basic czNjcmV0LXNjcmFwZQ=="));
        assertFalse(ScrapeAccess.allows(null));
        assertFalse(ScrapeAccess.allows("OidcSsoMetrics " + "x".repeat(600)));
    }

    @Test
    void allowsWhenNoOrMalformedHashConfiguredThenNoTokenAccepted() {
        assertFalse(ScrapeAccess.tokenConfigured());
        assertFalse(ScrapeAccess.allows("OidcSsoMetrics anything"));

        // The token itself instead of its hash: refused, not compared.
        System.setProperty(ScrapeAccess.TOKEN_PROPERTY, "s3cret-scrape");
        assertFalse(ScrapeAccess.tokenConfigured());
        assertFalse(ScrapeAccess.allows("OidcSsoMetrics s3cret-scrape"));
    }

    @Test
    void hashOfWhenKnownInputThenSha256Hex() {
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", ScrapeAccess.hashOf("hello"));
    }
}
