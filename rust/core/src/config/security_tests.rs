//! Configuration rules of the security settings: algorithms, audiences, ages and the
//! token endpoint authentication methods.

use oidc_sso_testkit::TestKey;
use serde_json::{json, Value};

use super::*;
use crate::types::{SigningAlg, TokenAuthMethod};

const LONG_SECRET: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn doc(changes: Value) -> Value {
    let mut idp = json!({
        "id": "dev", "issuer": "https://idp.example.com", "clientId": "c",
        "clientSecret": "short-secret",
    });
    for (key, value) in changes.as_object().unwrap() {
        idp[key] = value.clone();
    }
    json!({"schemaVersion": 1, "idps": [idp]})
}

fn verdict(changes: Value) -> Result<IdpConfig, Vec<(String, String)>> {
    Config::parse(doc(changes).to_string().as_bytes())
        .map(|mut c| c.idps.remove(0))
        .map_err(|problems| {
            problems
                .into_iter()
                .map(|p| (p.pointer, p.message))
                .collect()
        })
}

fn pointers(changes: Value) -> Vec<String> {
    verdict(changes)
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|(pointer, _)| pointer)
        .collect()
}

#[test]
fn parse_when_hmac_algorithm_then_needs_a_long_enough_client_secret() {
    let cases = [
        (
            "HS256 short secret",
            json!({"allowedAlgorithms": ["HS256"]}),
            false,
        ),
        (
            "HS256 32-byte secret",
            json!({"allowedAlgorithms": ["HS256"], "clientSecret": &LONG_SECRET[..32]}),
            true,
        ),
        (
            "HS512 48-byte secret",
            json!({"allowedAlgorithms": ["HS512"], "clientSecret": &LONG_SECRET[..48]}),
            false,
        ),
        (
            "HS512 64-byte secret",
            json!({"allowedAlgorithms": ["HS512"], "clientSecret": LONG_SECRET}),
            true,
        ),
    ];
    for (name, changes, ok) in cases {
        let result = verdict(changes);
        assert_eq!(result.is_ok(), ok, "{name}: {:?}", result.err());
        if let Err(problems) = result {
            assert_eq!(problems[0].0, "/idps/0/allowedAlgorithms/0", "{name}");
            assert!(!problems[0].1.contains(LONG_SECRET), "{name}: never echoed");
        }
    }
}

#[test]
fn parse_when_hmac_algorithm_without_client_secret_then_rejected() {
    let key = TestKey::rsa("k");
    let result = verdict(json!({
        "clientSecret": null, "tokenEndpointAuthMethod": "private_key_jwt",
        "privateKeyJwt": {"privateKeyPem": key.private_pem(), "keyId": "k"},
        "allowedAlgorithms": ["RS256", "HS256"],
    }));
    let problems = result.unwrap_err();
    assert_eq!(problems[0].0, "/idps/0/allowedAlgorithms/1");
    assert!(problems[0].1.contains("no clientSecret"));
}

#[test]
fn parse_when_trusted_audiences_then_kept_and_checked() {
    let idp = verdict(json!({"trustedAudiences": ["api://jira", "other"]})).unwrap();
    assert_eq!(idp.trusted_audiences, ["api://jira", "other"]);
    assert!(verdict(json!({})).unwrap().trusted_audiences.is_empty());
    assert_eq!(
        pointers(json!({"trustedAudiences": ["a", "a", ""]})),
        ["/idps/0/trustedAudiences/1", "/idps/0/trustedAudiences/2"]
    );
}

#[test]
fn parse_when_ages_then_defaults_and_ranges() {
    let idp = verdict(json!({})).unwrap();
    assert_eq!(idp.max_age_seconds, None);
    assert_eq!(idp.max_id_token_age_seconds, 600);
    let idp = verdict(json!({"maxAgeSeconds": 0, "maxIdTokenAgeSeconds": 30})).unwrap();
    assert_eq!(idp.max_age_seconds, Some(0));
    assert_eq!(idp.max_id_token_age_seconds, 30);
    assert_eq!(
        pointers(json!({"maxAgeSeconds": -1, "maxIdTokenAgeSeconds": 5})),
        ["/idps/0/maxAgeSeconds", "/idps/0/maxIdTokenAgeSeconds"]
    );
}

#[test]
fn parse_when_private_key_jwt_with_each_key_type_then_accepted() {
    let cases = [
        (TestKey::rsa("r"), "RS256"),
        (TestKey::rsa("r"), "PS256"),
        (TestKey::ec("e"), "ES256"),
        (TestKey::ec384("e"), "ES384"),
        (TestKey::ed25519("o"), "EdDSA"),
    ];
    for (key, alg) in cases {
        let idp = verdict(json!({
            "clientSecret": null, "tokenEndpointAuthMethod": "private_key_jwt",
            "privateKeyJwt": {"privateKeyPem": key.private_pem(), "keyId": "kid-1", "algorithm": alg},
        }))
        .unwrap_or_else(|p| panic!("{alg}: {p:?}"));
        assert_eq!(
            idp.token_endpoint_auth_method,
            TokenAuthMethod::PrivateKeyJwt
        );
        let assertion_key = idp.client_assertion_key.unwrap();
        assert_eq!(assertion_key.alg, SigningAlg::from_name(alg).unwrap());
        assert_eq!(assertion_key.key_id, "kid-1");
    }
}

#[test]
fn parse_when_private_key_jwt_settings_wrong_then_problems_without_echo() {
    let rsa = TestKey::rsa("r").private_pem();
    let ec = TestKey::ec("e").private_pem();
    let method = json!("private_key_jwt");
    let cases = [
        (
            "no key",
            json!({"tokenEndpointAuthMethod": method}),
            "/idps/0/privateKeyJwt",
        ),
        (
            "not pem",
            json!({"tokenEndpointAuthMethod": method,
                   "privateKeyJwt": {"privateKeyPem": "secret-bytes", "keyId": "k"}}),
            "/idps/0/privateKeyJwt/privateKeyPem",
        ),
        (
            "rsa key for ES256",
            json!({"tokenEndpointAuthMethod": method,
                   "privateKeyJwt": {"privateKeyPem": rsa, "keyId": "k", "algorithm": "ES256"}}),
            "/idps/0/privateKeyJwt/privateKeyPem",
        ),
        (
            "p256 key for ES384",
            json!({"tokenEndpointAuthMethod": method,
                   "privateKeyJwt": {"privateKeyPem": ec, "keyId": "k", "algorithm": "ES384"}}),
            "/idps/0/privateKeyJwt/privateKeyPem",
        ),
        (
            "hmac algorithm",
            json!({"tokenEndpointAuthMethod": method,
                   "privateKeyJwt": {"privateKeyPem": rsa, "keyId": "k", "algorithm": "HS256"}}),
            "/idps/0/privateKeyJwt/algorithm",
        ),
        (
            "no key id",
            json!({"tokenEndpointAuthMethod": method,
                   "privateKeyJwt": {"privateKeyPem": rsa}}),
            "/idps/0/privateKeyJwt/keyId",
        ),
        (
            "key with another method",
            json!({"privateKeyJwt": {"privateKeyPem": rsa, "keyId": "k"}}),
            "/idps/0/privateKeyJwt",
        ),
        (
            "unknown method",
            json!({"tokenEndpointAuthMethod": "tls_client_auth"}),
            "/idps/0/tokenEndpointAuthMethod",
        ),
        (
            "client_secret_jwt without secret",
            json!({"tokenEndpointAuthMethod": "client_secret_jwt", "clientSecret": null}),
            "/idps/0/clientSecret",
        ),
    ];
    for (name, changes, pointer) in cases {
        let problems = verdict(changes).unwrap_err();
        assert_eq!(problems.len(), 1, "{name}: {problems:?}");
        assert_eq!(problems[0].0, pointer, "{name}");
        assert!(!problems[0].1.contains("PRIVATE KEY-----\n"), "{name}");
        assert!(!problems[0].1.contains("secret-bytes"), "{name}");
    }
}

#[test]
fn parse_when_quirks_then_named_and_off_by_default() {
    assert!(
        !verdict(json!({}))
            .unwrap()
            .quirks
            .token_endpoint_as_audience
    );
    let idp = verdict(json!({"quirks": {"tokenEndpointAsAudience": true}})).unwrap();
    assert!(idp.quirks.token_endpoint_as_audience);
    assert_eq!(
        pointers(json!({"quirks": {"tokenEndpointAudience": true}})),
        ["/idps/0/quirks/tokenEndpointAudience"]
    );
}

#[test]
fn debug_when_private_key_configured_then_redacted() {
    let pem = TestKey::ec("e").private_pem();
    let idp = verdict(json!({
        "tokenEndpointAuthMethod": "private_key_jwt",
        "privateKeyJwt": {"privateKeyPem": pem, "keyId": "k", "algorithm": "ES256"},
    }))
    .unwrap();
    let printed = format!("{idp:?}");
    let body_line = pem.lines().nth(1).unwrap();
    assert!(!printed.contains(body_line));
    assert!(!printed.contains("short-secret"));
}
