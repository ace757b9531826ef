package io.oidcsso.plugin.host;

import java.util.Objects;

/** A directory write or read failed; {@code code} is {@code directory_read_only} or {@code directory_error}. */
public final class UserDirectoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final String READ_ONLY = "directory_read_only";
    public static final String ERROR = "directory_error";

    private final String code;

    public UserDirectoryException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public String code() {
        return code;
    }
}
