//! The authorization request (OIDC Core 3.1.2.1, RFC 7636 PKCE S256) and the pending
//! login record the shim stores until the callback.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::rngs::OsRng;
use rand::RngCore as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use url::Url;

use crate::config::IdpConfig;
use crate::types::{IdpId, Issuer, Nonce, State};
use crate::Error;

/// Random bytes in `state`, `nonce` and the PKCE verifier (256 bits; the rules ask for at
/// least 128, RFC 7636 §4.1 recommends 32 octets for the verifier).
const RANDOM_BYTES: usize = 32;
/// Version of the pending-login record layout.
pub const PENDING_LOGIN_VERSION: u32 = 1;

/// Everything the callback needs, stored by the shim under `state` and taken once.
/// Debug hides the PKCE verifier.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PendingLogin {
    pub version: u32,
    pub idp_id: IdpId,
    pub issuer: Issuer,
    pub state: State,
    pub nonce: Nonce,
    pub pkce_verifier: String,
    pub redirect_uri: String,
    pub return_to: String,
    /// SHA-256 (base64url) of the browser-binding cookie value.
    pub browser_binding_hash: String,
    pub created_at: i64,
    pub expires_at: i64,
    /// The `max_age` sent in the authorization request (then `auth_time` is checked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u64>,
    /// An administrator's test login: the callback reports instead of signing in. Sealed by
    /// the shim with the rest, so a normal callback can neither forge nor drop it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub test_login: bool,
    /// A re-authentication (websudo through the IdP): `auth_time` must be after `created_at`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reauthenticate: bool,
}

impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("idp_id", &self.idp_id)
            .field("issuer", &self.issuer)
            .field("return_to", &self.return_to)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .field("test_login", &self.test_login)
            .field("reauthenticate", &self.reauthenticate)
            .finish_non_exhaustive()
    }
}

/// The fresh secrets of one flow.
pub(crate) struct FlowSecrets {
    pub state: State,
    pub nonce: Nonce,
    pub pkce_verifier: String,
    pub pkce_challenge: String,
}

impl FlowSecrets {
    /// New random values for every flow; PKCE is always S256, never `plain`.
    pub(crate) fn generate() -> FlowSecrets {
        let pkce_verifier = random_token();
        FlowSecrets {
            state: State::new(random_token()),
            nonce: Nonce::new(random_token()),
            pkce_challenge: URL_SAFE_NO_PAD.encode(Sha256::digest(pkce_verifier.as_bytes())),
            pkce_verifier,
        }
    }
}

/// `RANDOM_BYTES` from the operating system's CSPRNG, unpadded base64url (43 characters, all
/// in RFC 7636's unreserved set). Written here rather than taken from `openidconnect`, whose
/// RSA/ECDSA/EdDSA crates would otherwise end up in the release library for three one-liners.
fn random_token() -> String {
    let mut bytes = [0u8; RANDOM_BYTES];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The SHA-256 of the browser-binding value, as stored in the pending login.
pub fn binding_hash(binding: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(binding.as_bytes()))
}

/// The authorization endpoint URL with the request parameters. Parameters the endpoint
/// URL already has are kept (OIDC Core 3.1.2.1 allows them). No secret goes in.
pub(crate) fn authorization_url(
    endpoint: &str,
    idp: &IdpConfig,
    redirect_uri: &str,
    secrets: &FlowSecrets,
    test_login: bool,
    reauthenticate: bool,
) -> Result<String, Error> {
    let mut url = Url::parse(endpoint).map_err(|e| {
        Error::Internal(format!(
            "authorization endpoint `{endpoint}` is not a URL: {e}"
        ))
    })?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &idp.client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("scope", &idp.scopes.join(" "))
        .append_pair("state", &secrets.state)
        .append_pair("nonce", &secrets.nonce)
        .append_pair("code_challenge", &secrets.pkce_challenge)
        .append_pair("code_challenge_method", "S256");
    if reauthenticate {
        // OIDC Core 3.1.2.1: `prompt=login` asks for a fresh sign-in even with a live IdP
        // session, `max_age=0` makes the IdP send `auth_time` (some honour only one of them).
        url.query_pairs_mut()
            .append_pair("prompt", "login")
            .append_pair("max_age", "0");
    } else if let Some(max_age) = idp.max_age_seconds {
        // OIDC Core 3.1.2.1: the IdP must re-authenticate older sessions and send auth_time.
        url.query_pairs_mut()
            .append_pair("max_age", &max_age.to_string());
    }
    if test_login {
        // OIDC Core 3.1.2.1: a fresh sign-in even with a live IdP session, so the admin can
        // sign in as a test user without first signing out of the IdP. No `max_age=0`: the
        // test login shows what a normal login would see (the IdP's configured max_age stays).
        url.query_pairs_mut().append_pair("prompt", "login");
    }
    // Configured extras (AD FS `resource`, ...); config validation keeps protocol names out,
    // and a configured `prompt` gives way to the re-authentication's or the test login's.
    for (name, value) in &idp.authorization_parameters {
        if !((reauthenticate || test_login) && name == "prompt") {
            url.query_pairs_mut().append_pair(name, value);
        }
    }
    Ok(url.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_when_called_twice_then_fresh_values_of_enough_entropy() {
        let (a, b) = (FlowSecrets::generate(), FlowSecrets::generate());
        assert_ne!(a.state, b.state);
        assert_ne!(a.nonce, b.nonce);
        assert_ne!(a.pkce_verifier, b.pkce_verifier);
        // 32 random bytes in unpadded base64url: 43 characters.
        for value in [a.state.as_str(), a.nonce.as_str(), &a.pkce_verifier] {
            assert_eq!(value.len(), 43);
            assert!(URL_SAFE_NO_PAD.decode(value).is_ok());
        }
    }

    #[test]
    fn generate_when_challenge_then_s256_of_verifier() {
        let secrets = FlowSecrets::generate();
        let expected = URL_SAFE_NO_PAD.encode(Sha256::digest(secrets.pkce_verifier.as_bytes()));
        assert_eq!(secrets.pkce_challenge, expected);
    }

    #[test]
    fn debug_when_pending_login_then_no_verifier_or_nonce() {
        let pending = PendingLogin {
            version: 1,
            idp_id: "dev".into(),
            issuer: "https://idp".into(),
            state: "st".into(),
            nonce: "nonce-value".into(),
            pkce_verifier: "verifier-value".into(),
            redirect_uri: "https://app/cb".into(),
            return_to: "/".into(),
            browser_binding_hash: "h".into(),
            created_at: 1,
            expires_at: 2,
            max_age: None,
            test_login: false,
            reauthenticate: false,
        };
        let printed = format!("{pending:?}");
        assert!(!printed.contains("verifier-value") && !printed.contains("nonce-value"));
    }
}
