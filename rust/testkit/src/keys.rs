//! Signing keys: RSA-2048 (RS256) and EC P-256 (ES256), with JWK export.
//! RSA key generation is slow, so a small pool is generated once per process.

use std::sync::{Arc, OnceLock};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use p256::ecdsa::signature::Signer as _;
use rsa::signature::SignatureEncoding as _;
use rsa::traits::PublicKeyParts as _;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::Sha256;

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
    Ec(p256::ecdsa::SigningKey),
}

/// A private key with its `kid`.
#[derive(Clone)]
pub struct TestKey {
    pub kid: String,
    material: Material,
}

impl std::fmt::Debug for TestKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TestKey({} {})", self.alg(), self.kid)
    }
}

impl TestKey {
    /// The first pooled RSA key.
    pub fn rsa(kid: &str) -> TestKey {
        TestKey::rsa_from_pool(kid, 0)
    }

    /// Pooled RSA key number `index` (distinct keys for rotation tests).
    pub fn rsa_from_pool(kid: &str, index: usize) -> TestKey {
        TestKey {
            kid: kid.to_string(),
            material: Material::Rsa(rsa_pool(index)),
        }
    }

    /// A fresh EC P-256 key (cheap to generate).
    pub fn ec(kid: &str) -> TestKey {
        TestKey {
            kid: kid.to_string(),
            material: Material::Ec(p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng)),
        }
    }

    /// The same key under another `kid`.
    pub fn with_kid(&self, kid: &str) -> TestKey {
        TestKey {
            kid: kid.to_string(),
            material: self.material.clone(),
        }
    }

    pub fn alg(&self) -> &'static str {
        match self.material {
            Material::Rsa(_) => "RS256",
            Material::Ec(_) => "ES256",
        }
    }

    /// The public key as a JWK with `kid`, `use` `sig` and `alg`.
    pub fn public_jwk(&self) -> Value {
        let b64 = |bytes: &[u8]| URL_SAFE_NO_PAD.encode(bytes);
        match &self.material {
            Material::Rsa(key) => json!({
                "kty": "RSA", "kid": self.kid, "use": "sig", "alg": "RS256",
                "n": b64(&key.n().to_bytes_be()), "e": b64(&key.e().to_bytes_be()),
            }),
            Material::Ec(key) => {
                let point = key.verifying_key().to_encoded_point(false);
                json!({
                    "kty": "EC", "kid": self.kid, "use": "sig", "alg": "ES256", "crv": "P-256",
                    "x": b64(point.x().expect("uncompressed point")),
                    "y": b64(point.y().expect("uncompressed point")),
                })
            }
        }
    }

    /// The JWS signature over `input` (RS256: PKCS#1 v1.5; ES256: r || s, 64 bytes).
    pub fn sign(&self, input: &[u8]) -> Vec<u8> {
        match &self.material {
            Material::Rsa(key) => {
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new((**key).clone());
                signer.sign(input).to_vec()
            }
            Material::Ec(key) => {
                let signature: p256::ecdsa::Signature = key.sign(input);
                signature.to_bytes().to_vec()
            }
        }
    }
}
