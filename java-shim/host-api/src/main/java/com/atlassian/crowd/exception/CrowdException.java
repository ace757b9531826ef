package com.atlassian.crowd.exception;

/**
 * Stub of Crowd's checked CrowdException ({@code extends Exception}, [DECL]). Its constructors
 * are UNVERIFIED (not in the API reference); the plugin only catches this type.
 */
public class CrowdException extends Exception {
    private static final long serialVersionUID = 1L;

    public CrowdException() {
        super();
    }

    public CrowdException(String message) {
        super(message);
    }

    public CrowdException(String message, Throwable cause) {
        super(message, cause);
    }

    public CrowdException(Throwable cause) {
        super(cause);
    }
}
