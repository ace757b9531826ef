package com.atlassian.crowd.exception;

/** Stub of Crowd's OperationNotPermittedException (checked, [DECL] constructors). */
public class OperationNotPermittedException extends CrowdException {
    private static final long serialVersionUID = 1L;

    public OperationNotPermittedException() {
        super();
    }

    public OperationNotPermittedException(String message) {
        super(message);
    }

    public OperationNotPermittedException(String message, Throwable cause) {
        super(message, cause);
    }

    public OperationNotPermittedException(Throwable cause) {
        super(cause);
    }
}
