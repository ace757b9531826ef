//! Token endpoint authentication with client assertions (`private_key_jwt`,
//! `client_secret_jwt`) as the OP sees it: one way only, `aud` the issuer as a single
//! string, fresh `jti`, short `exp`; the token endpoint as audience only as a quirk.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use oidc_sso_testkit::op::client_auth::{presented, Presented, JWT_BEARER};
use oidc_sso_testkit::op::{CLIENT_ID, TOKEN_PATH, USERINFO_PATH};
use oidc_sso_testkit::{RecordedRequest, TestKey};
use serde_json::{json, Map, Value};

use crate::support::*;

fn private_key_jwt(key: &TestKey, kid: &str) -> Value {
    json!({
        "tokenEndpointAuthMethod": "private_key_jwt",
        "clientSecret": null,
        "privateKeyJwt": {"privateKeyPem": key.private_pem(), "keyId": kid, "algorithm": key.alg()},
    })
}

/// Header and claims of the request's client assertion.
fn assertion_of(request: &RecordedRequest) -> (Map<String, Value>, Map<String, Value>) {
    let form = request.form();
    assert_eq!(form["client_assertion_type"], JWT_BEARER);
    let assertion = &form["client_assertion"];
    let part = |i: usize| -> Map<String, Value> {
        let bytes = URL_SAFE_NO_PAD
            .decode(assertion.split('.').nth(i).unwrap())
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    };
    (part(0), part(1))
}

#[test]
fn exchange_when_private_key_jwt_then_op_verifies_assertion_for_each_key_type() {
    for key in [
        TestKey::rsa_from_pool("client", 2),
        TestKey::rsa_from_pool("client", 2).with_alg("PS256"),
        TestKey::ec("client"),
        TestKey::ec384("client"),
        TestKey::ed25519("client"),
    ] {
        let h = Harness::with_config(private_key_jwt(&key, "client-key-1"));
        h.op.script(|s| s.client_key = Some(key.clone()));
        assert_eq!(verdict(&h.login()), "accepted", "{}", key.alg());
        assert!(h.op.client_auth_failures().is_empty(), "{}", key.alg());
        let request = &h.op.requests_to(TOKEN_PATH)[0];
        let (header, _) = assertion_of(request);
        assert_eq!(header["alg"], key.alg());
        assert_eq!(header["kid"], "client-key-1");
    }
}

#[test]
fn exchange_when_client_assertion_then_claims_follow_rfc7523bis() {
    let key = TestKey::ec("client");
    let h = Harness::with_config(private_key_jwt(&key, "k1"));
    h.op.script(|s| s.client_key = Some(key.clone()));
    h.login().unwrap();
    h.login().unwrap();
    let requests = h.op.requests_to(TOKEN_PATH);
    let (_, first) = assertion_of(&requests[0]);
    let (_, second) = assertion_of(&requests[1]);
    assert_eq!(
        first["aud"],
        json!(ISSUER),
        "aud is the issuer, a single string"
    );
    assert_eq!(first["iss"], CLIENT_ID);
    assert_eq!(first["sub"], CLIENT_ID);
    let (iat, exp) = (
        first["iat"].as_i64().unwrap(),
        first["exp"].as_i64().unwrap(),
    );
    assert!(exp > iat && exp - iat <= 60, "short-lived: {iat}..{exp}");
    assert_ne!(first["jti"], second["jti"], "a fresh jti per request");
    assert!(
        first["jti"].as_str().unwrap().len() >= 22,
        "an unguessable jti"
    );
}

#[test]
fn exchange_when_assertion_methods_then_credentials_go_one_way_only() {
    let key = TestKey::rsa_from_pool("client", 2);
    let cases = [
        ("private_key_jwt", private_key_jwt(&key, "k1")),
        (
            "client_secret_jwt",
            json!({"tokenEndpointAuthMethod": "client_secret_jwt"}),
        ),
    ];
    for (name, config) in cases {
        let h = Harness::with_config(config);
        h.op.script(|s| s.client_key = Some(key.clone()));
        assert_eq!(verdict(&h.login()), "accepted", "{name}");
        let request = &h.op.requests_to(TOKEN_PATH)[0];
        let shown = presented(request);
        assert_eq!(shown.len(), 1, "{name}: {shown:?}");
        assert!(matches!(shown[0], Presented::Assertion(_)), "{name}");
        assert_eq!(request.header("authorization"), None, "{name}");
        assert!(!request.form().contains_key("client_secret"), "{name}");
    }
}

#[test]
fn exchange_when_client_secret_jwt_then_hs256_with_the_secret() {
    let h = Harness::with_config(json!({"tokenEndpointAuthMethod": "client_secret_jwt"}));
    h.login().unwrap();
    let (header, claims) = assertion_of(&h.op.requests_to(TOKEN_PATH)[0]);
    assert_eq!(header["alg"], "HS256");
    assert!(!header.contains_key("kid"));
    assert_eq!(claims["aud"], json!(ISSUER));
}

#[test]
fn exchange_when_op_wants_token_endpoint_audience_then_only_the_quirk_satisfies_it() {
    let key = TestKey::ec("client");
    let token_endpoint = format!("{ISSUER}/token");
    let cases = [(false, "token_error"), (true, "accepted")];
    for (quirk, expected) in cases {
        let mut config = private_key_jwt(&key, "k1");
        config["quirks"] = json!({"tokenEndpointAsAudience": quirk});
        let h = Harness::with_config(config);
        h.op.script(|s| {
            s.client_key = Some(key.clone());
            s.assertion_audience = Some(token_endpoint.clone());
        });
        let result = h.login();
        assert_eq!(verdict(&result), expected, "quirk {quirk}");
        let (_, claims) = assertion_of(&h.op.requests_to(TOKEN_PATH)[0]);
        let expected_aud = if quirk {
            token_endpoint.as_str()
        } else {
            ISSUER
        };
        assert_eq!(claims["aud"], json!(expected_aud), "quirk {quirk}");
        if let Err(e) = result {
            assert!(e.hint().contains("invalid_client"), "{}", e.hint());
            assert_eq!(h.op.count(USERINFO_PATH), 0);
        }
    }
}

#[test]
fn exchange_when_op_does_not_know_the_client_key_then_token_error_naming_settings() {
    let configured = TestKey::ec("client");
    let registered = TestKey::ec("client");
    let h = Harness::with_config(private_key_jwt(&configured, "k1"));
    h.op.script(|s| s.client_key = Some(registered.clone()));
    let err = h.login().unwrap_err();
    assert_eq!(err.code(), "token_error");
    assert!(err.hint().contains("privateKeyJwt"), "{}", err.hint());
    assert_eq!(h.op.client_auth_failures().len(), 1);
}
