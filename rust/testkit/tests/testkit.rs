//! The test kit itself: the OP must be strict by default, or the core's tests prove little.

use std::sync::Arc;

use http::Request;
use oidc_sso_core::{HttpClientFactory, HttpSettings};
use oidc_sso_testkit::op::{CLIENT_ID, CLIENT_SECRET, TOKEN_PATH};
use oidc_sso_testkit::{FakeClock, TestKey, TestOp, TokenBuilder};
use serde_json::{json, Value};

const ISSUER: &str = "https://op.example.com";

fn op() -> TestOp {
    TestOp::new(ISSUER, Arc::new(FakeClock::default()))
}

fn authorization_url(op: &TestOp, challenge_method: &str) -> String {
    let mut url = url::Url::parse(&op.url("/authorize")).unwrap();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", CLIENT_ID)
        .append_pair("redirect_uri", "https://app/cb")
        .append_pair("scope", "openid")
        .append_pair("state", "s")
        .append_pair("nonce", "n")
        .append_pair(
            "code_challenge",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        )
        .append_pair("code_challenge_method", challenge_method);
    url.into()
}

fn post_token(op: &TestOp, form: &[(&str, &str)]) -> (u16, Value) {
    let client = op.client(&HttpSettings::default()).unwrap();
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let request = Request::post(op.url(TOKEN_PATH))
        .body(body.into_bytes())
        .unwrap();
    let response = client.execute(request).unwrap();
    (
        response.status().as_u16(),
        serde_json::from_slice(response.body()).unwrap(),
    )
}

#[test]
fn authorize_when_pkce_plain_then_refused() {
    let op = op();
    assert!(op.authorize(&authorization_url(&op, "plain")).is_err());
    assert!(op.authorize(&authorization_url(&op, "S256")).is_ok());
}

#[test]
fn token_when_code_reused_or_verifier_wrong_then_invalid_grant() {
    let op = op();
    let params = op.authorize(&authorization_url(&op, "S256")).unwrap();
    // RFC 7636 appendix B: this verifier matches the challenge above.
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let form = |verifier| {
        vec![
            ("grant_type", "authorization_code"),
            ("code", params["code"].as_str()),
            ("redirect_uri", "https://app/cb"),
            ("code_verifier", verifier),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
        ]
    };
    let (status, _) = post_token(&op, &form("wrong-verifier"));
    assert_eq!(status, 400);
    let op2 = op.clone();
    let params2 = op2.authorize(&authorization_url(&op2, "S256")).unwrap();
    let mut good = form(verifier);
    good[1].1 = params2["code"].as_str();
    assert_eq!(post_token(&op, &good).0, 200);
    assert_eq!(post_token(&op, &good).1["error"], "invalid_grant");
}

#[test]
fn token_when_client_secret_wrong_then_invalid_client() {
    let op = op();
    let (status, body) = post_token(&op, &[("client_id", CLIENT_ID), ("client_secret", "x")]);
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
}

#[test]
fn builder_when_padded_then_parts_carry_padding() {
    let token = TokenBuilder::new(&TestKey::ec("k"))
        .claims(json!({"a": 1}))
        .build_padded();
    assert!(token.split('.').next().unwrap().ends_with('='));
}

#[test]
fn builder_when_unsigned_then_empty_signature_and_alg_spelling_kept() {
    let token = TokenBuilder::new(&TestKey::ec("k")).build_unsigned("nOnE");
    assert!(token.ends_with('.'));
    assert_eq!(token.split('.').count(), 3);
}

#[test]
fn keys_when_exported_then_jwk_has_kid_use_and_alg() {
    let rsa = TestKey::rsa("r").public_jwk();
    assert_eq!(
        (rsa["kty"].as_str(), rsa["alg"].as_str()),
        (Some("RSA"), Some("RS256"))
    );
    let ec = TestKey::ec("e").public_jwk();
    assert_eq!(
        (ec["crv"].as_str(), ec["use"].as_str()),
        (Some("P-256"), Some("sig"))
    );
}

#[test]
fn client_when_body_over_cap_then_too_large() {
    let op = op();
    op.script(|s| s.discovery["pad"] = json!("x".repeat(4096)));
    let settings = HttpSettings {
        max_response_bytes: 1024,
        ..HttpSettings::default()
    };
    let client = op.client(&settings).unwrap();
    let request = Request::get(op.url("/.well-known/openid-configuration"))
        .body(Vec::new())
        .unwrap();
    let err = client.execute(request).unwrap_err();
    assert_eq!(err.kind, oidc_sso_core::HttpErrorKind::TooLarge);
}
