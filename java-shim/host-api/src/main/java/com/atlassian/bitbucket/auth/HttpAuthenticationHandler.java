package com.atlassian.bitbucket.auth;

/**
 * Stub of bitbucket-spi's {@code HttpAuthenticationHandler} ([JAVADOC] 8.18.0, 10.2.0, latest; the module type
 * {@code <http-auth-handler>}). {@code performAuthentication} returns null when the request is not the
 * handler's (the next handler by weight is asked); {@code validateAuthentication} runs on requests of an
 * already authenticated user and throws {@link AuthenticationException} to force re-authentication.
 */
public interface HttpAuthenticationHandler {
    AuthenticationResult performAuthentication(HttpAuthenticationContext authenticationContext);

    void validateAuthentication(HttpAuthenticationContext authenticationContext);
}
