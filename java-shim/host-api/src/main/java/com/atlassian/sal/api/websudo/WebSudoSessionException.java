package com.atlassian.sal.api.websudo;

/** Stub of SAL's WebSudoSessionException (sal-api 5.1.4, [DECL]): unchecked. */
public class WebSudoSessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WebSudoSessionException() {
        super();
    }

    public WebSudoSessionException(String message) {
        super(message);
    }

    public WebSudoSessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
