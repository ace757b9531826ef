package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import org.junit.jupiter.api.Test;

class FailurePageTest {
    @Test
    void renderWhenCodeContainsMarkupThenEscaped() throws Exception {
        FakeResponse response = new FakeResponse();
        new FailurePage("/login.jsp").render(FakeRequest.get("/x").request(), response.response(), 401,
                "<script>alert(1)</script>", "REF123");
        assertFalse(response.body().contains("<script>"));
        assertTrue(response.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    @Test
    void renderWhenFailedThenStatusCodeReferenceAndLocalLoginLinkShown() throws Exception {
        FakeResponse response = new FakeResponse();
        new FailurePage("/login.jsp").render(FakeRequest.get("/x").contextPath("/jira").request(), response.response(),
                503, "discovery_failed", "ABCDEF2345");
        assertEquals(503, response.status());
        assertEquals("no-store", response.header("Cache-Control"));
        assertTrue(response.contentType().startsWith("text/html"));
        assertTrue(response.body().contains("discovery_failed"));
        assertTrue(response.body().contains("ABCDEF2345"));
        assertTrue(response.body().contains("href=\"/jira/login.jsp?oidcsso_local=true\""));
    }

    @Test
    void renderWhenKnownRefusalCodeThenActionableSentence() throws Exception {
        FakeResponse response = new FakeResponse();
        new FailurePage("/login").render(FakeRequest.get("/x").request(), response.response(), 403,
                "account_exists_not_linked", "R");
        assertTrue(response.body().contains("not linked to your identity provider"));
        // The reference is what the admin's Accounts page lists the refusal by.
        assertTrue(response.body().contains("give them the reference below"));
    }
}
