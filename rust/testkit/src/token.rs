//! A JWT builder: well-formed ID tokens, or tokens broken on purpose.

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::keys::TestKey;

/// Builds a signed JWT. Header and claims can be changed freely; the signature is made
/// with the key's own algorithm whatever the header says (for alg-confusion tests).
#[derive(Debug, Clone)]
pub struct TokenBuilder {
    key: TestKey,
    header: Map<String, Value>,
    claims: Map<String, Value>,
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("expected a JSON object, got {other}"),
    }
}

impl TokenBuilder {
    /// Header `{"alg": <key alg>, "typ": "JWT", "kid": <kid>}` and no claims.
    pub fn new(key: &TestKey) -> TokenBuilder {
        TokenBuilder {
            key: key.clone(),
            header: object(json!({"alg": key.alg(), "typ": "JWT", "kid": key.kid})),
            claims: Map::new(),
        }
    }

    /// A valid ID token: `iss`, `aud`, `sub`, `nonce`, `iat` = now, `exp` = now + 300.
    pub fn id_token(
        key: &TestKey,
        issuer: &str,
        client_id: &str,
        subject: &str,
        nonce: &str,
        now: i64,
    ) -> TokenBuilder {
        TokenBuilder::new(key).claims(json!({
            "iss": issuer, "aud": client_id, "sub": subject, "nonce": nonce,
            "iat": now, "exp": now + 300,
        }))
    }

    /// A valid back-channel logout token (Back-Channel Logout 1.0 §2.4): header `typ`
    /// `logout+jwt`; `iss`, `aud`, `iat` = now, `exp` = now + 120, `jti`, `events`,
    /// `sub` and `sid`.
    pub fn logout_token(
        key: &TestKey,
        issuer: &str,
        client_id: &str,
        subject: &str,
        sid: &str,
        now: i64,
    ) -> TokenBuilder {
        TokenBuilder::new(key)
            .header("typ", json!("logout+jwt"))
            .claims(json!({
                "iss": issuer, "aud": client_id, "sub": subject, "sid": sid,
                "iat": now, "exp": now + 120,
                "jti": format!("jti-{subject}-{sid}-{now}"),
                "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
            }))
    }

    /// Sets (or replaces) several claims from a JSON object.
    pub fn claims(mut self, claims: Value) -> Self {
        self.claims.extend(object(claims));
        self
    }

    pub fn claim(mut self, name: &str, value: Value) -> Self {
        self.claims.insert(name.to_string(), value);
        self
    }

    pub fn without_claim(mut self, name: &str) -> Self {
        self.claims.remove(name);
        self
    }

    pub fn header(mut self, name: &str, value: Value) -> Self {
        self.header.insert(name.to_string(), value);
        self
    }

    pub fn without_header(mut self, name: &str) -> Self {
        self.header.remove(name);
        self
    }

    /// Signs with another key (the header keeps its `alg` and `kid` unless changed).
    pub fn signed_by(mut self, key: &TestKey) -> Self {
        self.key = key.clone();
        self
    }

    fn signing_input(&self) -> String {
        let header = serde_json::to_vec(&self.header).expect("header serialises");
        let claims = serde_json::to_vec(&self.claims).expect("claims serialise");
        format!("{}.{}", b64(&header), b64(&claims))
    }

    /// The compact JWS, correctly signed.
    pub fn build(&self) -> String {
        let input = self.signing_input();
        let signature = self.key.sign(input.as_bytes());
        format!("{input}.{}", b64(&signature))
    }

    /// An unsigned token: `alg` set to `spelling` (`none`, `None`, ...), empty signature.
    pub fn build_unsigned(&self, spelling: &str) -> String {
        let unsigned = self.clone().header("alg", json!(spelling));
        format!("{}.", unsigned.signing_input())
    }

    /// Signed, then one bit of the signature flipped.
    pub fn build_with_bad_signature(&self) -> String {
        let input = self.signing_input();
        let mut signature = self.key.sign(input.as_bytes());
        signature[0] ^= 0x01;
        format!("{input}.{}", b64(&signature))
    }

    /// Signed, then the claims replaced (signature no longer covers them).
    pub fn build_with_swapped_claims(&self, claims: Value) -> String {
        let signed = self.build();
        let signature = signed.rsplit('.').next().unwrap_or_default().to_string();
        let swapped = self.clone().claims(claims);
        format!("{}.{signature}", swapped.signing_input())
    }

    /// Correctly signed but every part carries base64 `=` padding.
    pub fn build_padded(&self) -> String {
        let mut header = serde_json::to_vec(&self.header).expect("header serialises");
        // JSON allows trailing spaces: make sure the header needs padding.
        while header.len() % 3 == 0 {
            header.push(b' ');
        }
        let claims = serde_json::to_vec(&self.claims).expect("claims serialise");
        let input = format!("{}.{}", URL_SAFE.encode(header), URL_SAFE.encode(claims));
        let signature = self.key.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE.encode(signature))
    }

    /// Correctly signed, but every part in standard base64 (`+` and `/`) instead of
    /// base64url. The header carries a value that makes sure a `+` or `/` appears.
    pub fn build_standard_base64(&self) -> String {
        let header = self.clone().header("x", json!("???>>>"));
        let header_json = serde_json::to_vec(&header.header).expect("header serialises");
        let claims = serde_json::to_vec(&self.claims).expect("claims serialise");
        let input = format!(
            "{}.{}",
            STANDARD_NO_PAD.encode(header_json),
            STANDARD_NO_PAD.encode(claims)
        );
        assert!(input.contains(['+', '/']), "the header forces + or /");
        let signature = self.key.sign(input.as_bytes());
        format!("{input}.{}", STANDARD_NO_PAD.encode(signature))
    }

    /// The same signed token in the JWS JSON serialisation (RFC 7515 §7.2.2, flattened).
    pub fn build_json_serialization(&self) -> String {
        let compact = self.build();
        let parts: Vec<&str> = compact.split('.').collect();
        json!({"protected": parts[0], "payload": parts[1], "signature": parts[2]}).to_string()
    }

    /// A valid token with a fourth part appended.
    pub fn build_with_extra_part(&self) -> String {
        format!("{}.{}", self.build(), b64(b"extra"))
    }
}

/// The `at_hash` of `access_token` for a token signed with `alg` (OIDC Core 3.1.3.6):
/// the left half of the SHA-2 hash of the algorithm's size, base64url. Computed here
/// independently of the core.
pub fn at_hash(alg: &str, access_token: &str) -> String {
    use sha2::Digest as _;
    let digest = match alg {
        a if a.ends_with("384") => sha2::Sha384::digest(access_token).to_vec(),
        a if a.ends_with("512") || a == "EdDSA" => sha2::Sha512::digest(access_token).to_vec(),
        _ => sha2::Sha256::digest(access_token).to_vec(),
    };
    URL_SAFE_NO_PAD.encode(&digest[..digest.len() / 2])
}
