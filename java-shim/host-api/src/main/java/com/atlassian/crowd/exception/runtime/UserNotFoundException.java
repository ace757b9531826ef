package com.atlassian.crowd.exception.runtime;

/** Stub of Crowd's unchecked UserNotFoundException ([DECL] constructors). */
public class UserNotFoundException extends CrowdRuntimeException {
    private static final long serialVersionUID = 1L;

    public UserNotFoundException(String userName) {
        super(userName);
    }

    public UserNotFoundException(String userName, Throwable cause) {
        super(userName, cause);
    }
}
