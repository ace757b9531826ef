//! Re-authentication for websudo through the IdP: `prompt=login` and `max_age=0` in the
//! request, an `auth_time` from after the re-authentication started in the answer, and the
//! `signIn.websudoViaIdp` switch.

use std::sync::Arc;

use oidc_sso_core::{BeginLoginRequest, BeginLoginResponse, Engine, Error, LoginDecision};
use oidc_sso_testkit::op::{TestOp, USERINFO_PATH};
use oidc_sso_testkit::FakeClock;
use serde_json::{json, Value};

use crate::support::*;

const NOW: i64 = FakeClock::START;

fn begin_reauthentication(engine: &Engine) -> Result<BeginLoginResponse, Error> {
    engine.begin_login(&BeginLoginRequest {
        idp_id: None,
        return_to: Some("/secure/admin/Settings".into()),
        browser_binding: BINDING.into(),
        test_login: false,
        reauthenticate: true,
    })
}

fn reauthenticate(h: &Harness) -> Result<LoginDecision, Error> {
    let begin = begin_reauthentication(&h.engine).expect("begin_login");
    let params = h.authorize(&begin);
    h.complete(&begin, params)
}

#[test]
fn begin_when_reauthenticate_then_prompt_login_and_max_age_zero_else_neither() {
    // A configured maxAgeSeconds and prompt give way to the re-authentication's.
    let h = Harness::with_config(json!({
        "maxAgeSeconds": 300, "authorizationParameters": {"prompt": "consent"},
    }));
    h.authorize(&begin_reauthentication(&h.engine).unwrap());
    h.authorize(&h.begin());
    let requests = h.op.authorization_requests();
    assert_eq!(requests[0]["prompt"], "login");
    assert_eq!(requests[0]["max_age"], "0");
    let url = begin_reauthentication(&h.engine).unwrap().authorization_url;
    assert_eq!(url.matches("prompt=").count(), 1, "{url}");
    assert_eq!(url.matches("max_age=").count(), 1, "{url}");
    assert_eq!(requests[1]["prompt"], "consent", "an ordinary login");
    assert_eq!(requests[1]["max_age"], "300", "an ordinary login");
}

#[test]
fn login_when_reauthenticated_with_fresh_auth_time_then_decision_marked_reauthentication() {
    let h = Harness::new();
    let decision = reauthenticate(&h).expect("fresh re-authentication");
    assert!(decision.reauthentication);
    assert_eq!(decision.return_to, "/secure/admin/Settings");
    assert!(!h.login().expect("ordinary login").reauthentication);
}

#[test]
fn login_when_reauthentication_auth_time_missing_or_stale_then_reauthentication_not_fresh() {
    // The re-authentication starts at NOW; clockSkewSeconds is 60 by default.
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "auth_time missing",
            Value::Null,
            "reauthentication_not_fresh",
        ),
        (
            "auth_time from the IdP's older session",
            json!(NOW - 61),
            "reauthentication_not_fresh",
        ),
        ("auth_time at the skew", json!(NOW - 60), "accepted"),
        (
            "auth_time in the future",
            json!(NOW + 61),
            "reauthentication_not_fresh",
        ),
        ("auth_time a string", json!("now"), "invalid_auth_time"),
    ];
    for (name, auth_time, expected) in cases {
        let h = Harness::new();
        h.op.set_id_token(move |b| match &auth_time {
            Value::Null => b.without_claim("auth_time").build(),
            v => b.claim("auth_time", v.clone()).build(),
        });
        assert_eq!(verdict(&reauthenticate(&h)), expected, "{name}");
        if expected != "accepted" {
            assert_eq!(h.op.count(USERINFO_PATH), 0, "{name}");
        }
    }
}

#[test]
fn login_when_user_took_time_at_idp_then_auth_time_after_start_accepted() {
    let h = Harness::new();
    let begin = begin_reauthentication(&h.engine).unwrap();
    h.clock.advance(120);
    let params = h.authorize(&begin);
    assert!(h.complete(&begin, params).is_ok());
}

#[test]
fn begin_when_websudo_via_idp_off_then_reauthentication_refused_and_info_says_so() {
    let clock = Arc::new(FakeClock::default());
    let op = TestOp::new(ISSUER, clock.clone());
    let mut document = config(ISSUER, json!({}));
    document["signIn"] = json!({"websudoViaIdp": "off"});
    let engine = engine_for(&op, &clock, &document);
    assert_eq!(engine.info().websudo_via_idp, "off");
    let err = begin_reauthentication(&engine).unwrap_err();
    assert_eq!(err.code().as_str(), "invalid_request");
    assert!(
        err.hint().contains("signIn.websudoViaIdp"),
        "{}",
        err.hint()
    );
    assert_eq!(Harness::new().engine.info().websudo_via_idp, "sso-sessions");
}
