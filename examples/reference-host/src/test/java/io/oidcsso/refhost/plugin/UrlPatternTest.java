package io.oidcsso.refhost.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlPatternTest {
    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "/*, /, true",
        "/*, /secure/dashboard, true",
        "/oidc/*, /oidc, true",
        "/oidc/*, /oidc/callback, true",
        "/oidc/*, /oidcx, false",
        "/logout, /logout, true",
        "/logout, /logout/x, false",
        "/logout*, /logout.action, true",
        "*.jsp, /login.jsp, true",
        "*.jsp, /login.jspx, false",
        "/a?c, /abc, true",
        "/a?c, /ac, false",
    })
    void matchesWhenPatternAndPathThenFrameworkSemantics(String pattern, String path, boolean expected) {
        assertEquals(expected, new UrlPattern(pattern).matches(path));
    }
}
