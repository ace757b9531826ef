package com.atlassian.crowd.exception;

import com.atlassian.crowd.embedded.api.User;

/** Stub of Crowd's InvalidUserException (checked, [DECL] constructors). */
public class InvalidUserException extends CrowdException {
    private static final long serialVersionUID = 1L;

    public InvalidUserException(User user, String message) {
        super(message);
    }

    public InvalidUserException(User user, Throwable cause) {
        super(cause);
    }

    public InvalidUserException(User user, String message, Throwable cause) {
        super(message, cause);
    }
}
