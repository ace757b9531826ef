//! Every stable error code, listed once: its name, its string, the kind of error it
//! usually is, who raises it and what it means. `docs/errors.md` documents each (a test
//! checks), and the shim's `ErrorCodes.java` is generated from this table
//! (`rust/core/tests/login/contract.rs`), so neither side can use a code the other lacks.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ErrorKind;

/// Who raises a code, and where it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSource {
    /// The core refuses the call with an [`Error`](super::Error) carrying this code.
    Core,
    /// The core's provisioning plan refuses the login with this code (never an exception).
    Plan,
    /// Only in a `groups.lookup_failed` audit event: the login goes on with its groups unknown.
    Lookup,
    /// The routing decision's `notice`: the chooser is shown again with this explanation.
    Notice,
    /// The shim raises it itself (the core never does).
    Shim,
}

impl CodeSource {
    /// How `ErrorCodes.java` and the docs name it.
    pub const fn name(self) -> &'static str {
        match self {
            CodeSource::Core => "core",
            CodeSource::Plan => "provisioning plan",
            CodeSource::Lookup => "group lookup audit",
            CodeSource::Notice => "routing notice",
            CodeSource::Shim => "shim",
        }
    }
}

macro_rules! codes {
    ($(
        $(#[doc = $doc:literal])+
        $variant:ident = $string:literal, $kind:ident, $source:ident;
    )+) => {
        /// A stable error code (docs/errors.md). Serialised as its string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The code as users, admins and the shim see it.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $string,)+ }
            }

            /// The kind of error this code usually is (`discovery_failed` is also raised as
            /// a configuration error: docs/errors.md says when).
            pub const fn kind(self) -> ErrorKind {
                match self { $(Code::$variant => ErrorKind::$kind,)+ }
            }

            /// Who raises it.
            pub const fn source(self) -> CodeSource {
                match self { $(Code::$variant => CodeSource::$source,)+ }
            }

            /// What it means, in one or two sentences.
            pub fn doc(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),+),)+ }
            }
        }
    };
}

codes! {
    // Configuration.
    /// The configuration document (or the host context) has problems, each with its JSON pointer.
    InvalidConfiguration = "invalid_configuration", Config, Core;
    /// A bug in the core (a value could not be serialised, ...).
    InternalError = "internal_error", Internal, Core;
    /// The native code panicked (a bug, contained by the JNI bridge); the call was abandoned.
    NativePanic = "native_panic", Internal, Core;
    /// The IdP's discovery document names another issuer than the configured one.
    DiscoveryIssuerMismatch = "discovery_issuer_mismatch", Config, Core;

    // Identity provider unavailable (retryable).
    /// A call to the IdP failed: connection, DNS, TLS, timeout, 5xx, a redirect, or too large.
    IdpUnavailable = "idp_unavailable", ProviderUnavailable, Core;
    /// The discovery document is unusable (also a configuration error when it lacks endpoints).
    DiscoveryFailed = "discovery_failed", ProviderUnavailable, Core;
    /// The key set at `jwks_uri` is unusable.
    JwksFailed = "jwks_failed", ProviderUnavailable, Core;
    /// The IdP failed too often in a row and is treated as down until a probe succeeds.
    IdpCircuitOpen = "idp_circuit_open", ProviderUnavailable, Core;
    /// `http.maxConcurrentCalls` logins are already talking to the IdP.
    IdpBusy = "idp_busy", ProviderUnavailable, Core;
    /// The login used up `http.loginDeadlineMs` before its next call to the IdP.
    LoginDeadlineExceeded = "login_deadline_exceeded", ProviderUnavailable, Core;

    // Starting a login.
    /// The requested IdP is not configured, or several are and none was chosen.
    UnknownIdp = "unknown_idp", Authentication, Core;
    /// The request could not be read (a missing binding cookie, a malformed parameter).
    InvalidRequest = "invalid_request", Authentication, Core;
    /// A third-party-initiated login names an `iss` that is no enabled IdP's issuer.
    UnknownIssuer = "unknown_issuer", Authentication, Core;

    // The callback, before any call to the IdP.
    /// No pending login for this callback: replayed, expired, or the cookie was lost.
    LoginExpiredOrReplayed = "login_expired_or_replayed", Authentication, Core;
    /// The pending login record is unreadable or of another version.
    InvalidPendingLogin = "invalid_pending_login", Authentication, Core;
    /// The callback comes from another browser than the one that started the login.
    StateNotBound = "state_not_bound", Authentication, Core;
    /// The callback's `state` is not the one of this login.
    InvalidState = "invalid_state", Authentication, Core;
    /// The login took longer than `pendingLoginTtlSeconds`.
    LoginExpired = "login_expired", Authentication, Core;
    /// The IdP the login started with was removed or re-pointed since.
    IdpChanged = "idp_changed", Authentication, Core;
    /// RFC 9207: the callback's `iss` is not the login's issuer, or is missing.
    IssuerMismatch = "issuer_mismatch", Authentication, Core;
    /// The callback arrived at another redirect URI than the login's.
    CallbackMismatch = "callback_mismatch", Authentication, Core;
    /// The IdP answered with `error` (the user cancelled, is not assigned, ...).
    IdpError = "idp_error", Authentication, Core;
    /// The callback has neither `code` nor `error`.
    MissingCode = "missing_code", Authentication, Core;

    // Token endpoint.
    /// The token endpoint refused the code or answered without usable tokens.
    TokenError = "token_error", Authentication, Core;

    // ID token (OpenID Connect Core 3.1.3.7), also for signed userinfo.
    /// Not a compact JWS, encrypted, too large, a hostile `kid`, or time claims of the wrong type.
    MalformedIdToken = "malformed_id_token", Authentication, Core;
    /// `typ` is not `JWT` (a logout or access token in the ID-token slot), or `cty` is set.
    UnexpectedTokenType = "unexpected_token_type", Authentication, Core;
    /// The token's `alg` is not in `allowedAlgorithms`.
    UnsupportedAlgorithm = "unsupported_algorithm", Authentication, Core;
    /// The token marks header parameters as critical (`crit`).
    UnsupportedCriticalHeader = "unsupported_critical_header", Authentication, Core;
    /// No key of the IdP matches the token's `kid` and algorithm, even after a refetch.
    UnknownSigningKey = "unknown_signing_key", Authentication, Core;
    /// The token has no `kid` and several keys suit it.
    AmbiguousSigningKey = "ambiguous_signing_key", Authentication, Core;
    /// The signature does not verify.
    InvalidSignature = "invalid_signature", Authentication, Core;
    /// `iss` is not exactly the configured issuer.
    InvalidIssuer = "invalid_issuer", Authentication, Core;
    /// `aud` lacks the client id or names an untrusted audience.
    InvalidAudience = "invalid_audience", Authentication, Core;
    /// Several audiences without `azp`, or `azp` is not the client id.
    InvalidAzp = "invalid_azp", Authentication, Core;
    /// `exp` is in the past.
    IdTokenExpired = "id_token_expired", Authentication, Core;
    /// `nbf` is in the future.
    IdTokenNotYetValid = "id_token_not_yet_valid", Authentication, Core;
    /// `iat` is in the future, before the login started, or too old.
    InvalidIssuedAt = "invalid_issued_at", Authentication, Core;
    /// `nonce` is missing or not this login's.
    InvalidNonce = "invalid_nonce", Authentication, Core;
    /// `auth_time` is missing (with `maxAgeSeconds`), too old, in the future or not a number.
    InvalidAuthTime = "invalid_auth_time", Authentication, Core;
    /// A re-authentication's ID token has no `auth_time`, or one from before it started.
    ReauthenticationNotFresh = "reauthentication_not_fresh", Authentication, Core;
    /// `at_hash` does not match the access token.
    InvalidAtHash = "invalid_at_hash", Authentication, Core;
    /// `sub` is missing, empty, not a string or too long.
    MissingSubject = "missing_subject", Authentication, Core;

    // Userinfo.
    /// The userinfo endpoint answered something unusable.
    InvalidUserinfoResponse = "invalid_userinfo_response", Authentication, Core;
    /// The userinfo `sub` differs from the ID token's.
    UserinfoSubMismatch = "userinfo_sub_mismatch", Authentication, Core;

    // Claim mapping.
    /// Neither the ID token nor userinfo has the username claim.
    MissingUsernameClaim = "missing_username_claim", Authentication, Core;
    /// The username claim is not a clean non-empty string.
    InvalidUsernameClaim = "invalid_username_claim", Authentication, Core;
    /// The email or display-name claim has the wrong type, or the email is no address.
    InvalidClaim = "invalid_claim", Authentication, Core;
    /// The groups claim is not a bounded array of clean strings.
    InvalidGroupsClaim = "invalid_groups_claim", Authentication, Core;

    // Back-channel logout token (Back-Channel Logout 1.0 §2.6).
    /// Not a compact JWS with a JSON object payload and an `iss` string.
    MalformedLogoutToken = "malformed_logout_token", Authentication, Core;
    /// The token's `iss` is no configured IdP's issuer.
    UnknownLogoutIssuer = "unknown_logout_issuer", Authentication, Core;
    /// `exp` is in the past.
    LogoutTokenExpired = "logout_token_expired", Authentication, Core;
    /// No back-channel logout event.
    InvalidLogoutEvent = "invalid_logout_event", Authentication, Core;
    /// Neither a usable `sub` nor `sid`.
    MissingLogoutSubject = "missing_logout_subject", Authentication, Core;
    /// The token carries a `nonce`.
    LogoutTokenHasNonce = "logout_token_has_nonce", Authentication, Core;
    /// No usable `jti`.
    MissingJti = "missing_jti", Authentication, Core;

    // Bearer access tokens (RFC 9068 JWTs in `Authorization: Bearer`, RFC 6750).
    /// The access token's `exp` is missing or in the past, or its `nbf` in the future.
    AccessTokenExpired = "access_token_expired", Authentication, Core;
    /// The IdP's introspection endpoint calls a JWT access token inactive (revoked, or its
    /// session ended; `bearer.introspection.jwts`).
    AccessTokenInactive = "access_token_inactive", Authentication, Core;
    /// A scope of `bearer.requiredScopes` was not granted (the answer is 403).
    InsufficientScope = "insufficient_scope", Authentication, Core;
    /// A claim of `bearer.requiredClaims` is missing or has another value.
    RequiredClaimMismatch = "required_claim_mismatch", Authentication, Core;

    // Provisioning plan refusals (docs/provisioning.md).
    /// A local account has the username but is not linked, and linking is off.
    AccountExistsNotLinked = "account_exists_not_linked", Authentication, Plan;
    /// The account is linked to another IdP identity.
    AccountLinkedToOtherIdentity = "account_linked_to_other_identity", Authentication, Plan;
    /// Linking needs a verified email equal to the account's.
    LinkRequiresVerifiedEmail = "link_requires_verified_email", Authentication, Plan;
    /// No account, and `createUsers` is off.
    UserNotProvisioned = "user_not_provisioned", Authentication, Plan;
    /// The account is deactivated.
    UserInactive = "user_inactive", Authentication, Plan;
    /// A user must be created and the directory is read-only.
    DirectoryReadOnly = "directory_read_only", Authentication, Plan;

    // Group lookup (Entra ID overage); never refuses a login.
    /// The ID token has no usable `oid`.
    MissingOid = "missing_oid", Authentication, Lookup;
    /// The client-credentials grant for Microsoft Graph was refused.
    GraphTokenError = "graph_token_error", Config, Lookup;
    /// The token endpoint or Graph could not be reached.
    GraphUnavailable = "graph_unavailable", ProviderUnavailable, Lookup;
    /// Graph answered 4xx.
    GraphError = "graph_error", Config, Lookup;
    /// Graph's answer is unusable.
    GraphInvalidResponse = "graph_invalid_response", ProviderUnavailable, Lookup;
    /// More groups than `entra.maxGroups`, or too many pages.
    GraphTooManyGroups = "graph_too_many_groups", Config, Lookup;
    /// Graph's `@odata.nextLink` points outside `entra.graphBaseUrl`.
    GraphNextLinkRefused = "graph_next_link_refused", ProviderUnavailable, Lookup;

    // The login pages.
    /// The email typed on the chooser has a domain no rule lists.
    DomainNotAllowed = "domain_not_allowed", Authentication, Notice;

    // Raised by the shim.
    /// Reserved for a refusal by policy; the error page has its friendly message.
    UserNotAllowed = "user_not_allowed", Authentication, Shim;
    /// The product refused the user (no product access); no session is created.
    LoginNotPermitted = "login_not_permitted", Authentication, Shim;
    /// The product found no user after provisioning.
    UserNotFound = "user_not_found", Authentication, Shim;
    /// The product's user directory failed while the login was applied.
    DirectoryError = "directory_error", ProviderUnavailable, Shim;
    /// Single sign-on is off (no configuration, or the native library is unavailable).
    SsoDisabled = "sso_disabled", Config, Shim;
    /// A back-channel logout token's `jti` was already used.
    LogoutTokenReplayed = "logout_token_replayed", Authentication, Shim;
    /// The shared store cannot hold a `jti` or a revocation; the IdP should retry.
    ClusterStateFull = "cluster_state_full", ProviderUnavailable, Shim;
    /// A front-channel logout names a `sid` no live session of this deployment has.
    UnknownSession = "unknown_session", Authentication, Shim;
    /// A valid bearer token names a user the product does not have, or who may not log in.
    BearerUserRefused = "bearer_user_refused", Authentication, Shim;
    /// The native engine answered JSON the shim's codec cannot read (a bug).
    EngineProtocolError = "engine_protocol_error", Internal, Shim;
    /// A re-authentication for websudo came back with another user than the session's.
    ReauthenticationOtherUser = "reauthentication_other_user", Authentication, Shim;
    /// The product's websudo could not be started after a re-authentication.
    WebsudoUnavailable = "websudo_unavailable", ProviderUnavailable, Shim;
}

impl Code {
    /// The code with this string.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Code> for String {
    fn eq(&self, other: &Code) -> bool {
        self == other.as_str()
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Code, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Code::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown error code `{name}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_when_listed_then_each_string_once_and_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "{name} listed twice");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
            assert_eq!(Code::from_name(name), Some(*code));
            assert!(!code.doc().trim().is_empty(), "{name} has no doc");
        }
    }

    #[test]
    fn code_when_serialised_then_its_string_and_unknown_refused() {
        let json = serde_json::to_string(&Code::InvalidNonce).unwrap();
        assert_eq!(json, "\"invalid_nonce\"");
        assert_eq!(
            serde_json::from_str::<Code>(&json).unwrap(),
            Code::InvalidNonce
        );
        assert!(serde_json::from_str::<Code>("\"state_not_found\"").is_err());
    }
}
