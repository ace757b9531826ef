package com.atlassian.crowd.exception;

/**
 * Stub of Crowd's InactiveAccountException ({@code extends FailedAuthenticationException}, [DECL]
 * embedded-crowd-api 5.1.6: these two constructors, the message format and {@code getName}).
 * Thrown by the reference host's {@code authenticate}; the plugin never names it.
 */
public class InactiveAccountException extends FailedAuthenticationException {
    private static final long serialVersionUID = 1L;

    private final String name;

    public InactiveAccountException(String name) {
        this(name, null);
    }

    public InactiveAccountException(String name, Throwable e) {
        super(String.format("Account with name <%s> is inactive", name), e);
        this.name = name;
    }

    public String getName() {
        return name;
    }
}
