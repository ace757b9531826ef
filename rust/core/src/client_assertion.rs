//! Client assertions for `private_key_jwt` and `client_secret_jwt` (RFC 7523 §2.2,
//! OIDC Core §9): a fresh `jti`, a short `exp`, and `aud` = the OP's issuer identifier as
//! a single string (rfc7523bis, the fix for the 2025 audience-injection advisories). The
//! token endpoint URL is the audience only under the `tokenEndpointAsAudience` quirk.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::EncodingKey;
use serde_json::json;

use crate::config::IdpConfig;
use crate::types::{SigningAlg, TokenAuthMethod};
use crate::Error;

/// `client_assertion_type` of RFC 7523 §2.2.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Lifetime of an assertion: long enough for one request, short enough to be useless
/// when captured.
pub const ASSERTION_LIFETIME_SECONDS: i64 = 60;

/// The signed assertion for one token request, `None` for the secret-based methods.
pub(crate) fn client_assertion(
    idp: &IdpConfig,
    token_endpoint: &str,
    now: i64,
) -> Result<Option<String>, Error> {
    let (alg, kid, key) = match (idp.token_endpoint_auth_method, &idp.client_secret) {
        (TokenAuthMethod::PrivateKeyJwt, _) => {
            let Some(k) = &idp.client_assertion_key else {
                return Err(missing("privateKeyJwt"));
            };
            (k.alg, Some(k.key_id.as_str()), k.key.clone())
        }
        (TokenAuthMethod::ClientSecretJwt, Some(secret)) => (
            SigningAlg::Hs256,
            None,
            EncodingKey::from_secret(secret.expose().as_bytes()),
        ),
        (TokenAuthMethod::ClientSecretJwt, None) => return Err(missing("clientSecret")),
        _ => return Ok(None),
    };
    let audience = if idp.quirks.token_endpoint_as_audience {
        token_endpoint
    } else {
        idp.issuer.as_str()
    };
    let mut header = json!({"alg": alg.name(), "typ": "JWT"});
    if let Some(kid) = kid {
        header["kid"] = json!(kid);
    }
    let claims = json!({
        "iss": idp.client_id,
        "sub": idp.client_id,
        "aud": audience,
        "jti": fresh_jti(),
        "iat": now,
        "exp": now + ASSERTION_LIFETIME_SECONDS,
    });
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = jsonwebtoken::crypto::sign(input.as_bytes(), &key, alg.jsonwebtoken())
        .map_err(|e| Error::Internal(format!("cannot sign the client assertion: {e}")))?;
    Ok(Some(format!("{input}.{signature}")))
}

fn missing(what: &str) -> Error {
    Error::Internal(format!(
        "the client assertion needs {what}, which validation requires"
    ))
}

/// 256 random bits: unique per request (RFC 7523 §3 `jti`).
fn fresh_jti() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}
