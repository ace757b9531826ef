//! Signing keys for every algorithm the core accepts, with JWK and PEM export, signing
//! and (for the OP's client-assertion checks) verification done with the RustCrypto
//! crates directly, independently of the core.
//! RSA key generation is slow, so a small pool is generated once per process.

use std::sync::{Arc, OnceLock};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rsa::pkcs8::{EncodePrivateKey as _, LineEnding};
use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _, Signer as _, Verifier as _};
use rsa::traits::PublicKeyParts as _;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::{Sha256, Sha384, Sha512};

/// How many distinct RSA keys the pool holds.
pub const RSA_POOL_SIZE: usize = 3;

fn rsa_pool(index: usize) -> Arc<RsaPrivateKey> {
    static POOL: [OnceLock<Arc<RsaPrivateKey>>; RSA_POOL_SIZE] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    POOL[index % RSA_POOL_SIZE]
        .get_or_init(|| {
            let key = RsaPrivateKey::new(&mut rand::thread_rng(), 2048)
                .expect("generating an RSA-2048 test key");
            Arc::new(key)
        })
        .clone()
}

#[derive(Clone)]
enum Material {
    Rsa(Arc<RsaPrivateKey>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
    Hmac(Vec<u8>),
}

/// A private key with its `kid` and the algorithm it signs with.
#[derive(Clone)]
pub struct TestKey {
    pub kid: String,
    alg: &'static str,
    material: Material,
}

impl std::fmt::Debug for TestKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TestKey({} {})", self.alg, self.kid)
    }
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

impl TestKey {
    /// The first pooled RSA key, signing RS256.
    pub fn rsa(kid: &str) -> TestKey {
        TestKey::rsa_from_pool(kid, 0)
    }

    /// Pooled RSA key number `index` (distinct keys for rotation tests), signing RS256.
    pub fn rsa_from_pool(kid: &str, index: usize) -> TestKey {
        TestKey {
            kid: kid.to_string(),
            alg: "RS256",
            material: Material::Rsa(rsa_pool(index)),
        }
    }

    /// A fresh EC P-256 key (ES256).
    pub fn ec(kid: &str) -> TestKey {
        let key = p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng);
        TestKey::of(kid, "ES256", Material::P256(key))
    }

    /// A fresh EC P-384 key (ES384).
    pub fn ec384(kid: &str) -> TestKey {
        let key = p384::ecdsa::SigningKey::random(&mut rand::rngs::OsRng);
        TestKey::of(kid, "ES384", Material::P384(key))
    }

    /// A fresh Ed25519 key (EdDSA).
    pub fn ed25519(kid: &str) -> TestKey {
        let key = ed25519_dalek::SigningKey::from_bytes(&rand::random());
        TestKey::of(kid, "EdDSA", Material::Ed25519(key))
    }

    /// An HMAC key (`HS256`, `HS384` or `HS512`) made of `secret`'s bytes.
    pub fn hmac(kid: &str, alg: &'static str, secret: &[u8]) -> TestKey {
        assert!(alg.starts_with("HS"), "an HMAC algorithm");
        TestKey::of(kid, alg, Material::Hmac(secret.to_vec()))
    }

    fn of(kid: &str, alg: &'static str, material: Material) -> TestKey {
        TestKey {
            kid: kid.to_string(),
            alg,
            material,
        }
    }

    /// The same key under another `kid`.
    pub fn with_kid(&self, kid: &str) -> TestKey {
        TestKey {
            kid: kid.to_string(),
            ..self.clone()
        }
    }

    /// The same RSA key signing with another RSA algorithm (`RS384`, `PS256`, ...).
    pub fn with_alg(&self, alg: &'static str) -> TestKey {
        assert!(
            matches!(self.material, Material::Rsa(_))
                && (alg.starts_with("RS") || alg.starts_with("PS")),
            "only RSA keys change algorithm"
        );
        TestKey {
            alg,
            ..self.clone()
        }
    }

    pub fn alg(&self) -> &'static str {
        self.alg
    }

    /// The public key as a JWK with `kid`, `use` `sig` and `alg` (an `oct` JWK for HMAC).
    pub fn public_jwk(&self) -> Value {
        let (kid, alg) = (&self.kid, self.alg);
        match &self.material {
            Material::Rsa(key) => json!({
                "kty": "RSA", "kid": kid, "use": "sig", "alg": alg,
                "n": b64(&key.n().to_bytes_be()), "e": b64(&key.e().to_bytes_be()),
            }),
            Material::P256(key) => {
                let point = key.verifying_key().to_encoded_point(false);
                let (x, y) = (point.x().expect("x"), point.y().expect("y"));
                json!({"kty": "EC", "kid": kid, "use": "sig", "alg": alg, "crv": "P-256",
                       "x": b64(x), "y": b64(y)})
            }
            Material::P384(key) => {
                let point = key.verifying_key().to_encoded_point(false);
                let (x, y) = (point.x().expect("x"), point.y().expect("y"));
                json!({"kty": "EC", "kid": kid, "use": "sig", "alg": alg, "crv": "P-384",
                       "x": b64(x), "y": b64(y)})
            }
            Material::Ed25519(key) => json!({
                "kty": "OKP", "kid": kid, "use": "sig", "alg": alg, "crv": "Ed25519",
                "x": b64(key.verifying_key().as_bytes()),
            }),
            Material::Hmac(secret) => json!({
                "kty": "oct", "kid": kid, "use": "sig", "alg": alg, "k": b64(secret),
            }),
        }
    }

    /// The private key as PKCS#8 PEM (for `private_key_jwt` configurations).
    pub fn private_pem(&self) -> String {
        let pem = match &self.material {
            Material::Rsa(key) => key.to_pkcs8_pem(LineEnding::LF).map(|p| p.to_string()),
            Material::P256(key) => p256::pkcs8::EncodePrivateKey::to_pkcs8_pem(key, LineEnding::LF)
                .map(|p| p.to_string()),
            Material::P384(key) => p384::pkcs8::EncodePrivateKey::to_pkcs8_pem(key, LineEnding::LF)
                .map(|p| p.to_string()),
            Material::Ed25519(key) => {
                ed25519_dalek::pkcs8::EncodePrivateKey::to_pkcs8_pem(key, LineEnding::LF)
                    .map(|p| p.to_string())
            }
            Material::Hmac(_) => panic!("an HMAC key has no PEM form"),
        };
        pem.expect("PKCS#8 PEM export")
    }

    /// The JWS signature over `input` with the key's algorithm.
    pub fn sign(&self, input: &[u8]) -> Vec<u8> {
        match &self.material {
            Material::Rsa(key) => sign_rsa(key, self.alg, input),
            Material::P256(key) => {
                let signature: p256::ecdsa::Signature = key.sign(input);
                signature.to_bytes().to_vec()
            }
            Material::P384(key) => {
                let signature: p384::ecdsa::Signature = key.sign(input);
                signature.to_bytes().to_vec()
            }
            Material::Ed25519(key) => key.sign(input).to_bytes().to_vec(),
            Material::Hmac(secret) => hmac_tag(secret, self.alg, input),
        }
    }

    /// True when `signature` is this key's valid signature over `input`.
    pub fn verify(&self, input: &[u8], signature: &[u8]) -> bool {
        match &self.material {
            Material::Rsa(key) => verify_rsa(key, self.alg, input, signature),
            Material::P256(key) => p256::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|s| key.verifying_key().verify(input, &s).is_ok()),
            Material::P384(key) => p384::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|s| key.verifying_key().verify(input, &s).is_ok()),
            Material::Ed25519(key) => ed25519_dalek::Signature::from_slice(signature)
                .is_ok_and(|s| key.verifying_key().verify(input, &s).is_ok()),
            Material::Hmac(secret) => hmac_tag(secret, self.alg, input) == signature,
        }
    }
}

fn sign_rsa(key: &RsaPrivateKey, alg: &str, input: &[u8]) -> Vec<u8> {
    use rsa::{pkcs1v15, pss};
    let key = key.clone();
    let mut rng = rand::thread_rng();
    match alg {
        "RS256" => pkcs1v15::SigningKey::<Sha256>::new(key)
            .sign(input)
            .to_vec(),
        "RS384" => pkcs1v15::SigningKey::<Sha384>::new(key)
            .sign(input)
            .to_vec(),
        "RS512" => pkcs1v15::SigningKey::<Sha512>::new(key)
            .sign(input)
            .to_vec(),
        "PS256" => pss::BlindedSigningKey::<Sha256>::new(key)
            .sign_with_rng(&mut rng, input)
            .to_vec(),
        "PS384" => pss::BlindedSigningKey::<Sha384>::new(key)
            .sign_with_rng(&mut rng, input)
            .to_vec(),
        "PS512" => pss::BlindedSigningKey::<Sha512>::new(key)
            .sign_with_rng(&mut rng, input)
            .to_vec(),
        other => panic!("not an RSA algorithm: {other}"),
    }
}

fn verify_rsa(key: &RsaPrivateKey, alg: &str, input: &[u8], signature: &[u8]) -> bool {
    use rsa::{pkcs1v15, pss};
    let public = key.to_public_key();
    match alg {
        "RS256" | "RS384" | "RS512" => pkcs1v15::Signature::try_from(signature).is_ok_and(|s| {
            match alg {
                "RS256" => pkcs1v15::VerifyingKey::<Sha256>::new(public).verify(input, &s),
                "RS384" => pkcs1v15::VerifyingKey::<Sha384>::new(public).verify(input, &s),
                _ => pkcs1v15::VerifyingKey::<Sha512>::new(public).verify(input, &s),
            }
            .is_ok()
        }),
        _ => pss::Signature::try_from(signature).is_ok_and(|s| {
            match alg {
                "PS256" => pss::VerifyingKey::<Sha256>::new(public).verify(input, &s),
                "PS384" => pss::VerifyingKey::<Sha384>::new(public).verify(input, &s),
                _ => pss::VerifyingKey::<Sha512>::new(public).verify(input, &s),
            }
            .is_ok()
        }),
    }
}

fn hmac_tag(secret: &[u8], alg: &str, input: &[u8]) -> Vec<u8> {
    fn tag<M: hmac::Mac + hmac::digest::KeyInit>(secret: &[u8], input: &[u8]) -> Vec<u8> {
        let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(secret).expect("any key size");
        mac.update(input);
        mac.finalize().into_bytes().to_vec()
    }
    match alg {
        "HS256" => tag::<hmac::Hmac<Sha256>>(secret, input),
        "HS384" => tag::<hmac::Hmac<Sha384>>(secret, input),
        _ => tag::<hmac::Hmac<Sha512>>(secret, input),
    }
}
