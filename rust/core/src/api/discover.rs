//! `discover`: the admin's "add an IdP from its discovery URL" (admin API `POST discover`).
//! Stateless: no engine, no configuration; the core fetches with its URL policy, timeouts
//! and size cap.

use serde::{Deserialize, Serialize};

use super::HostProxy;

/// What the admin typed, and the JVM's trust anchors and proxy (as in `HostContext`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DiscoverRequest {
    /// The issuer URL, or its `/.well-known/openid-configuration` URL.
    pub url: String,
    /// Allow plain http to a loopback address (development only), as the IdP setting does.
    #[serde(default)]
    pub insecure_allow_http_loopback: bool,
    /// The JVM's default trust anchors (PEM); `None` = none.
    #[serde(default)]
    pub trust_anchors_pem: Option<String>,
    /// The JVM's proxy; `None` = direct.
    #[serde(default)]
    pub proxy: Option<HostProxy>,
}

/// The endpoints the IdP publishes, each checked with the URL policy logins use, and
/// what the admin should know before saving (`warnings`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoverResult {
    /// The issuer the document publishes (what the configuration must hold, byte for byte).
    pub issuer: String,
    /// Where the browser is sent to log in.
    pub authorization_endpoint: String,
    /// Where the code is exchanged.
    pub token_endpoint: String,
    /// `None`: not published, or not usable (a warning says why).
    pub userinfo_endpoint: Option<String>,
    /// The IdP's signing keys.
    pub jwks_uri: String,
    /// RP-initiated logout; `None`: not published, or not usable.
    pub end_session_endpoint: Option<String>,
    /// The ID token algorithms the IdP lists (empty when it lists none).
    pub id_token_signing_alg_values_supported: Vec<String>,
    /// The scopes the IdP lists (empty when it lists none).
    pub scopes_supported: Vec<String>,
    /// What the admin should know before saving; never a failure.
    pub warnings: Vec<String>,
}
