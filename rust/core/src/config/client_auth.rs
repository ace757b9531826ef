//! How an IdP's client authenticates at the token endpoint, and the keys that needs:
//! `clientSecret`, `tokenEndpointAuthMethod`, `privateKeyJwt` and `quirks`.

use std::fmt;

use jsonwebtoken::EncodingKey;
use serde_json::Value;

use super::reader::{Object, Problems};
use crate::text::quote;
use crate::types::{ClientSecret, SigningAlg, TokenAuthMethod};

const MAX_KEY_PEM_LEN: usize = 64 * 1024;

/// The private key of `private_key_jwt` (RFC 7523 §2.2). Debug never shows the key.
#[derive(Clone)]
pub struct ClientAssertionKey {
    /// The `kid` put in the assertion header: the key's id as registered at the IdP.
    pub key_id: String,
    pub alg: SigningAlg,
    pub(crate) key: EncodingKey,
}

impl fmt::Debug for ClientAssertionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientAssertionKey")
            .field("key_id", &self.key_id)
            .field("alg", &self.alg)
            .field("key", &"[redacted]")
            .finish()
    }
}

/// Named per-IdP deviations from the standard, each off by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quirks {
    /// Client assertions name the token endpoint URL as `aud` instead of the issuer
    /// (for IdPs that predate rfc7523bis and refuse the issuer).
    pub token_endpoint_as_audience: bool,
    /// Amazon Cognito's `/logout` (no `end_session_endpoint`): RP-initiated logout sends
    /// the browser here with `client_id` and `logout_uri` (crate::providers::cognito).
    pub cognito_logout_url: Option<String>,
}

/// The client-authentication part of one IdP.
#[derive(Debug, Clone)]
pub(super) struct ClientAuth {
    pub(super) method: TokenAuthMethod,
    pub(super) secret: Option<ClientSecret>,
    pub(super) assertion_key: Option<ClientAssertionKey>,
    pub(super) quirks: Quirks,
}

/// Reads the client authentication; `None` when something required is wrong.
pub(super) fn read_client_auth(
    obj: &mut Object<'_>,
    allow_http_loopback: bool,
    p: &mut Problems,
) -> Option<ClientAuth> {
    let method = read_method(obj, p);
    let secret = read_client_secret(obj, method, p);
    let assertion_key = read_assertion_key(obj, method, p);
    let quirks = read_quirks(obj, allow_http_loopback, p);
    let method = method?;
    let secret_ok = secret.is_some() || !method.needs_secret();
    let key_ok = assertion_key.is_some() == (method == TokenAuthMethod::PrivateKeyJwt);
    (secret_ok && key_ok).then_some(ClientAuth {
        method,
        secret: secret.flatten(),
        assertion_key,
        quirks: quirks?,
    })
}

fn read_method(obj: &mut Object<'_>, p: &mut Problems) -> Option<TokenAuthMethod> {
    let Some(name) = obj.string("tokenEndpointAuthMethod", false, p) else {
        return Some(TokenAuthMethod::ClientSecretBasic);
    };
    let method = TokenAuthMethod::from_name(&name);
    if method.is_none() {
        let names = TokenAuthMethod::ALL.map(|m| format!("`{}`", m.name()));
        p.add(
            &obj.at("tokenEndpointAuthMethod"),
            format!(
                "must be one of {}, found {}",
                names.join(", "),
                quote(&name)
            ),
        );
    }
    method
}

/// `Some(None)`: absent and not needed. `None`: a problem was recorded.
fn read_client_secret(
    obj: &mut Object<'_>,
    method: Option<TokenAuthMethod>,
    p: &mut Problems,
) -> Option<Option<ClientSecret>> {
    let at = obj.at("clientSecret");
    match obj.get("clientSecret") {
        None if method.is_some_and(|m| !m.needs_secret()) => Some(None),
        None => {
            let method = method.unwrap_or(TokenAuthMethod::ClientSecretBasic).name();
            p.add(
                &at,
                format!("is required for tokenEndpointAuthMethod `{method}`"),
            );
            None
        }
        // The value is never echoed back: it is a secret.
        Some(Value::String(s)) if s.is_empty() || s.chars().any(char::is_control) => {
            p.add(&at, "must be a non-empty string without control characters");
            None
        }
        Some(Value::String(s)) => Some(Some(ClientSecret::new(s.clone()))),
        Some(_) => {
            p.add(&at, "must be a string");
            None
        }
    }
}

fn read_assertion_key(
    obj: &mut Object<'_>,
    method: Option<TokenAuthMethod>,
    p: &mut Problems,
) -> Option<ClientAssertionKey> {
    let at = obj.at("privateKeyJwt");
    let wanted = method == Some(TokenAuthMethod::PrivateKeyJwt);
    let Some(value) = obj.get("privateKeyJwt") else {
        if wanted {
            p.add(
                &at,
                "is required for tokenEndpointAuthMethod `private_key_jwt`: \
                 {\"privateKeyPem\": ..., \"keyId\": ..., \"algorithm\": \"RS256\"}",
            );
        }
        return None;
    };
    let mut key = Object::new(value, &at, p)?;
    let pem = key.string("privateKeyPem", true, p);
    let key_id = key.string("keyId", true, p);
    let alg = read_assertion_alg(&mut key, p);
    let pem_at = key.at("privateKeyPem");
    key.finish(p);
    if !wanted && method.is_some() {
        p.add(
            &at,
            "is set but tokenEndpointAuthMethod is not `private_key_jwt`; remove it or \
             change the method (a key that is never used is a mistake)",
        );
        return None;
    }
    let (pem, key_id, alg) = (pem?, key_id?, alg?);
    match signing_key(&pem, alg) {
        Ok(key) => Some(ClientAssertionKey { key_id, alg, key }),
        Err(why) => {
            // Never echoed: it is a private key.
            p.add(&pem_at, why);
            None
        }
    }
}

fn read_assertion_alg(key: &mut Object<'_>, p: &mut Problems) -> Option<SigningAlg> {
    let name = key
        .string("algorithm", false, p)
        .unwrap_or_else(|| "RS256".into());
    match SigningAlg::from_name(&name).filter(|a| !a.is_hmac()) {
        Some(alg) => Some(alg),
        None => {
            p.add(
                &key.at("algorithm"),
                format!(
                    "must be an asymmetric JWS algorithm (RS256, PS256, ES256, EdDSA, ...), \
                     found {}",
                    quote(&name)
                ),
            );
            None
        }
    }
}

/// The PEM as a signing key for `alg`, proven by signing once.
fn signing_key(pem: &str, alg: SigningAlg) -> Result<EncodingKey, String> {
    if pem.len() > MAX_KEY_PEM_LEN || !pem.contains("-----BEGIN") {
        return Err("must be a PEM private key (a `BEGIN ... PRIVATE KEY` block)".into());
    }
    let key = match alg.key_type() {
        "RSA" => EncodingKey::from_rsa_pem(pem.as_bytes()),
        "EC" => EncodingKey::from_ec_pem(pem.as_bytes()),
        _ => EncodingKey::from_ed_pem(pem.as_bytes()),
    };
    let key = key.map_err(|_| {
        format!(
            "is not a {} private key in PEM (PKCS#8 `PRIVATE KEY`{})",
            alg.key_type(),
            if alg.key_type() == "RSA" {
                " or PKCS#1 `RSA PRIVATE KEY`"
            } else {
                ""
            }
        )
    })?;
    jsonwebtoken::crypto::sign(b"probe", &key, alg.jsonwebtoken())
        .map_err(|_| format!("cannot sign with algorithm {alg}: wrong key type or curve"))?;
    Ok(key)
}

fn read_quirks(
    obj: &mut Object<'_>,
    allow_http_loopback: bool,
    p: &mut Problems,
) -> Option<Quirks> {
    let Some(value) = obj.get("quirks") else {
        return Some(Quirks::default());
    };
    let mut quirks = Object::new(value, &obj.at("quirks"), p)?;
    let token_endpoint_as_audience = quirks.boolean("tokenEndpointAsAudience", false, p);
    let cognito_logout_url = read_cognito_logout_url(&mut quirks, allow_http_loopback, p);
    quirks.finish(p);
    Some(Quirks {
        token_endpoint_as_audience,
        cognito_logout_url: cognito_logout_url?,
    })
}

/// `quirks.cognitoLogoutUrl`: the user pool domain's `/logout` endpoint (https; http to a
/// loopback address only in development). `Some(None)` when absent.
fn read_cognito_logout_url(
    quirks: &mut Object<'_>,
    allow_http_loopback: bool,
    p: &mut Problems,
) -> Option<Option<String>> {
    let key = "cognitoLogoutUrl";
    let Some(raw) = quirks.string(key, false, p) else {
        return (!quirks.has(key)).then_some(None);
    };
    let checked = crate::url_policy::check_endpoint(&raw, allow_http_loopback).and_then(|url| {
        if url.path() == "/logout" && url.query().is_none() {
            Ok(())
        } else {
            Err(
                "must be the user pool domain's `/logout` endpoint without a query, e.g. \
                 `https://acme.auth.eu-west-1.amazoncognito.com/logout`"
                    .to_string(),
            )
        }
    });
    match checked {
        Ok(()) => Some(Some(raw)),
        Err(why) => {
            p.add(&quirks.at(key), format!("{why}; found {}", quote(&raw)));
            None
        }
    }
}
