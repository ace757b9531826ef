package io.oidcsso.plugin.host;

/**
 * The product's own password check and administrator role, for the local login that SSO enforcement
 * still allows (docs/admin-guide.md "Keeping a way in").
 */
public interface LocalAccounts {
    /** What a password check found. */
    enum Check {
        /** The password is right and the account active. */
        OK,
        /** Unknown user or wrong password (not told apart, as the product's own form does not). */
        WRONG,
        /** The password is right, the account deactivated. */
        INACTIVE,
        /** The directory could not answer. */
        UNAVAILABLE
    }

    /** The product's password check of {@code username}, with its outcome and the directory's name for the user. */
    record Result(Check check, String username) {}

    Result authenticate(String username, String password);

    /** Whether the user is one of the product's system administrators (SAL). */
    boolean isSystemAdmin(String username);

    /** Whether the user is a member of the group (directly or through nesting, as the product counts it). */
    boolean isMember(String username, String group);
}
