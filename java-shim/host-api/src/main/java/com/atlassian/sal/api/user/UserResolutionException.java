package com.atlassian.sal.api.user;

/**
 * Stub of SAL's UserResolutionException. UNVERIFIED: not in the API reference; the declaration
 * ({@code extends RuntimeException}, these three constructors) was read in public SAL source found
 * through a code index whose repository was not named. See docs/host-api.md.
 */
public class UserResolutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserResolutionException(String message, Throwable cause) {
        super(message, cause);
    }

    public UserResolutionException(Throwable cause) {
        super(cause);
    }

    public UserResolutionException(String message) {
        super(message);
    }
}
