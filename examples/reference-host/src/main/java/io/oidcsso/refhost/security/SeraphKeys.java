package io.oidcsso.refhost.security;

/** The session attribute names of Seraph's DefaultAuthenticator (atlassian-seraph 4.1.4). */
public final class SeraphKeys {
    public static final String LOGGED_IN_KEY = "seraph_defaultauthenticator_user";
    public static final String LOGGED_IN_USER_ID_KEY = "seraph_defaultauthenticator_user_id";
    public static final String LOGGED_OUT_KEY = "seraph_defaultauthenticator_logged_out_user";

    private SeraphKeys() {}
}
