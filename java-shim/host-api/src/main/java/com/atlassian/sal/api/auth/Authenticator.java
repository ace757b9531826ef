package com.atlassian.sal.api.auth;

import com.atlassian.sal.api.message.Message;
import java.io.Serializable;
import java.security.Principal;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Stub of SAL 5.1.4 {@code Authenticator} with its nested {@code Result} classes: the same names,
 * constructors (package-private base constructors, public ones on the four final subclasses),
 * accessors and {@code Status} values as the real declaration.
 */
public interface Authenticator {
    Result authenticate(HttpServletRequest request, HttpServletResponse response);

    class Result {
        private static final Message NO_ATTEMPT_MESSAGE = new FixedMessage("No authentication attempted");
        private static final Message SUCCESS_MESSAGE = new FixedMessage("Successful authentication");

        private final Status status;
        private final Message message;
        private final Principal principal;

        Result(Status status, Message message) {
            this(status, message, null);
        }

        Result(Status status, Message message, Principal principal) {
            if (status == null) {
                throw new NullPointerException("status");
            }
            if (message == null) {
                throw new NullPointerException("message");
            }
            this.status = status;
            this.message = message;
            this.principal = principal;
        }

        public Status getStatus() {
            return status;
        }

        public String getMessage() {
            return message.toString();
        }

        public Principal getPrincipal() {
            return principal;
        }

        public static final class Success extends Result {
            public Success(Principal principal) {
                this(SUCCESS_MESSAGE, principal);
            }

            public Success(Message message, Principal principal) {
                super(Status.SUCCESS, message, principal);
            }
        }

        public static final class Failure extends Result {
            public Failure(Message message) {
                super(Status.FAILED, message);
            }
        }

        public static final class Error extends Result {
            public Error(Message message) {
                super(Status.ERROR, message);
            }
        }

        public static final class NoAttempt extends Result {
            public NoAttempt() {
                super(Status.NO_ATTEMPT, NO_ATTEMPT_MESSAGE);
            }
        }

        public enum Status {
            SUCCESS("success"),
            FAILED("failed"),
            ERROR("error"),
            NO_ATTEMPT("no attempt");

            private final String name;

            Status(String name) {
                this.name = name;
            }

            @Override
            public String toString() {
                return name;
            }
        }

        /** The real class uses anonymous {@code Message}s; a named one here, same key, no arguments. */
        private static final class FixedMessage implements Message {
            private static final long serialVersionUID = 1L;
            private final String key;

            FixedMessage(String key) {
                this.key = key;
            }

            @Override
            public String getKey() {
                return key;
            }

            @Override
            public Serializable[] getArguments() {
                return null;
            }
        }
    }
}
