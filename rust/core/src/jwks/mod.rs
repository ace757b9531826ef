//! JSON Web Key Sets (RFC 7517): parsing the IdP's keys and choosing the one for a token.
//! A key is used only with its own family (`kty`), curve (`crv`) and `alg` when it names
//! one. Symmetric (`oct`) keys are never taken from a JWKS: HMAC is keyed only by the
//! client secret (OIDC Core §10.1).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{Map, Value};

pub(crate) mod cache;

use crate::jose::PublicKey;
pub use crate::jose::VerificationKey;
use crate::types::SigningAlg;

/// Most keys read from one set; the rest are ignored.
const MAX_KEYS: usize = 100;
/// RSA keys shorter than this are ignored (RFC 8725 §3.5, NIST SP 800-131A).
const MIN_RSA_MODULUS_BYTES: usize = 256;

/// The usable keys of one set.
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    pub keys: Vec<VerificationKey>,
    /// Keys in the document that were skipped (other types, other uses, weak, malformed).
    pub skipped: usize,
}

/// The outcome of looking a key up.
#[derive(Debug)]
pub enum Selection<'a> {
    Found(&'a VerificationKey),
    NotFound,
    /// No `kid` in the token and more than one suitable key.
    Ambiguous(usize),
}

impl KeySet {
    /// RFC 7515 §4.1.4 / OIDC Core 10.1: with a `kid`, the suitable key with that id;
    /// without one, the only suitable key.
    pub fn select(&self, kid: Option<&str>, alg: SigningAlg) -> Selection<'_> {
        let mut suitable = self.keys.iter().filter(|k| k.suits(alg));
        match kid {
            Some(kid) => match suitable.find(|k| k.kid.as_deref() == Some(kid)) {
                Some(key) => Selection::Found(key),
                None => Selection::NotFound,
            },
            None => {
                let all: Vec<_> = suitable.collect();
                match all.as_slice() {
                    [] => Selection::NotFound,
                    [only] => Selection::Found(only),
                    many => Selection::Ambiguous(many.len()),
                }
            }
        }
    }
}

/// Parses a JWKS document, keeping the usable keys. `Err` says what is wrong with it.
pub fn parse_jwks(doc: &Map<String, Value>) -> Result<KeySet, String> {
    let Some(Value::Array(entries)) = doc.get("keys") else {
        return Err("has no `keys` array".into());
    };
    let mut set = KeySet::default();
    for entry in entries.iter().take(MAX_KEYS) {
        match entry.as_object().and_then(parse_key) {
            Some(key) => set.keys.push(key),
            None => set.skipped += 1,
        }
    }
    set.skipped += entries.len().saturating_sub(MAX_KEYS);
    Ok(set)
}

fn parse_key(jwk: &Map<String, Value>) -> Option<VerificationKey> {
    // RFC 7517 §4.2-4.3: a key meant for encryption, or not for verifying, is not ours.
    if jwk.get("use").is_some_and(|u| u != "sig") {
        return None;
    }
    if let Some(ops) = jwk.get("key_ops") {
        if !ops.as_array()?.iter().any(|op| op == "verify") {
            return None;
        }
    }
    let kid = match jwk.get("kid") {
        None => None,
        Some(Value::String(kid)) => Some(std::sync::Arc::from(kid.as_str())),
        Some(_) => return None,
    };
    // An `alg` we do not know, or an HMAC one, makes the key unusable: a symmetric
    // secret published in a JWKS is public, and an unknown algorithm is not ours.
    let alg = match jwk.get("alg") {
        None => None,
        Some(name) => Some(SigningAlg::from_name(name.as_str()?).filter(|a| !a.is_hmac())?),
    };
    let (kty, crv, key) = match jwk.get("kty")?.as_str()? {
        "RSA" => ("RSA", None, rsa_key(jwk)?),
        "EC" => {
            let (crv, key) = ec_key(jwk)?;
            ("EC", Some(crv), key)
        }
        "OKP" => ("OKP", Some("Ed25519"), ed25519_key(jwk)?),
        _ => return None,
    };
    let key = VerificationKey {
        kid,
        kty,
        crv,
        alg,
        key,
    };
    // A key whose own `alg` belongs to another family or curve is inconsistent: never use it.
    key.alg.is_none_or(|a| key.suits(a)).then_some(key)
}

fn member_bytes(jwk: &Map<String, Value>, name: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(jwk.get(name)?.as_str()?).ok()
}

fn rsa_key(jwk: &Map<String, Value>) -> Option<PublicKey> {
    let n = member_bytes(jwk, "n")?;
    let e = member_bytes(jwk, "e")?;
    let significant = n.iter().skip_while(|b| **b == 0).count();
    if significant < MIN_RSA_MODULUS_BYTES || e.is_empty() || e.len() > 8 {
        return None;
    }
    PublicKey::rsa(&n, &e)
}

/// P-256 or P-384, with coordinates of exactly the curve's size, on the curve.
fn ec_key(jwk: &Map<String, Value>) -> Option<(&'static str, PublicKey)> {
    let (crv, size, alg) = match jwk.get("crv")?.as_str()? {
        "P-256" => ("P-256", 32, SigningAlg::Es256),
        "P-384" => ("P-384", 48, SigningAlg::Es384),
        _ => return None,
    };
    let (x, y) = (member_bytes(jwk, "x")?, member_bytes(jwk, "y")?);
    if x.len() != size || y.len() != size {
        return None;
    }
    Some((crv, PublicKey::ec(alg, &x, &y)?))
}

/// RFC 8037 §2: an Ed25519 public key is 32 bytes (the verifier relies on that length).
fn ed25519_key(jwk: &Map<String, Value>) -> Option<PublicKey> {
    if jwk.get("crv")? != "Ed25519" {
        return None;
    }
    let x = member_bytes(jwk, "x")?;
    if x.len() != 32 {
        return None;
    }
    PublicKey::ed25519(&x)
}

#[cfg(test)]
mod tests;
