package io.oidcsso.plugin.host;

import java.util.Objects;

/** The product or policy does not let this user in; carries a stable error code for the user's page. */
public final class LoginRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public LoginRefusedException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public String code() {
        return code;
    }
}
