package com.atlassian.bitbucket.auth;

import com.atlassian.bitbucket.ServiceException;
import com.atlassian.bitbucket.i18n.KeyedMessage;

/**
 * Stub of bitbucket-api's {@code AuthenticationException} ([JAVADOC] 9.2.1: {@code extends ServiceException},
 * so unchecked; constructors {@code (KeyedMessage)} and {@code (KeyedMessage, Throwable)}). What an
 * {@code http-auth-handler} throws to refuse the request's credentials.
 */
public class AuthenticationException extends ServiceException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(KeyedMessage message) {
        super(message);
    }

    public AuthenticationException(KeyedMessage message, Throwable cause) {
        super(message, cause);
    }
}
