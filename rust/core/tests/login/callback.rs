//! Callback checks: each refused BEFORE any token request.

use oidc_sso_core::{CompleteLoginRequest, ErrorKind};
use oidc_sso_testkit::op::TOKEN_PATH;
use serde_json::json;

use crate::support::*;

/// Runs a login whose callback request is changed by `tamper`, returns the verdict and
/// how many token requests the OP saw.
fn tampered(h: &Harness, tamper: impl FnOnce(&mut CompleteLoginRequest)) -> (&'static str, usize) {
    let begin = h.begin();
    let params = h.authorize(&begin);
    let mut request = CompleteLoginRequest {
        pending: Some(begin.pending.clone()),
        browser_binding: Some(BINDING.into()),
        params,
        callback_path: None,
    };
    tamper(&mut request);
    let result = h.engine.complete_login(&request);
    (verdict(&result), h.op.count(TOKEN_PATH))
}

#[test]
fn complete_when_callback_tampered_then_code_and_no_token_request() {
    type Tamper = Box<dyn FnOnce(&mut CompleteLoginRequest)>;
    let cases: Vec<(&str, Tamper, &str)> = vec![
        (
            "pending missing",
            Box::new(|r| r.pending = None),
            "login_expired_or_replayed",
        ),
        (
            "pending garbage",
            Box::new(|r| r.pending = Some(json!({"x": 1}))),
            "invalid_pending_login",
        ),
        (
            "binding missing",
            Box::new(|r| r.browser_binding = None),
            "state_not_bound",
        ),
        (
            "binding other",
            Box::new(|r| r.browser_binding = Some("other".into())),
            "state_not_bound",
        ),
        (
            "state other",
            Box::new(|r| {
                r.params.insert("state".into(), "forged".into());
            }),
            "invalid_state",
        ),
        (
            "state missing",
            Box::new(|r| {
                r.params.remove("state");
            }),
            "invalid_state",
        ),
        (
            "iss other",
            Box::new(|r| {
                r.params.insert("iss".into(), "https://evil.example".into());
            }),
            "issuer_mismatch",
        ),
        (
            "iss trailing slash",
            Box::new(|r| {
                r.params.insert("iss".into(), format!("{ISSUER}/"));
            }),
            "issuer_mismatch",
        ),
        (
            "iss missing but advertised",
            Box::new(|r| {
                r.params.remove("iss");
            }),
            "issuer_mismatch",
        ),
        (
            "code missing",
            Box::new(|r| {
                r.params.remove("code");
            }),
            "missing_code",
        ),
        (
            "code empty",
            Box::new(|r| {
                r.params.insert("code".into(), String::new());
            }),
            "missing_code",
        ),
        (
            "idp error",
            Box::new(|r| {
                r.params.remove("code");
                r.params.insert("error".into(), "access_denied".into());
            }),
            "idp_error",
        ),
    ];
    for (name, tamper, expected) in cases {
        let h = Harness::new();
        assert_eq!(tampered(&h, tamper), (expected, 0), "{name}");
    }
}

#[test]
fn complete_when_pending_expired_then_login_expired_without_token_request() {
    let h = Harness::new();
    let begin = h.begin();
    let params = h.authorize(&begin);
    h.clock.advance(600);
    let result = h.complete(&begin, params);
    assert_eq!(verdict(&result), "login_expired");
    assert_eq!(result.unwrap_err().kind(), ErrorKind::Authentication);
    assert_eq!(h.op.count(TOKEN_PATH), 0);
}

#[test]
fn complete_when_pending_missing_then_hint_lists_the_likely_causes() {
    let h = Harness::new();
    let result = h.engine.complete_login(&CompleteLoginRequest::default());
    let hint = result.unwrap_err().hint();
    for cause in ["replayed", "expired", "cookie"] {
        assert!(hint.contains(cause), "{cause}");
    }
}

#[test]
fn complete_when_idp_error_then_description_escaped_in_hint() {
    let h = Harness::new();
    let (verdict, _) = tampered(&h, |r| {
        r.params.remove("code");
        r.params.insert("error".into(), "access_denied".into());
        r.params
            .insert("error_description".into(), "no\n<script>`x`".into());
    });
    assert_eq!(verdict, "idp_error");
    let begin = h.begin();
    let mut params = h.authorize(&begin);
    params.remove("code");
    params.insert("error".into(), "access_denied".into());
    params.insert("error_description".into(), "line\nbreak".into());
    let hint = h.complete(&begin, params).unwrap_err().hint();
    assert!(
        hint.contains("line\\nbreak") && !hint.contains('\n'),
        "{hint}"
    );
}

#[test]
fn complete_when_iss_absent_and_not_advertised_then_accepted() {
    let h = Harness::new();
    h.op.script(|s| {
        s.send_iss = false;
        s.discovery["authorization_response_iss_parameter_supported"] = json!(false);
    });
    assert_eq!(verdict(&h.login()), "accepted");
}

#[test]
fn complete_when_callback_replayed_then_second_use_rejected() {
    let h = Harness::new();
    let begin = h.begin();
    let params = h.authorize(&begin);
    assert_eq!(verdict(&h.complete(&begin, params.clone())), "accepted");
    // The shim takes the pending login once; a replay arrives without it.
    let replay = h.engine.complete_login(&CompleteLoginRequest {
        pending: None,
        browser_binding: Some(BINDING.into()),
        params,
        callback_path: None,
    });
    assert_eq!(verdict(&replay), "login_expired_or_replayed");
    assert_eq!(h.op.count(TOKEN_PATH), 1);
}

#[test]
fn complete_when_idp_reconfigured_since_begin_then_idp_changed() {
    let h = Harness::new();
    let begin = h.begin();
    let params = h.authorize(&begin);
    let other = config("https://other.example.com", json!({}));
    let engine = engine_for(&h.op, &h.clock, &other);
    let result = engine.complete_login(&CompleteLoginRequest {
        pending: Some(begin.pending.clone()),
        browser_binding: Some(BINDING.into()),
        params,
        callback_path: None,
    });
    assert_eq!(verdict(&result), "idp_changed");
    assert_eq!(h.op.count(TOKEN_PATH), 0);
    let hint = result.unwrap_err().hint();
    assert!(
        hint.contains("which is no longer configured that way"),
        "one space between words: {hint}"
    );
}
