package com.atlassian.crowd.exception;

/** Stub of Crowd's InvalidCredentialException (checked, [DECL]); constructor UNVERIFIED. */
public class InvalidCredentialException extends CrowdException {
    private static final long serialVersionUID = 1L;

    public InvalidCredentialException(String message) {
        super(message);
    }
}
