package io.oidcsso.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrowserBindingTest {
    @Test
    void readOrCreateWhenWellFormedCookiePresentThenReused() {
        String value = BrowserBinding.newValue();
        assertEquals(value, BrowserBinding.readOrCreate(FakeRequest.get("/").cookie("OIDCSSO_BIND", value).request()));
    }

    @Test
    void readWhenCookieMalformedThenIgnored() {
        assertEquals(Optional.empty(), BrowserBinding.read(FakeRequest.get("/").cookie("OIDCSSO_BIND", "x;y").request()));
    }

    @Test
    void readWhenSlotSuffixThenBindingWithoutItAndSlotKnown() {
        String value = BrowserBinding.newValue();
        FakeRequest request = FakeRequest.get("/").cookie("OIDCSSO_BIND", value + ".2");
        assertEquals(Optional.of(value), BrowserBinding.read(request.request()));
        assertEquals(2, BrowserBinding.lastSlot(request.request()));
        assertEquals(-1, BrowserBinding.lastSlot(FakeRequest.get("/").cookie("OIDCSSO_BIND", value).request()));
    }

    @Test
    void newValueWhenCalledTwiceThenDifferent() {
        assertNotEquals(BrowserBinding.newValue(), BrowserBinding.newValue());
    }

    @Test
    void writeWhenSecureThenHttpOnlyLaxAndSecure() {
        FakeResponse response = new FakeResponse();
        BrowserBinding.write(response.response(), BrowserBinding.newValue(), "/jira", true);
        String cookie = response.header("Set-Cookie");
        assertTrue(cookie.contains("; Path=/jira;"));
        assertTrue(cookie.contains("; HttpOnly; SameSite=Lax; Secure"));
    }
}
