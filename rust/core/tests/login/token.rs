//! The code exchange as the OP sees it, and bad token endpoint answers.

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use oidc_sso_testkit::op::{Canned, CLIENT_ID, CLIENT_SECRET, TOKEN_PATH, USERINFO_PATH};
use serde_json::{json, Value};

use crate::support::*;

#[test]
fn exchange_when_client_secret_basic_then_form_encoded_credentials_and_pkce() {
    let h = Harness::new();
    let begin = h.begin();
    let params = h.authorize(&begin);
    h.complete(&begin, params.clone()).unwrap();
    let request = &h.op.requests_to(TOKEN_PATH)[0];
    assert_eq!(request.method, "POST");
    let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let expected = STANDARD.encode(format!("{}:{}", encode(CLIENT_ID), encode(CLIENT_SECRET)));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Basic {expected}").as_str())
    );
    let form = request.form();
    assert_eq!(form["grant_type"], "authorization_code");
    assert_eq!(form["code"], params["code"]);
    assert_eq!(form["redirect_uri"], REDIRECT_URI);
    assert_eq!(
        form["code_verifier"],
        begin.pending["pkceVerifier"].as_str().unwrap()
    );
    assert!(!form.contains_key("client_secret"));
}

#[test]
fn exchange_when_client_secret_post_then_credentials_only_in_body() {
    let h = Harness::with_config(json!({"tokenEndpointAuthMethod": "client_secret_post"}));
    h.login().unwrap();
    let request = &h.op.requests_to(TOKEN_PATH)[0];
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.form()["client_secret"], CLIENT_SECRET);
    assert_eq!(request.form()["client_id"], CLIENT_ID);
}

#[test]
fn exchange_when_client_secret_wrong_then_token_error_naming_client_settings() {
    let h = Harness::with_config(json!({"clientSecret": "not-the-secret-7x"}));
    let err = h.login().unwrap_err();
    assert_eq!(err.code(), "token_error");
    assert!(err.hint().contains("invalid_client") && err.hint().contains("clientSecret"));
    assert!(
        !err.hint().contains("not-the-secret-7x"),
        "the secret is never echoed"
    );
}

fn tweak_token_response(h: &Harness, change: impl Fn(&mut Value) + Send + Sync + 'static) {
    h.op.script(|s| s.token_response = Some(Arc::new(change)));
}

#[test]
fn exchange_when_token_response_changed_then_verdicts() {
    type Change = Box<dyn Fn(&mut Value) + Send + Sync>;
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "token_type lower case",
            Box::new(|b| b["token_type"] = json!("bearer")),
            "accepted",
        ),
        (
            "token_type other",
            Box::new(|b| b["token_type"] = json!("N_A")),
            "token_error",
        ),
        (
            "token_type missing",
            Box::new(|b| {
                b.as_object_mut().unwrap().remove("token_type");
            }),
            "token_error",
        ),
        (
            "id_token missing",
            Box::new(|b| {
                b.as_object_mut().unwrap().remove("id_token");
            }),
            "token_error",
        ),
        (
            "id_token number",
            Box::new(|b| b["id_token"] = json!(1)),
            "token_error",
        ),
        (
            "access_token missing",
            Box::new(|b| {
                b.as_object_mut().unwrap().remove("access_token");
            }),
            "token_error",
        ),
        (
            "error in 200",
            Box::new(|b| b["error"] = json!("server_error")),
            "token_error",
        ),
    ];
    for (name, change, expected) in cases {
        let h = Harness::new();
        tweak_token_response(&h, change);
        assert_eq!(verdict(&h.login()), expected, "{name}");
        if expected != "accepted" {
            assert_eq!(h.op.count(USERINFO_PATH), 0, "{name}");
        }
    }
}

#[test]
fn exchange_when_token_endpoint_answers_badly_then_codes() {
    let cases = [
        (
            "oauth error",
            Canned::json(
                400,
                json!({"error": "invalid_grant", "error_description": "expired\ncode"}),
            ),
            "token_error",
        ),
        (
            "html",
            Canned::body(200, "text/html", "<html>proxy login</html>"),
            "token_error",
        ),
        (
            "server error",
            Canned::json(500, json!({"error": "server_error"})),
            "idp_unavailable",
        ),
        (
            "redirect",
            Canned::redirect("https://elsewhere.example/token"),
            "idp_unavailable",
        ),
    ];
    for (name, canned, expected) in cases {
        let h = Harness::new();
        h.op.set_canned(TOKEN_PATH, canned);
        let result = h.login();
        assert_eq!(verdict(&result), expected, "{name}");
        assert!(
            !result.unwrap_err().hint().contains('\n'),
            "{name}: escaped"
        );
        assert_eq!(
            h.op.count(TOKEN_PATH),
            1,
            "{name}: never retried or followed"
        );
    }
}
