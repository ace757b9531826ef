package com.atlassian.bitbucket.auth;

import javax.servlet.FilterChain;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Stub of bitbucket-spi's {@code HttpAuthenticationContext} ([JAVADOC] 8.18.0, 9.3.0, 9.6.0). The string values
 * of the {@code METHOD_*} constants are UNVERIFIED (atlassian-api-reference.md, NOT VERIFIED 11): a
 * {@code static final String} is inlined into the caller, so the plugin never reads them; only the reference
 * host, which implements this interface, does.
 */
public interface HttpAuthenticationContext {
    String METHOD_BASIC = "basic";
    String METHOD_FORM = "form";
    String METHOD_TOKEN = "token";

    FilterChain getFilterChain();

    HttpServletRequest getRequest();

    HttpServletResponse getResponse();

    String getUsername();

    Object getCredentials();

    String getMethod();
}
