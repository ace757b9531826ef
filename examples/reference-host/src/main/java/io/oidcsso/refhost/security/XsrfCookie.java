package io.oidcsso.refhost.security;

import io.oidcsso.refhost.sal.RefXsrfTokenValidator;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/** Gives a logged-in browser its session's XSRF token in a cookie, as Jira does. */
final class XsrfCookie {
    private XsrfCookie() {}

    static void offer(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        String token = RefXsrfTokenValidator.tokenFor(session);
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (RefXsrfTokenValidator.COOKIE.equals(cookie.getName()) && token.equals(cookie.getValue())) {
                    return;
                }
            }
        }
        Cookie cookie = new Cookie(RefXsrfTokenValidator.COOKIE, token);
        cookie.setPath("/");
        response.addCookie(cookie);
    }
}
