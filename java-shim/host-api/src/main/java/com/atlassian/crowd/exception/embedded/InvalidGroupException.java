package com.atlassian.crowd.exception.embedded;

import com.atlassian.crowd.embedded.api.Group;
import com.atlassian.crowd.exception.CrowdException;

/** Stub of Crowd's InvalidGroupException (checked, [DECL] constructors). */
public class InvalidGroupException extends CrowdException {
    private static final long serialVersionUID = 1L;

    public InvalidGroupException(Group group, Throwable cause) {
        super(cause);
    }

    public InvalidGroupException(Group group, String message) {
        super(message);
    }

    public InvalidGroupException(Group group, String message, Throwable cause) {
        super(message, cause);
    }
}
