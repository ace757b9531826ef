package io.oidcsso.plugin.web;

import io.oidcsso.plugin.fakes.FakeRequest;
import io.oidcsso.plugin.fakes.FakeResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a login start left in the browser: its state and every cookie set, to send to the callback. */
record StartedLogin(String state, Map<String, String> cookies) {
    static StartedLogin from(FakeResponse response) {
        String location = response.redirect();
        if (location == null || !location.contains("state=")) {
            throw new AssertionError("not a login start: " + response.status() + " " + response.body());
        }
        return new StartedLogin(location.substring(location.indexOf("state=") + 6), cookies(response));
    }

    /** name -> value of each Set-Cookie header that sets (not deletes) a cookie. */
    static Map<String, String> cookies(FakeResponse response) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : response.headers("Set-Cookie")) {
            String pair = header.substring(0, header.indexOf(';'));
            if (!header.contains("Max-Age=0")) {
                cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return cookies;
    }

    /** The browser binding, without the slot suffix. */
    String binding() {
        String value = cookies.get(BrowserBinding.COOKIE_NAME);
        return value.contains(".") ? value.substring(0, value.indexOf('.')) : value;
    }

    /** The sealed pending login's cookie name. */
    String pendingCookieName() {
        return cookies.keySet().stream().filter(name -> name.startsWith(PendingCookies.NAME_PREFIX)).findFirst()
                .orElseThrow(() -> new AssertionError("no pending-login cookie in " + cookies));
    }

    FakeRequest addCookies(FakeRequest request) {
        cookies.forEach(request::cookie);
        return request;
    }
}
