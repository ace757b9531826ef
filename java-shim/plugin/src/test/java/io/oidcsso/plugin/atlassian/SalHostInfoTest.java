package io.oidcsso.plugin.atlassian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeSal;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SalHostInfoTest {
    @Test
    void baseUrlWhenTrailingSlashThenRemoved() {
        SalHostInfo info = new SalHostInfo(new FakeSal.Properties("jira", "https://jira.example.com/jira/"));
        assertEquals("https://jira.example.com/jira", info.baseUrl());
        assertTrue(info.isSecure());
    }

    @Test
    void baseUrlWhenNotHttpThenRejectedWithHint() {
        SalHostInfo info = new SalHostInfo(new FakeSal.Properties("jira", "jira.example.com"));
        IllegalStateException failure = assertThrows(IllegalStateException.class, info::baseUrl);
        assertTrue(failure.getMessage().contains("base URL"));
    }

    @Test
    void isSecureWhenHttpThenFalse() {
        assertFalse(new SalHostInfo(new FakeSal.Properties("refapp", "http://127.0.0.1:8080")).isSecure());
    }

    @ParameterizedTest
    @CsvSource({"jira,/login.jsp", "conf,/login.action", "bitbucket,/login", "refapp,/login",
            "bamboo,/userlogin!doDefault.action"})
    void loginPathsWhenPlatformKnownThenProductLoginPage(String platform, String path) {
        assertEquals(Set.of(path), new SalHostInfo(new FakeSal.Properties(platform, "http://h")).loginPaths());
    }
}
