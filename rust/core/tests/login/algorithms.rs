//! Algorithms per IdP: each accepted only when configured, `none` never, HMAC only
//! with the client secret, a key only with its own family, curve and `alg`, and what
//! the OP advertises never widens the list. Every refusal: no userinfo request.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use oidc_sso_testkit::op::{CLIENT_SECRET, JWKS_PATH, USERINFO_PATH};
use oidc_sso_testkit::{TestKey, TokenBuilder};
use serde_json::{json, Value};

use crate::support::*;

/// A login where the OP signs with `key`, serves `served` and the IdP allows `allowed`.
fn login_signed(allowed: &[&str], key: &TestKey, served: &[&TestKey]) -> (&'static str, Harness) {
    let h = Harness::with_config(json!({ "allowedAlgorithms": allowed }));
    h.op.script(|s| {
        s.serve_keys(served);
        s.signing_key = key.clone();
    });
    let verdict = verdict(&h.login());
    (verdict, h)
}

#[test]
fn login_when_algorithm_configured_then_each_family_accepted() {
    let rsa = TestKey::rsa("rsa-1");
    let cases: Vec<(&str, TestKey)> = vec![
        ("RS256", rsa.clone()),
        ("RS384", rsa.with_alg("RS384")),
        ("RS512", rsa.with_alg("RS512")),
        ("PS256", rsa.with_alg("PS256")),
        ("PS384", rsa.with_alg("PS384")),
        ("PS512", rsa.with_alg("PS512")),
        ("ES256", TestKey::ec("ec-1")),
        ("ES384", TestKey::ec384("ec-384")),
        ("EdDSA", TestKey::ed25519("ed-1")),
    ];
    for (alg, key) in cases {
        let (verdict, h) = login_signed(&[alg], &key, &[&key]);
        assert_eq!(verdict, "accepted", "{alg}");
        assert_eq!(h.op.count(USERINFO_PATH), 1, "{alg}");
    }
}

#[test]
fn login_when_algorithm_not_configured_then_unsupported_algorithm_before_any_key_fetch() {
    let rsa = TestKey::rsa("rsa-1");
    let cases: Vec<(&[&str], TestKey)> = vec![
        (&["RS256"], rsa.with_alg("PS256")),
        (&["PS256"], rsa.clone()),
        (&["RS256"], rsa.with_alg("RS512")),
        (&["ES256"], TestKey::ec384("ec-384")),
        (&["RS256", "ES256"], TestKey::ed25519("ed-1")),
    ];
    for (allowed, key) in cases {
        let (verdict, h) = login_signed(allowed, &key, &[&key]);
        assert_eq!(
            verdict,
            "unsupported_algorithm",
            "{} vs {allowed:?}",
            key.alg()
        );
        assert_eq!(h.op.count(JWKS_PATH), 0, "{}: no key fetched", key.alg());
        assert_eq!(h.op.count(USERINFO_PATH), 0);
    }
}

#[test]
fn login_when_alg_none_in_any_spelling_then_unsupported_algorithm() {
    for spelling in ["none", "None", "NONE", "nOnE", " none", "none "] {
        let h = Harness::new();
        h.op.set_id_token(move |b| b.build_unsigned(spelling));
        let result = h.login();
        assert_eq!(verdict(&result), "unsupported_algorithm", "{spelling:?}");
        assert_eq!(h.op.count(JWKS_PATH), 0, "{spelling:?}");
        assert_eq!(h.op.count(USERINFO_PATH), 0, "{spelling:?}");
    }
}

#[test]
fn login_when_discovery_advertises_more_algorithms_then_list_not_widened() {
    let ec = TestKey::ec("ec-1");
    let h = Harness::with_config(json!({"allowedAlgorithms": ["RS256"]}));
    h.op.script(|s| {
        s.discovery["id_token_signing_alg_values_supported"] =
            json!(["none", "HS256", "ES256", "RS256"]);
        s.serve_keys(&[&ec]);
        s.signing_key = ec.clone();
    });
    assert_eq!(verdict(&h.login()), "unsupported_algorithm");
    h.op.set_id_token(|b| b.build_unsigned("none"));
    assert_eq!(verdict(&h.login()), "unsupported_algorithm");
}

#[test]
fn login_when_hs256_configured_and_keyed_by_client_secret_then_accepted_without_jwks() {
    let secret_key = TestKey::hmac("any", "HS256", CLIENT_SECRET.as_bytes());
    let (verdict, h) = login_signed(&["HS256"], &secret_key, &[]);
    assert_eq!(verdict, "accepted");
    assert_eq!(h.op.count(JWKS_PATH), 0, "HMAC never needs the JWKS");
}

/// The RSA public key in the forms an attacker would try as an HMAC secret.
fn public_key_forms(rsa: &TestKey) -> Vec<(&'static str, Vec<u8>)> {
    let jwk = rsa.public_jwk();
    let n = URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap()).unwrap();
    vec![
        ("jwk json", jwk.to_string().into_bytes()),
        ("modulus bytes", n),
        (
            "modulus base64url",
            jwk["n"].as_str().unwrap().as_bytes().to_vec(),
        ),
    ]
}

#[test]
fn login_when_hmac_keyed_with_the_public_key_then_rejected() {
    let rsa = TestKey::rsa("rsa-1");
    for (form, bytes) in public_key_forms(&rsa) {
        let forged = TestKey::hmac("rsa-1", "HS256", &bytes);
        // HS256 not allowed: refused by the algorithm rule.
        let (verdict, _) = login_signed(&["RS256"], &forged, &[&rsa]);
        assert_eq!(verdict, "unsupported_algorithm", "{form}");
        // HS256 allowed: the only HMAC key is the client secret, so the signature fails.
        let (verdict, h) = login_signed(&["RS256", "HS256"], &forged, &[&rsa]);
        assert_eq!(verdict, "invalid_signature", "{form}");
        assert_eq!(h.op.count(USERINFO_PATH), 0, "{form}");
    }
}

#[test]
fn login_when_jwks_publishes_an_oct_key_then_it_never_keys_hmac() {
    let published = TestKey::hmac("oct-1", "HS256", b"published-in-the-jwks-0123456789");
    let rsa = TestKey::rsa("rsa-1");
    let (verdict, _) = login_signed(&["RS256", "HS256"], &published, &[&rsa, &published]);
    assert_eq!(verdict, "invalid_signature");
}

/// The JWK of `key` with `changes` merged in.
fn jwk_with(key: &TestKey, changes: Value) -> Value {
    let mut jwk = key.public_jwk();
    for (name, value) in changes.as_object().unwrap() {
        jwk[name] = value.clone();
    }
    jwk
}

#[test]
fn login_when_key_of_other_alg_family_or_curve_then_unknown_signing_key() {
    let rsa = TestKey::rsa("rsa-1");
    let ec = TestKey::ec("ec-1");
    let cases: Vec<(&str, TestKey, Value)> = vec![
        // The JWK says RS256; a PS256 token naming it must not use it.
        (
            "rs256 key used for PS256",
            rsa.with_alg("PS256"),
            rsa.public_jwk(),
        ),
        // A P-256 key relabelled as P-384 is refused when parsed.
        (
            "p256 key claimed as P-384",
            ec.clone(),
            jwk_with(&ec, json!({"crv": "P-384", "alg": "ES384"})),
        ),
        // An EC key whose alg names another family.
        (
            "ec key with RS256 alg",
            ec.clone(),
            jwk_with(&ec, json!({"alg": "RS256"})),
        ),
        // An encryption key is not a signing key.
        (
            "use enc",
            rsa.clone(),
            jwk_with(&rsa, json!({"use": "enc"})),
        ),
    ];
    for (name, signer, served) in cases {
        let h = Harness::with_config(json!({
            "allowedAlgorithms": ["RS256", "PS256", "ES256", "ES384"]
        }));
        h.op.script(|s| {
            s.jwks = vec![served.clone()];
            s.signing_key = signer.clone();
        });
        assert_eq!(verdict(&h.login()), "unknown_signing_key", "{name}");
        assert_eq!(h.op.count(USERINFO_PATH), 0, "{name}");
    }
}

#[test]
fn login_when_header_alg_differs_from_signing_alg_then_rejected() {
    // Header says ES256 with the RSA key's kid: the RSA key never serves ES256.
    let h = Harness::new();
    h.op.set_id_token(|b| b.header("alg", json!("ES256")).build());
    assert_eq!(verdict(&h.login()), "unknown_signing_key");
    // Header says RS384 but the key signs RS256 and its JWK says RS256.
    let h = Harness::with_config(json!({"allowedAlgorithms": ["RS256", "RS384"]}));
    h.op.set_id_token(|b| b.header("alg", json!("RS384")).build());
    assert_eq!(verdict(&h.login()), "unknown_signing_key");
    // Same, with a JWK without `alg`: the key is found but the signature cannot verify.
    let h = Harness::with_config(json!({"allowedAlgorithms": ["RS256", "RS384"]}));
    let rsa = TestKey::rsa("rsa-1");
    let mut without_alg = rsa.public_jwk();
    without_alg.as_object_mut().unwrap().remove("alg");
    h.op.script(|s| s.jwks = vec![without_alg.clone()]);
    h.op.set_id_token(|b: TokenBuilder| b.header("alg", json!("RS384")).build());
    assert_eq!(verdict(&h.login()), "invalid_signature");
}
