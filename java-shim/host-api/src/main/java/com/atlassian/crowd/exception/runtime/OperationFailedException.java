package com.atlassian.crowd.exception.runtime;

/** Stub of Crowd's unchecked OperationFailedException ([DECL] superclass); constructor UNVERIFIED. */
public class OperationFailedException extends CrowdRuntimeException {
    private static final long serialVersionUID = 1L;

    public OperationFailedException(String message) {
        super(message);
    }
}
