//! The JWS algorithms the relying party can verify (RFC 7518 §3, RFC 8037 §3.1) and
//! what each needs of a key. `none` is not one of them, in any spelling.

use std::fmt;

use sha2::{Digest, Sha256, Sha384, Sha512};

/// A JWS algorithm the relying party can verify. Which ones an IdP may use is its
/// `allowedAlgorithms`; what the IdP advertises never widens that list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SigningAlg {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// RSASSA-PSS with SHA-256.
    Ps256,
    /// RSASSA-PSS with SHA-384.
    Ps384,
    /// RSASSA-PSS with SHA-512.
    Ps512,
    /// ECDSA on P-256 with SHA-256.
    Es256,
    /// ECDSA on P-384 with SHA-384.
    Es384,
    /// EdDSA on Ed25519.
    EdDsa,
    /// HMAC: keyed only by the client secret (OIDC Core §10.1), never by a JWKS key.
    Hs256,
    /// HMAC with SHA-384 (client secret only).
    Hs384,
    /// HMAC with SHA-512 (client secret only).
    Hs512,
}

impl SigningAlg {
    /// Every algorithm, in the order the docs list them.
    pub const ALL: [SigningAlg; 12] = [
        SigningAlg::Rs256,
        SigningAlg::Rs384,
        SigningAlg::Rs512,
        SigningAlg::Ps256,
        SigningAlg::Ps384,
        SigningAlg::Ps512,
        SigningAlg::Es256,
        SigningAlg::Es384,
        SigningAlg::EdDsa,
        SigningAlg::Hs256,
        SigningAlg::Hs384,
        SigningAlg::Hs512,
    ];

    /// Exact, case-sensitive match (RFC 7515 `alg` values are case-sensitive).
    pub fn from_name(name: &str) -> Option<SigningAlg> {
        SigningAlg::ALL.into_iter().find(|alg| alg.name() == name)
    }

    /// The `alg` value (RFC 7518 spelling).
    pub fn name(self) -> &'static str {
        match self {
            SigningAlg::Rs256 => "RS256",
            SigningAlg::Rs384 => "RS384",
            SigningAlg::Rs512 => "RS512",
            SigningAlg::Ps256 => "PS256",
            SigningAlg::Ps384 => "PS384",
            SigningAlg::Ps512 => "PS512",
            SigningAlg::Es256 => "ES256",
            SigningAlg::Es384 => "ES384",
            SigningAlg::EdDsa => "EdDSA",
            SigningAlg::Hs256 => "HS256",
            SigningAlg::Hs384 => "HS384",
            SigningAlg::Hs512 => "HS512",
        }
    }

    /// The JWK `kty` a key must have to be used with this algorithm.
    pub fn key_type(self) -> &'static str {
        match self {
            SigningAlg::Rs256
            | SigningAlg::Rs384
            | SigningAlg::Rs512
            | SigningAlg::Ps256
            | SigningAlg::Ps384
            | SigningAlg::Ps512 => "RSA",
            SigningAlg::Es256 | SigningAlg::Es384 => "EC",
            SigningAlg::EdDsa => "OKP",
            SigningAlg::Hs256 | SigningAlg::Hs384 | SigningAlg::Hs512 => "oct",
        }
    }

    /// The JWK `crv` a key must have (EC and OKP keys).
    pub fn curve(self) -> Option<&'static str> {
        match self {
            SigningAlg::Es256 => Some("P-256"),
            SigningAlg::Es384 => Some("P-384"),
            SigningAlg::EdDsa => Some("Ed25519"),
            _ => None,
        }
    }

    /// True for HS256/384/512.
    pub fn is_hmac(self) -> bool {
        self.key_type() == "oct"
    }

    /// Bytes of the hash the algorithm uses: the smallest acceptable HMAC key
    /// (RFC 7518 §3.2) and the size of the `at_hash` digest.
    pub fn hash_bytes(self) -> usize {
        match self {
            SigningAlg::Rs256 | SigningAlg::Ps256 | SigningAlg::Es256 | SigningAlg::Hs256 => 32,
            SigningAlg::Rs384 | SigningAlg::Ps384 | SigningAlg::Es384 | SigningAlg::Hs384 => 48,
            SigningAlg::Rs512 | SigningAlg::Ps512 | SigningAlg::Hs512 | SigningAlg::EdDsa => 64,
        }
    }

    /// The left half of the algorithm's hash of `input` (OIDC Core 3.1.3.6 `at_hash`;
    /// Ed25519 uses SHA-512 as in the OpenID Connect errata).
    pub fn left_half_hash(self, input: &[u8]) -> Vec<u8> {
        let digest = match self.hash_bytes() {
            32 => Sha256::digest(input).to_vec(),
            48 => Sha384::digest(input).to_vec(),
            _ => Sha512::digest(input).to_vec(),
        };
        digest[..digest.len() / 2].to_vec()
    }

    pub(crate) fn jsonwebtoken(self) -> jsonwebtoken::Algorithm {
        use jsonwebtoken::Algorithm as A;
        match self {
            SigningAlg::Rs256 => A::RS256,
            SigningAlg::Rs384 => A::RS384,
            SigningAlg::Rs512 => A::RS512,
            SigningAlg::Ps256 => A::PS256,
            SigningAlg::Ps384 => A::PS384,
            SigningAlg::Ps512 => A::PS512,
            SigningAlg::Es256 => A::ES256,
            SigningAlg::Es384 => A::ES384,
            SigningAlg::EdDsa => A::EdDSA,
            SigningAlg::Hs256 => A::HS256,
            SigningAlg::Hs384 => A::HS384,
            SigningAlg::Hs512 => A::HS512,
        }
    }
}

impl fmt::Display for SigningAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_name_when_other_case_or_none_then_unknown() {
        for name in [
            "rs256", "none", "None", "NONE", "nOnE", " none", "hs256", "eddsa", "ES512", "RSA1_5",
            "",
        ] {
            assert_eq!(SigningAlg::from_name(name), None, "{name}");
        }
    }

    #[test]
    fn from_name_when_every_name_then_round_trips() {
        for alg in SigningAlg::ALL {
            assert_eq!(SigningAlg::from_name(alg.name()), Some(alg));
        }
    }

    #[test]
    fn key_requirements_when_family_then_type_and_curve() {
        let cases = [
            (SigningAlg::Ps384, "RSA", None),
            (SigningAlg::Es256, "EC", Some("P-256")),
            (SigningAlg::Es384, "EC", Some("P-384")),
            (SigningAlg::EdDsa, "OKP", Some("Ed25519")),
            (SigningAlg::Hs512, "oct", None),
        ];
        for (alg, kty, crv) in cases {
            assert_eq!((alg.key_type(), alg.curve()), (kty, crv), "{alg}");
        }
    }

    #[test]
    fn left_half_hash_when_sizes_then_half_of_the_digest() {
        assert_eq!(SigningAlg::Rs256.left_half_hash(b"x").len(), 16);
        assert_eq!(SigningAlg::Es384.left_half_hash(b"x").len(), 24);
        assert_eq!(SigningAlg::EdDsa.left_half_hash(b"x").len(), 32);
    }
}
