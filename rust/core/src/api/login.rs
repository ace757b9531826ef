//! `beginLogin` and `completeLogin`: starting a login and finishing it at the callback.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `beginLogin`'s request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BeginLoginRequest {
    /// The IdP to log in at; `None` only works with a single enabled IdP.
    #[serde(default)]
    pub idp_id: Option<String>,
    /// Where the user wants to go afterwards (normalised by the return-to policy).
    #[serde(default)]
    pub return_to: Option<String>,
    /// The random value of the browser-binding cookie.
    pub browser_binding: String,
    /// An administrator's test login ("SSO doctor"): the IdP is asked for `prompt=login`,
    /// the mark is sealed into the pending login, and the decision carries a
    /// [`TestLoginReport`]. Only the shim's admin endpoint sets it (docs/security.md).
    #[serde(default)]
    pub test_login: bool,
    /// A re-authentication of a user already signed in (websudo through the IdP): the IdP is
    /// asked for `prompt=login` and `max_age=0`, and the callback requires an `auth_time` from
    /// after this login started (docs/security.md, "Websudo through the IdP").
    #[serde(default)]
    pub reauthenticate: bool,
}

/// `beginLogin`'s answer: where to send the browser and what to seal into its cookie.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BeginLoginResponse {
    /// The IdP's authorization endpoint with the request parameters.
    pub authorization_url: String,
    /// The login's `state` (the cookie's seal binds to it).
    pub state: String,
    /// Opaque to the shim: sealed into the login cookie and handed back at the callback.
    pub pending: serde_json::Value,
    /// When the pending login expires (Unix seconds).
    pub expires_at: i64,
}

/// `completeLogin`'s request: what the callback carried.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompleteLoginRequest {
    /// The pending login opened from the callback's cookie; `None` when none opened.
    #[serde(default)]
    pub pending: Option<serde_json::Value>,
    /// The browser-binding cookie's value.
    #[serde(default)]
    pub browser_binding: Option<String>,
    /// The callback's `state`, `code`, `iss`, `error` and `error_description`.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// The context-relative path the callback arrived at (each IdP may have its own);
    /// `None` skips that check (docs/login-pages.md, mix-up defence). A misspelt field name
    /// is refused rather than read as `None` (`deny_unknown_fields`).
    #[serde(default)]
    pub callback_path: Option<String>,
}

/// Something the shim writes to its audit log as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    /// `login.verified`, `groups.lookup`, `groups.lookup_failed`.
    pub event: String,
    /// The IdP's id.
    pub idp: Option<String>,
    /// The user's `sub` at the IdP.
    pub subject: Option<String>,
    /// For the admin; never a token or a secret.
    pub detail: String,
}

/// An ID token kept for `id_token_hint`. Serialised as the token; never printed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IdTokenHint(pub String);

impl std::fmt::Debug for IdTokenHint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdTokenHint([redacted])")
    }
}

/// `completeLogin`'s answer for a login that passed every check (failures are errors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginDecision {
    /// The IdP the login went to.
    pub idp_id: String,
    /// Its issuer, as configured.
    pub issuer: String,
    /// The ID token's `sub`.
    pub subject: String,
    /// From the configured username claim.
    pub username: String,
    /// From the configured email claim.
    pub email: Option<String>,
    /// True only when the email's document said `email_verified: true`.
    pub email_verified: bool,
    /// From the configured display-name claim.
    pub display_name: Option<String>,
    /// The groups claimed (or looked up); empty means "unknown" unless
    /// `groups_claim_present`.
    pub groups: Vec<String>,
    /// True only when the IdP sent the configured groups claim (in the ID token or
    /// userinfo). When false, `groups` is empty and means "unknown", not "none": the
    /// shim must not remove the user's groups.
    pub groups_claim_present: bool,
    /// The normalised return path.
    pub return_to: String,
    /// The IdP's `linkExistingAccounts`.
    pub link_existing_accounts: bool,
    /// The IdP's `createUsers`.
    pub create_users: bool,
    /// What the shim logs, one line each.
    pub audit: Vec<AuditEvent>,
    /// The ID token's `sid` (front- and back-channel logout name sessions by it).
    pub sid: Option<String>,
    /// The ID token itself, for RP-initiated logout's `id_token_hint`: the shim keeps it
    /// server-side in the session only.
    pub id_token_hint: IdTokenHint,
    /// Set only when the login began with `testLogin` (null otherwise): the shim shows it to
    /// the admin and binds no session, provisions nothing, changes no group.
    #[serde(default)]
    pub test_login: Option<TestLoginReport>,
    /// True when the login began with `reauthenticate`: the shim compares the identity with
    /// the session's and starts websudo; it never binds, provisions or changes groups.
    #[serde(default)]
    pub reauthentication: bool,
    /// The ID token's timing and assurance claims, bounded and non-secret, for the shim's
    /// per-IdP debug line (`debug.decision`).
    #[serde(default)]
    pub token_summary: TokenSummary,
}

/// A few of the validated ID token's claims, for a debug line: no identity, no token, no
/// nonce. A claim of the wrong type reads as absent; texts are cut and their control
/// characters replaced, `amr` keeps at most 8 values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenSummary {
    /// `iat` in whole seconds (Unix time).
    pub iat: Option<i64>,
    /// `exp` in whole seconds.
    pub exp: Option<i64>,
    /// `auth_time` in whole seconds.
    pub auth_time: Option<i64>,
    /// `amr`'s first 8 string values, each at most 32 characters (a bare string counts as one).
    pub amr: Vec<String>,
    /// `acr`, at most 100 characters.
    pub acr: Option<String>,
    /// `azp`, at most 100 characters.
    pub azp: Option<String>,
    /// How many audiences `aud` names.
    pub aud_count: usize,
}

/// What a test login saw, for the admin. No signature, raw token, access token, code or
/// nonce: the claims named in `redacted` are dropped at any depth. Personal values stay
/// (the admin asked to see them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestLoginReport {
    /// The validated ID token's claims, redacted.
    pub id_token_claims: serde_json::Map<String, serde_json::Value>,
    /// The userinfo claims, redacted; `None` when userinfo was not called.
    pub userinfo_claims: Option<serde_json::Map<String, serde_json::Value>>,
    /// The claim names that were dropped, sorted.
    pub redacted: Vec<String>,
    /// The IdP's clock against this node's, one reading per source available.
    pub clock: Vec<ClockReading>,
}

/// One estimate of the IdP's clock minus this node's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClockReading {
    /// `tokenEndpointDate` (the token response's `Date` header) or `idTokenIat`.
    pub source: String,
    /// The IdP's time minus this node's, in whole seconds (positive: the IdP is ahead).
    pub idp_minus_node_seconds: i64,
    /// How far off the reading can be, in words.
    pub precision: String,
}
