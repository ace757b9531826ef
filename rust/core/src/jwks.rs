//! JSON Web Key Sets (RFC 7517): parsing the IdP's keys and choosing the one for a token.
//! Only keys that can verify an allowed algorithm are kept; a key is used only with
//! its own `kty` (and `alg` when the key names one).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::DecodingKey;
use serde_json::{Map, Value};

use crate::types::SigningAlg;

/// Most keys read from one set; the rest are ignored.
const MAX_KEYS: usize = 100;
/// RSA keys shorter than this are ignored (RFC 8725 §3.5, NIST SP 800-131A).
const MIN_RSA_MODULUS_BYTES: usize = 256;

/// One usable verification key.
#[derive(Clone)]
pub struct VerificationKey {
    pub kid: Option<String>,
    /// `RSA` or `EC` (P-256).
    pub kty: &'static str,
    /// The key's own `alg`, when it names one.
    pub alg: Option<SigningAlg>,
    pub(crate) key: DecodingKey,
}

impl std::fmt::Debug for VerificationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerificationKey")
            .field("kid", &self.kid)
            .field("kty", &self.kty)
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

impl VerificationKey {
    /// True when this key may verify a signature made with `alg`.
    pub fn suits(&self, alg: SigningAlg) -> bool {
        self.kty == alg.key_type() && self.alg.is_none_or(|own| own == alg)
    }
}

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
        Some(Value::String(kid)) => Some(kid.clone()),
        Some(_) => return None,
    };
    let alg = match jwk.get("alg") {
        None => None,
        Some(name) => Some(SigningAlg::from_name(name.as_str()?)?),
    };
    let (kty, key) = match jwk.get("kty")?.as_str()? {
        "RSA" => ("RSA", rsa_key(jwk)?),
        "EC" => ("EC", ec_p256_key(jwk)?),
        _ => return None,
    };
    let key = VerificationKey { kid, kty, alg, key };
    // A key whose own `alg` belongs to another family is inconsistent: never use it.
    key.alg.is_none_or(|a| key.suits(a)).then_some(key)
}

fn member_bytes(jwk: &Map<String, Value>, name: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(jwk.get(name)?.as_str()?).ok()
}

fn rsa_key(jwk: &Map<String, Value>) -> Option<DecodingKey> {
    let n = member_bytes(jwk, "n")?;
    let e = member_bytes(jwk, "e")?;
    let significant = n.iter().skip_while(|b| **b == 0).count();
    if significant < MIN_RSA_MODULUS_BYTES || e.is_empty() || e.len() > 8 {
        return None;
    }
    Some(DecodingKey::from_rsa_raw_components(&n, &e))
}

fn ec_p256_key(jwk: &Map<String, Value>) -> Option<DecodingKey> {
    if jwk.get("crv")? != "P-256" {
        return None;
    }
    let (x, y) = (member_bytes(jwk, "x")?, member_bytes(jwk, "y")?);
    if x.len() != 32 || y.len() != 32 {
        return None;
    }
    let (x, y) = (URL_SAFE_NO_PAD.encode(x), URL_SAFE_NO_PAD.encode(y));
    DecodingKey::from_ec_components(&x, &y).ok()
}

#[cfg(test)]
mod tests;
