// GENERATED from oidc_sso_core::Code (rust/core/src/error/code.rs) by rust/core/tests/login/contract/error_codes.rs: do not edit.
// Regenerate with: CONTRACT_UPDATE=1 cargo test -p oidc-sso-core --test login contract
package io.oidcsso.plugin.engine;

import java.util.List;

/**
 * Every error code of docs/errors.md, listed once in the core. Code that shows or compares a
 * code uses these constants, so a code the core does not know cannot be written.
 */
public final class ErrorCodes {
    private ErrorCodes() {}

    /** The configuration document (or the host context) has problems, each with its JSON pointer. Kind: Config; raised by: core. */
    public static final String INVALID_CONFIGURATION = "invalid_configuration";

    /** A bug in the core (a value could not be serialised, ...). Kind: Internal; raised by: core. */
    public static final String INTERNAL_ERROR = "internal_error";

    /** The native code panicked (a bug, contained by the JNI bridge); the call was abandoned. Kind: Internal; raised by: core. */
    public static final String NATIVE_PANIC = "native_panic";

    /** The IdP's discovery document names another issuer than the configured one. Kind: Config; raised by: core. */
    public static final String DISCOVERY_ISSUER_MISMATCH = "discovery_issuer_mismatch";

    /** A call to the IdP failed: connection, DNS, TLS, timeout, 5xx, a redirect, or too large. Kind: ProviderUnavailable; raised by: core. */
    public static final String IDP_UNAVAILABLE = "idp_unavailable";

    /** The discovery document is unusable (also a configuration error when it lacks endpoints). Kind: ProviderUnavailable; raised by: core. */
    public static final String DISCOVERY_FAILED = "discovery_failed";

    /** The key set at `jwks_uri` is unusable. Kind: ProviderUnavailable; raised by: core. */
    public static final String JWKS_FAILED = "jwks_failed";

    /** The IdP failed too often in a row and is treated as down until a probe succeeds. Kind: ProviderUnavailable; raised by: core. */
    public static final String IDP_CIRCUIT_OPEN = "idp_circuit_open";

    /** `http.maxConcurrentCalls` logins are already talking to the IdP. Kind: ProviderUnavailable; raised by: core. */
    public static final String IDP_BUSY = "idp_busy";

    /** The login used up `http.loginDeadlineMs` before its next call to the IdP. Kind: ProviderUnavailable; raised by: core. */
    public static final String LOGIN_DEADLINE_EXCEEDED = "login_deadline_exceeded";

    /** The requested IdP is not configured, or several are and none was chosen. Kind: Authentication; raised by: core. */
    public static final String UNKNOWN_IDP = "unknown_idp";

    /** The request could not be read (a missing binding cookie, a malformed parameter). Kind: Authentication; raised by: core. */
    public static final String INVALID_REQUEST = "invalid_request";

    /** A third-party-initiated login names an `iss` that is no enabled IdP's issuer. Kind: Authentication; raised by: core. */
    public static final String UNKNOWN_ISSUER = "unknown_issuer";

    /** No pending login for this callback: replayed, expired, or the cookie was lost. Kind: Authentication; raised by: core. */
    public static final String LOGIN_EXPIRED_OR_REPLAYED = "login_expired_or_replayed";

    /** The pending login record is unreadable or of another version. Kind: Authentication; raised by: core. */
    public static final String INVALID_PENDING_LOGIN = "invalid_pending_login";

    /** The callback comes from another browser than the one that started the login. Kind: Authentication; raised by: core. */
    public static final String STATE_NOT_BOUND = "state_not_bound";

    /** The callback's `state` is not the one of this login. Kind: Authentication; raised by: core. */
    public static final String INVALID_STATE = "invalid_state";

    /** The login took longer than `pendingLoginTtlSeconds`. Kind: Authentication; raised by: core. */
    public static final String LOGIN_EXPIRED = "login_expired";

    /** The IdP the login started with was removed or re-pointed since. Kind: Authentication; raised by: core. */
    public static final String IDP_CHANGED = "idp_changed";

    /** RFC 9207: the callback's `iss` is not the login's issuer, or is missing. Kind: Authentication; raised by: core. */
    public static final String ISSUER_MISMATCH = "issuer_mismatch";

    /** The callback arrived at another redirect URI than the login's. Kind: Authentication; raised by: core. */
    public static final String CALLBACK_MISMATCH = "callback_mismatch";

    /** The IdP answered with `error` (the user cancelled, is not assigned, ...). Kind: Authentication; raised by: core. */
    public static final String IDP_ERROR = "idp_error";

    /** The callback has neither `code` nor `error`. Kind: Authentication; raised by: core. */
    public static final String MISSING_CODE = "missing_code";

    /** The token endpoint refused the code or answered without usable tokens. Kind: Authentication; raised by: core. */
    public static final String TOKEN_ERROR = "token_error";

    /** Not a compact JWS, encrypted, too large, a hostile `kid`, or time claims of the wrong type. Kind: Authentication; raised by: core. */
    public static final String MALFORMED_ID_TOKEN = "malformed_id_token";

    /** `typ` is not `JWT` (a logout or access token in the ID-token slot), or `cty` is set. Kind: Authentication; raised by: core. */
    public static final String UNEXPECTED_TOKEN_TYPE = "unexpected_token_type";

    /** The token's `alg` is not in `allowedAlgorithms`. Kind: Authentication; raised by: core. */
    public static final String UNSUPPORTED_ALGORITHM = "unsupported_algorithm";

    /** The token marks header parameters as critical (`crit`). Kind: Authentication; raised by: core. */
    public static final String UNSUPPORTED_CRITICAL_HEADER = "unsupported_critical_header";

    /** No key of the IdP matches the token's `kid` and algorithm, even after a refetch. Kind: Authentication; raised by: core. */
    public static final String UNKNOWN_SIGNING_KEY = "unknown_signing_key";

    /** The token has no `kid` and several keys suit it. Kind: Authentication; raised by: core. */
    public static final String AMBIGUOUS_SIGNING_KEY = "ambiguous_signing_key";

    /** The signature does not verify. Kind: Authentication; raised by: core. */
    public static final String INVALID_SIGNATURE = "invalid_signature";

    /** `iss` is not exactly the configured issuer. Kind: Authentication; raised by: core. */
    public static final String INVALID_ISSUER = "invalid_issuer";

    /** `aud` lacks the client id or names an untrusted audience. Kind: Authentication; raised by: core. */
    public static final String INVALID_AUDIENCE = "invalid_audience";

    /** Several audiences without `azp`, or `azp` is not the client id. Kind: Authentication; raised by: core. */
    public static final String INVALID_AZP = "invalid_azp";

    /** `exp` is in the past. Kind: Authentication; raised by: core. */
    public static final String ID_TOKEN_EXPIRED = "id_token_expired";

    /** `nbf` is in the future. Kind: Authentication; raised by: core. */
    public static final String ID_TOKEN_NOT_YET_VALID = "id_token_not_yet_valid";

    /** `iat` is in the future, before the login started, or too old. Kind: Authentication; raised by: core. */
    public static final String INVALID_ISSUED_AT = "invalid_issued_at";

    /** `nonce` is missing or not this login's. Kind: Authentication; raised by: core. */
    public static final String INVALID_NONCE = "invalid_nonce";

    /** `auth_time` is missing (with `maxAgeSeconds`), too old, in the future or not a number. Kind: Authentication; raised by: core. */
    public static final String INVALID_AUTH_TIME = "invalid_auth_time";

    /** A re-authentication's ID token has no `auth_time`, or one from before it started. Kind: Authentication; raised by: core. */
    public static final String REAUTHENTICATION_NOT_FRESH = "reauthentication_not_fresh";

    /** `at_hash` does not match the access token. Kind: Authentication; raised by: core. */
    public static final String INVALID_AT_HASH = "invalid_at_hash";

    /** `sub` is missing, empty, not a string or too long. Kind: Authentication; raised by: core. */
    public static final String MISSING_SUBJECT = "missing_subject";

    /** The userinfo endpoint answered something unusable. Kind: Authentication; raised by: core. */
    public static final String INVALID_USERINFO_RESPONSE = "invalid_userinfo_response";

    /** The userinfo `sub` differs from the ID token's. Kind: Authentication; raised by: core. */
    public static final String USERINFO_SUB_MISMATCH = "userinfo_sub_mismatch";

    /** Neither the ID token nor userinfo has the username claim. Kind: Authentication; raised by: core. */
    public static final String MISSING_USERNAME_CLAIM = "missing_username_claim";

    /** The username claim is not a clean non-empty string. Kind: Authentication; raised by: core. */
    public static final String INVALID_USERNAME_CLAIM = "invalid_username_claim";

    /** The email or display-name claim has the wrong type, or the email is no address. Kind: Authentication; raised by: core. */
    public static final String INVALID_CLAIM = "invalid_claim";

    /** The groups claim is not a bounded array of clean strings. Kind: Authentication; raised by: core. */
    public static final String INVALID_GROUPS_CLAIM = "invalid_groups_claim";

    /** Not a compact JWS with a JSON object payload and an `iss` string. Kind: Authentication; raised by: core. */
    public static final String MALFORMED_LOGOUT_TOKEN = "malformed_logout_token";

    /** The token's `iss` is no configured IdP's issuer. Kind: Authentication; raised by: core. */
    public static final String UNKNOWN_LOGOUT_ISSUER = "unknown_logout_issuer";

    /** `exp` is in the past. Kind: Authentication; raised by: core. */
    public static final String LOGOUT_TOKEN_EXPIRED = "logout_token_expired";

    /** No back-channel logout event. Kind: Authentication; raised by: core. */
    public static final String INVALID_LOGOUT_EVENT = "invalid_logout_event";

    /** Neither a usable `sub` nor `sid`. Kind: Authentication; raised by: core. */
    public static final String MISSING_LOGOUT_SUBJECT = "missing_logout_subject";

    /** The token carries a `nonce`. Kind: Authentication; raised by: core. */
    public static final String LOGOUT_TOKEN_HAS_NONCE = "logout_token_has_nonce";

    /** No usable `jti`. Kind: Authentication; raised by: core. */
    public static final String MISSING_JTI = "missing_jti";

    /** The access token's `exp` is missing or in the past, or its `nbf` in the future. Kind: Authentication; raised by: core. */
    public static final String ACCESS_TOKEN_EXPIRED = "access_token_expired";

    /** The IdP's introspection endpoint calls a JWT access token inactive (revoked, or its session ended; `bearer.introspection.jwts`). Kind: Authentication; raised by: core. */
    public static final String ACCESS_TOKEN_INACTIVE = "access_token_inactive";

    /** A scope of `bearer.requiredScopes` was not granted (the answer is 403). Kind: Authentication; raised by: core. */
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

    /** A claim of `bearer.requiredClaims` is missing or has another value. Kind: Authentication; raised by: core. */
    public static final String REQUIRED_CLAIM_MISMATCH = "required_claim_mismatch";

    /** A local account has the username but is not linked, and linking is off. Kind: Authentication; raised by: provisioning plan. */
    public static final String ACCOUNT_EXISTS_NOT_LINKED = "account_exists_not_linked";

    /** The account is linked to another IdP identity. Kind: Authentication; raised by: provisioning plan. */
    public static final String ACCOUNT_LINKED_TO_OTHER_IDENTITY = "account_linked_to_other_identity";

    /** Linking needs a verified email equal to the account's. Kind: Authentication; raised by: provisioning plan. */
    public static final String LINK_REQUIRES_VERIFIED_EMAIL = "link_requires_verified_email";

    /** No account, and `createUsers` is off. Kind: Authentication; raised by: provisioning plan. */
    public static final String USER_NOT_PROVISIONED = "user_not_provisioned";

    /** The account is deactivated. Kind: Authentication; raised by: provisioning plan. */
    public static final String USER_INACTIVE = "user_inactive";

    /** A user must be created and the directory is read-only. Kind: Authentication; raised by: provisioning plan. */
    public static final String DIRECTORY_READ_ONLY = "directory_read_only";

    /** The ID token has no usable `oid`. Kind: Authentication; raised by: group lookup audit. */
    public static final String MISSING_OID = "missing_oid";

    /** The client-credentials grant for Microsoft Graph was refused. Kind: Config; raised by: group lookup audit. */
    public static final String GRAPH_TOKEN_ERROR = "graph_token_error";

    /** The token endpoint or Graph could not be reached. Kind: ProviderUnavailable; raised by: group lookup audit. */
    public static final String GRAPH_UNAVAILABLE = "graph_unavailable";

    /** Graph answered 4xx. Kind: Config; raised by: group lookup audit. */
    public static final String GRAPH_ERROR = "graph_error";

    /** Graph's answer is unusable. Kind: ProviderUnavailable; raised by: group lookup audit. */
    public static final String GRAPH_INVALID_RESPONSE = "graph_invalid_response";

    /** More groups than `entra.maxGroups`, or too many pages. Kind: Config; raised by: group lookup audit. */
    public static final String GRAPH_TOO_MANY_GROUPS = "graph_too_many_groups";

    /** Graph's `@odata.nextLink` points outside `entra.graphBaseUrl`. Kind: ProviderUnavailable; raised by: group lookup audit. */
    public static final String GRAPH_NEXT_LINK_REFUSED = "graph_next_link_refused";

    /** The email typed on the chooser has a domain no rule lists. Kind: Authentication; raised by: routing notice. */
    public static final String DOMAIN_NOT_ALLOWED = "domain_not_allowed";

    /** Reserved for a refusal by policy; the error page has its friendly message. Kind: Authentication; raised by: shim. */
    public static final String USER_NOT_ALLOWED = "user_not_allowed";

    /** The product refused the user (no product access); no session is created. Kind: Authentication; raised by: shim. */
    public static final String LOGIN_NOT_PERMITTED = "login_not_permitted";

    /** The product found no user after provisioning. Kind: Authentication; raised by: shim. */
    public static final String USER_NOT_FOUND = "user_not_found";

    /** The product's user directory failed while the login was applied. Kind: ProviderUnavailable; raised by: shim. */
    public static final String DIRECTORY_ERROR = "directory_error";

    /** Single sign-on is off (no configuration, or the native library is unavailable). Kind: Config; raised by: shim. */
    public static final String SSO_DISABLED = "sso_disabled";

    /** A back-channel logout token's `jti` was already used. Kind: Authentication; raised by: shim. */
    public static final String LOGOUT_TOKEN_REPLAYED = "logout_token_replayed";

    /** The shared store cannot hold a `jti` or a revocation; the IdP should retry. Kind: ProviderUnavailable; raised by: shim. */
    public static final String CLUSTER_STATE_FULL = "cluster_state_full";

    /** A front-channel logout names a `sid` no live session of this deployment has. Kind: Authentication; raised by: shim. */
    public static final String UNKNOWN_SESSION = "unknown_session";

    /** A valid bearer token names a user the product does not have, or who may not log in. Kind: Authentication; raised by: shim. */
    public static final String BEARER_USER_REFUSED = "bearer_user_refused";

    /** The native engine answered JSON the shim's codec cannot read (a bug). Kind: Internal; raised by: shim. */
    public static final String ENGINE_PROTOCOL_ERROR = "engine_protocol_error";

    /** A re-authentication for websudo came back with another user than the session's. Kind: Authentication; raised by: shim. */
    public static final String REAUTHENTICATION_OTHER_USER = "reauthentication_other_user";

    /** The product's websudo could not be started after a re-authentication. Kind: ProviderUnavailable; raised by: shim. */
    public static final String WEBSUDO_UNAVAILABLE = "websudo_unavailable";

    /** Every code above, in the core's order. */
    public static final List<String> ALL = List.of(
            INVALID_CONFIGURATION,
            INTERNAL_ERROR,
            NATIVE_PANIC,
            DISCOVERY_ISSUER_MISMATCH,
            IDP_UNAVAILABLE,
            DISCOVERY_FAILED,
            JWKS_FAILED,
            IDP_CIRCUIT_OPEN,
            IDP_BUSY,
            LOGIN_DEADLINE_EXCEEDED,
            UNKNOWN_IDP,
            INVALID_REQUEST,
            UNKNOWN_ISSUER,
            LOGIN_EXPIRED_OR_REPLAYED,
            INVALID_PENDING_LOGIN,
            STATE_NOT_BOUND,
            INVALID_STATE,
            LOGIN_EXPIRED,
            IDP_CHANGED,
            ISSUER_MISMATCH,
            CALLBACK_MISMATCH,
            IDP_ERROR,
            MISSING_CODE,
            TOKEN_ERROR,
            MALFORMED_ID_TOKEN,
            UNEXPECTED_TOKEN_TYPE,
            UNSUPPORTED_ALGORITHM,
            UNSUPPORTED_CRITICAL_HEADER,
            UNKNOWN_SIGNING_KEY,
            AMBIGUOUS_SIGNING_KEY,
            INVALID_SIGNATURE,
            INVALID_ISSUER,
            INVALID_AUDIENCE,
            INVALID_AZP,
            ID_TOKEN_EXPIRED,
            ID_TOKEN_NOT_YET_VALID,
            INVALID_ISSUED_AT,
            INVALID_NONCE,
            INVALID_AUTH_TIME,
            REAUTHENTICATION_NOT_FRESH,
            INVALID_AT_HASH,
            MISSING_SUBJECT,
            INVALID_USERINFO_RESPONSE,
            USERINFO_SUB_MISMATCH,
            MISSING_USERNAME_CLAIM,
            INVALID_USERNAME_CLAIM,
            INVALID_CLAIM,
            INVALID_GROUPS_CLAIM,
            MALFORMED_LOGOUT_TOKEN,
            UNKNOWN_LOGOUT_ISSUER,
            LOGOUT_TOKEN_EXPIRED,
            INVALID_LOGOUT_EVENT,
            MISSING_LOGOUT_SUBJECT,
            LOGOUT_TOKEN_HAS_NONCE,
            MISSING_JTI,
            ACCESS_TOKEN_EXPIRED,
            ACCESS_TOKEN_INACTIVE,
            INSUFFICIENT_SCOPE,
            REQUIRED_CLAIM_MISMATCH,
            ACCOUNT_EXISTS_NOT_LINKED,
            ACCOUNT_LINKED_TO_OTHER_IDENTITY,
            LINK_REQUIRES_VERIFIED_EMAIL,
            USER_NOT_PROVISIONED,
            USER_INACTIVE,
            DIRECTORY_READ_ONLY,
            MISSING_OID,
            GRAPH_TOKEN_ERROR,
            GRAPH_UNAVAILABLE,
            GRAPH_ERROR,
            GRAPH_INVALID_RESPONSE,
            GRAPH_TOO_MANY_GROUPS,
            GRAPH_NEXT_LINK_REFUSED,
            DOMAIN_NOT_ALLOWED,
            USER_NOT_ALLOWED,
            LOGIN_NOT_PERMITTED,
            USER_NOT_FOUND,
            DIRECTORY_ERROR,
            SSO_DISABLED,
            LOGOUT_TOKEN_REPLAYED,
            CLUSTER_STATE_FULL,
            UNKNOWN_SESSION,
            BEARER_USER_REFUSED,
            ENGINE_PROTOCOL_ERROR,
            REAUTHENTICATION_OTHER_USER,
            WEBSUDO_UNAVAILABLE);
}
