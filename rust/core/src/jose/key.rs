//! Public keys for signature verification on aws-lc-rs, parsed once when the JWKS is read
//! rather than on every token: an RSA key's Montgomery set-up or an EC point's validation
//! costs as much as a tenth of the verification itself (docs/benchmarks.md).

use std::sync::{Arc, OnceLock};

use aws_lc_rs::signature::{self as sig, ParsedPublicKey, VerificationAlgorithm};
use aws_lc_rs::{constant_time, hmac};

use crate::types::SigningAlg;

/// One usable verification key.
#[derive(Clone)]
pub struct VerificationKey {
    /// Shared, so the key handed out for each token is a clone without an allocation.
    pub kid: Option<Arc<str>>,
    /// `RSA`, `EC`, `OKP`, or `oct` for the client secret (never from a JWKS).
    pub kty: &'static str,
    /// `P-256`, `P-384` or `Ed25519` for EC and OKP keys.
    pub crv: Option<&'static str>,
    /// The key's own `alg`, when it names one.
    pub alg: Option<SigningAlg>,
    /// Parsed once, when the set is read.
    pub(crate) key: PublicKey,
}

impl std::fmt::Debug for VerificationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerificationKey")
            .field("kid", &self.kid)
            .field("kty", &self.kty)
            .field("crv", &self.crv)
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

impl VerificationKey {
    /// True when this key may verify a signature made with `alg`.
    pub fn suits(&self, alg: SigningAlg) -> bool {
        self.kty == alg.key_type()
            && self.crv == alg.curve()
            && self.alg.is_none_or(|own| own == alg)
    }

    /// The HMAC key of an IdP: its client secret's octets (OIDC Core §10.1). The only
    /// way to get a key that [`suits`](Self::suits) an HS algorithm.
    pub fn client_secret(secret: &crate::types::ClientSecret) -> VerificationKey {
        VerificationKey {
            kid: None,
            kty: "oct",
            crv: None,
            alg: None,
            key: PublicKey::hmac(secret.expose().as_bytes()),
        }
    }
}

/// The key material of a [`VerificationKey`], ready to verify.
/// Cloning shares the parsed key.
#[derive(Clone)]
pub(crate) enum PublicKey {
    /// One parse per RSA algorithm the key is asked for (RS256, ..., PS512): aws-lc binds a
    /// parsed key to its padding and hash.
    Rsa(Arc<RsaKey>),
    /// A P-256 or P-384 point (validated on the curve), or an Ed25519 key, for its one
    /// algorithm.
    Parsed(SigningAlg, Arc<ParsedPublicKey>),
    /// The client secret's octets, for HS256/384/512 only.
    Hmac(Arc<[u8]>),
}

pub(crate) struct RsaKey {
    /// `RSAPublicKey` DER (RFC 8017 A.1.1).
    der: Vec<u8>,
    parsed: [OnceLock<Option<ParsedPublicKey>>; 6],
}

const RSA_ALGS: [SigningAlg; 6] = [
    SigningAlg::Rs256,
    SigningAlg::Rs384,
    SigningAlg::Rs512,
    SigningAlg::Ps256,
    SigningAlg::Ps384,
    SigningAlg::Ps512,
];

impl PublicKey {
    /// An RSA key from its JWK `n` and `e` (big-endian), or `None` when aws-lc refuses it
    /// (outside 2048 to 8192 bits, even modulus, bad exponent).
    pub(crate) fn rsa(n: &[u8], e: &[u8]) -> Option<PublicKey> {
        let key = RsaKey {
            der: rsa_public_key_der(n, e),
            parsed: Default::default(),
        };
        key.parsed_for(SigningAlg::Rs256)?;
        Some(PublicKey::Rsa(Arc::new(key)))
    }

    /// An EC key from its JWK `x` and `y` for ES256 (P-256) or ES384 (P-384), or `None` when
    /// the point is not on the curve.
    pub(crate) fn ec(alg: SigningAlg, x: &[u8], y: &[u8]) -> Option<PublicKey> {
        let mut point = Vec::with_capacity(1 + x.len() + y.len());
        point.push(0x04); // SEC 1 §2.3.3: uncompressed
        point.extend_from_slice(x);
        point.extend_from_slice(y);
        parsed(alg, &point)
    }

    /// An Ed25519 key from its JWK `x` (32 bytes).
    pub(crate) fn ed25519(x: &[u8]) -> Option<PublicKey> {
        parsed(SigningAlg::EdDsa, x)
    }

    pub(crate) fn hmac(secret: &[u8]) -> PublicKey {
        PublicKey::Hmac(secret.into())
    }

    /// True when `signature` is valid over `input` for `alg` with this key. The caller has
    /// checked that the key suits `alg` (family, curve, the key's own `alg`).
    pub(crate) fn verify(&self, alg: SigningAlg, input: &[u8], signature: &[u8]) -> bool {
        match self {
            PublicKey::Rsa(key) => key
                .parsed_for(alg)
                .is_some_and(|k| k.verify_sig(input, signature).is_ok()),
            PublicKey::Parsed(own, key) => *own == alg && key.verify_sig(input, signature).is_ok(),
            PublicKey::Hmac(secret) => hmac_algorithm(alg).is_some_and(|a| {
                let tag = hmac::sign(&hmac::Key::new(a, secret), input);
                constant_time::verify_slices_are_equal(tag.as_ref(), signature).is_ok()
            }),
        }
    }
}

impl RsaKey {
    fn parsed_for(&self, alg: SigningAlg) -> Option<&ParsedPublicKey> {
        let slot = RSA_ALGS.iter().position(|a| *a == alg)?;
        self.parsed[slot]
            .get_or_init(|| ParsedPublicKey::new(algorithm(alg)?, &self.der).ok())
            .as_ref()
    }
}

fn parsed(alg: SigningAlg, bytes: &[u8]) -> Option<PublicKey> {
    let key = ParsedPublicKey::new(algorithm(alg)?, bytes).ok()?;
    Some(PublicKey::Parsed(alg, Arc::new(key)))
}

/// aws-lc's algorithm for a JWS `alg` (RFC 7518 §3): ECDSA signatures are the fixed-size
/// `r || s`, RSA keys 2048 to 8192 bits, PSS with the salt as long as the hash.
fn algorithm(alg: SigningAlg) -> Option<&'static dyn VerificationAlgorithm> {
    Some(match alg {
        SigningAlg::Rs256 => &sig::RSA_PKCS1_2048_8192_SHA256,
        SigningAlg::Rs384 => &sig::RSA_PKCS1_2048_8192_SHA384,
        SigningAlg::Rs512 => &sig::RSA_PKCS1_2048_8192_SHA512,
        SigningAlg::Ps256 => &sig::RSA_PSS_2048_8192_SHA256,
        SigningAlg::Ps384 => &sig::RSA_PSS_2048_8192_SHA384,
        SigningAlg::Ps512 => &sig::RSA_PSS_2048_8192_SHA512,
        SigningAlg::Es256 => &sig::ECDSA_P256_SHA256_FIXED,
        SigningAlg::Es384 => &sig::ECDSA_P384_SHA384_FIXED,
        SigningAlg::EdDsa => &sig::ED25519,
        SigningAlg::Hs256 | SigningAlg::Hs384 | SigningAlg::Hs512 => return None,
    })
}

fn hmac_algorithm(alg: SigningAlg) -> Option<hmac::Algorithm> {
    match alg {
        SigningAlg::Hs256 => Some(hmac::HMAC_SHA256),
        SigningAlg::Hs384 => Some(hmac::HMAC_SHA384),
        SigningAlg::Hs512 => Some(hmac::HMAC_SHA512),
        _ => None,
    }
}

/// DER `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`.
fn rsa_public_key_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    let mut body = der_integer(n);
    body.extend(der_integer(e));
    der_tlv(0x30, &body)
}

/// A non-negative INTEGER from big-endian bytes: leading zeros dropped, one added when
/// the top bit is set.
fn der_integer(bytes: &[u8]) -> Vec<u8> {
    let significant = &bytes[bytes.iter().take_while(|b| **b == 0).count()..];
    let mut body = Vec::with_capacity(significant.len() + 1);
    if significant.first().is_none_or(|b| b & 0x80 != 0) {
        body.push(0);
    }
    body.extend_from_slice(significant);
    der_tlv(0x02, &body)
}

fn der_tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = body.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let used = &bytes[bytes.iter().take_while(|b| **b == 0).count()..];
        out.push(0x80 | used.len() as u8);
        out.extend_from_slice(used);
    }
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_integer_when_top_bit_or_leading_zeros_then_minimal_non_negative() {
        assert_eq!(der_integer(&[0x01, 0x00, 0x01]), [0x02, 3, 1, 0, 1]);
        assert_eq!(der_integer(&[0x80]), [0x02, 2, 0, 0x80]);
        assert_eq!(der_integer(&[0, 0, 0x7f]), [0x02, 1, 0x7f]);
        assert_eq!(der_integer(&[]), [0x02, 1, 0]);
    }

    #[test]
    fn der_tlv_when_long_body_then_long_form_length() {
        let body = vec![7u8; 300];
        let tlv = der_tlv(0x30, &body);
        assert_eq!(&tlv[..4], [0x30, 0x82, 0x01, 0x2c]);
        assert_eq!(tlv.len(), 304);
    }

    #[test]
    fn verify_when_hmac_key_and_other_family_then_false() {
        let key = PublicKey::hmac(b"a secret of thirty-two bytes!!!!");
        let tag = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, b"a secret of thirty-two bytes!!!!"),
            b"input",
        );
        assert!(key.verify(SigningAlg::Hs256, b"input", tag.as_ref()));
        assert!(!key.verify(SigningAlg::Hs384, b"input", tag.as_ref()));
        assert!(!key.verify(SigningAlg::Rs256, b"input", tag.as_ref()));
        assert!(!key.verify(SigningAlg::Hs256, b"other", tag.as_ref()));
    }
}
