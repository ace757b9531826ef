//! `validateLogoutToken` (Back-Channel Logout 1.0 §2.6) and `endSessionUrl`
//! (RP-Initiated Logout 1.0 §2).

use serde::{Deserialize, Serialize};

/// `validateLogoutToken`'s request: the form parameter the IdP POSTed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogoutTokenRequest {
    /// The `logout_token` as received.
    pub logout_token: String,
}

/// A valid logout token: whose sessions end. `jti` is for the shim's single-use record,
/// kept until `exp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogoutTokenDecision {
    /// The IdP whose keys verified the token.
    pub idp_id: String,
    /// Its issuer.
    pub issuer: String,
    /// The user whose sessions end (when the token names one).
    pub sub: Option<String>,
    /// The IdP session whose sessions end (when the token names one).
    pub sid: Option<String>,
    /// The token's id, used once.
    pub jti: String,
    /// When the token stops being accepted anyway (its `exp`, else `iat` plus the maximum
    /// token age), leeway included: the `jti` record must live at least this long.
    pub exp: i64,
}

/// `endSessionUrl`'s request: the session being ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndSessionRequest {
    /// The IdP the session was bound with.
    pub idp_id: String,
    /// The issuer the session was bound with: a session of a re-pointed IdP gets no URL.
    pub issuer: String,
    /// The ID token of the login, kept server-side in the session.
    #[serde(default)]
    pub id_token_hint: Option<String>,
}

/// Where to send the browser after the local session ended. `url` is `None` when the IdP
/// has no `end_session_endpoint` (the shim then shows its own logged-out page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndSessionResponse {
    /// The IdP's end-session URL with its parameters.
    pub url: Option<String>,
    /// The `state` sent along (none for an IdP with its own logout URL).
    pub state: Option<String>,
    /// Where the IdP sends the browser afterwards.
    pub post_logout_redirect_uri: String,
}
