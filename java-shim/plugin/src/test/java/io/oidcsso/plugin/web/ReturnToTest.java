package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReturnToTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "/browse/X-1, /browse/X-1",
            "/secure/Dashboard.jspa?a=1&b=2, /secure/Dashboard.jspa?a=1&b=2",
            "https://jira.example.com/jira/browse/X-1, /browse/X-1",
            "https://jira.example.com/jirax/browse/X-1, NULL",
            "https://evil.example/browse, NULL",
            "//evil.example/path, NULL",
            "/\\evil.example, NULL",
            "browse/X-1, NULL",
            "javascript:alert(1), NULL",
            "NULL, NULL"})
    void sanitizeWhenCandidateThenOnlySameSitePathsKept(String candidate, String expected) {
        assertEquals(expected, ReturnTo.sanitize(candidate, "https://jira.example.com/jira"));
    }

    @Test
    void sanitizeWhenControlCharacterThenDropped() {
        assertNull(ReturnTo.sanitize("/a\r\nSet-Cookie:x", "https://jira.example.com"));
    }
}
