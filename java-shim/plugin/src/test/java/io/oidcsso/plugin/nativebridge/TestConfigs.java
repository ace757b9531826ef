package io.oidcsso.plugin.nativebridge;

/** Configuration documents for the JNI tests (docs/config.md shape, schemaVersion 1). */
final class TestConfigs {
    /** Valid, and needs no network: nothing is fetched until a login starts. */
    static final String VALID_OFFLINE = "{\"schemaVersion\":1,\"idps\":[{\"id\":\"dev\",\"displayName\":\"Dev IdP\","
            + "\"issuer\":\"http://127.0.0.2:9400\",\"clientId\":\"oidc-sso-dev\","
            + "\"clientSecret\":\"dev-secret-change-me\",\"insecureAllowHttpLoopback\":true}]}";

    /** Two problems: an unknown schema field and an empty client id. */
    static final String INVALID = "{\"schemaVersion\":1,\"surprise\":true,\"idps\":[{\"id\":\"dev\","
            + "\"issuer\":\"http://127.0.0.2:9400\",\"clientId\":\"\",\"clientSecret\":\"s\","
            + "\"insecureAllowHttpLoopback\":true}]}";

    private TestConfigs() {}
}
