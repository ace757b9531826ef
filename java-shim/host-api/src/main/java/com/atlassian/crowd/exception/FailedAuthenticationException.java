package com.atlassian.crowd.exception;

/**
 * Stub of Crowd's FailedAuthenticationException (checked, {@code extends CrowdException}, [DECL]
 * embedded-crowd-api 5.1.6, with these four constructors): what {@code CrowdService.authenticate}
 * throws for a wrong password, an unknown or inactive account or an expired credential (the last
 * three as subclasses). The plugin only catches it.
 */
public class FailedAuthenticationException extends CrowdException {
    private static final long serialVersionUID = 1L;

    public FailedAuthenticationException() {
        super();
    }

    public FailedAuthenticationException(String message) {
        super(message);
    }

    public FailedAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }

    public FailedAuthenticationException(Throwable cause) {
        super(cause);
    }
}
