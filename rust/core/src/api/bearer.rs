//! `validateBearer`: a JWT access token from `Authorization: Bearer` (RFC 6750, RFC 9068).
//! The request is the token's bytes, nothing around them; the answer is below. A refusal
//! (a token of a configured IdP that fails a check) is an exception with a code.

use serde::{Deserialize, Serialize};

/// Why a token is left to the product (its personal access tokens, another scheme).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PassReason {
    /// Not a compact JWS with a JSON payload naming an `iss` (an opaque token, a PAT),
    /// and no IdP introspects opaque tokens (or the token cannot be one: `b64token`
    /// characters, at most 4 KiB).
    NotJwt,
    /// The `iss` is no configured IdP's issuer.
    UnknownIssuer,
    /// The `iss` is an IdP's whose `bearer` is not configured (or disabled).
    BearerNotEnabled,
    /// An opaque token every IdP with `bearer.introspection` calls `active: false`: not
    /// theirs (a product's personal access token) or no longer valid; the product decides.
    Inactive,
}

/// `validateBearer`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "camelCase", deny_unknown_fields)]
pub enum BearerDecision {
    /// Every check passed: the request is the mapped user's (who must exist and may log in:
    /// the shim checks; no user is created from a bearer token).
    #[serde(rename_all = "camelCase")]
    Authenticated {
        /// The IdP whose keys verified the token.
        idp_id: String,
        /// Its issuer.
        issuer: String,
        /// The token's `sub`.
        subject: String,
        /// The username from the IdP's username claim (`claims.username`).
        username: String,
        /// The granted scopes (`scope` or `scp`).
        scopes: Vec<String>,
        /// The token's `exp`.
        expires_at: i64,
    },
    /// Not a token for this plugin: the shim passes the request on untouched.
    #[serde(rename_all = "camelCase")]
    Pass {
        /// Why.
        reason: PassReason,
    },
}
