package com.atlassian.crowd.exception.runtime;

/**
 * Stub of Crowd's CrowdRuntimeException ({@code extends RuntimeException}, [DECL]). Constructors
 * UNVERIFIED (not in the API reference); the plugin only catches this type.
 */
public class CrowdRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CrowdRuntimeException(String message) {
        super(message);
    }

    public CrowdRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
