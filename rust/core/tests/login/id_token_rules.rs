//! ID token rules that need settings or a whole flow: hostile `kid`, `at_hash` against
//! the access token, `max_age`/`auth_time`, `iat` age, trusted audiences, and other
//! tokens in the ID-token slot.

use std::sync::Arc;

use oidc_sso_testkit::op::{CLIENT_ID, JWKS_PATH, USERINFO_PATH};
use oidc_sso_testkit::FakeClock;
use serde_json::{json, Value};

use crate::support::*;

const NOW: i64 = FakeClock::START;

#[test]
fn login_when_kid_hostile_then_malformed_without_key_fetch_and_escaped_hint() {
    let cases: Vec<(&str, Value)> = vec![
        ("huge", json!("k".repeat(10_000))),
        ("control characters", json!("rsa-1\u{0}\n\u{1b}[31mred")),
        ("newline only", json!("\n")),
        ("empty", json!("")),
        ("number", json!(1)),
        ("null", json!(null)),
        ("array", json!(["rsa-1"])),
        ("object", json!({"kid": "rsa-1"})),
    ];
    for (name, kid) in cases {
        let h = Harness::new();
        let hostile = kid.clone();
        h.op.set_id_token(move |b| b.header("kid", hostile.clone()).build());
        let err = h.login().unwrap_err();
        assert_eq!(err.code(), "malformed_id_token", "{name}");
        let hint = err.hint();
        assert!(
            !hint.chars().any(char::is_control),
            "{name}: escaped: {hint:?}"
        );
        assert!(hint.len() < 600, "{name}: bounded ({} chars)", hint.len());
        assert_eq!(h.op.count(JWKS_PATH), 0, "{name}: no key fetched");
        assert_eq!(h.op.count(USERINFO_PATH), 0, "{name}");
    }
}

#[test]
fn login_when_access_token_swapped_after_signing_then_invalid_at_hash() {
    let h = Harness::new();
    h.op.script(|s| {
        s.token_response = Some(Arc::new(|body: &mut Value| {
            body["access_token"] = json!("at-substituted-token");
        }))
    });
    assert_eq!(verdict(&h.login()), "invalid_at_hash");
    assert_eq!(h.op.count(USERINFO_PATH), 0);
}

#[test]
fn login_when_at_hash_absent_or_correct_then_accepted() {
    let h = Harness::new();
    h.op.script(|s| s.at_hash = false);
    assert_eq!(verdict(&h.login()), "accepted");
    let h = Harness::new();
    assert_eq!(verdict(&h.login()), "accepted", "the OP's own at_hash");
}

#[test]
fn begin_when_max_age_configured_then_sent_and_otherwise_not() {
    let h = Harness::with_config(json!({"maxAgeSeconds": 300}));
    h.authorize(&h.begin());
    assert_eq!(h.op.authorization_requests()[0]["max_age"], "300");
    let h = Harness::new();
    h.authorize(&h.begin());
    assert!(!h.op.authorization_requests()[0].contains_key("max_age"));
}

#[test]
fn login_when_max_age_sent_then_auth_time_required_and_bounded() {
    let cases: Vec<(&str, Option<Value>, &str)> = vec![
        ("fresh auth_time from the OP", None, "accepted"),
        ("auth_time missing", Some(Value::Null), "invalid_auth_time"),
        (
            "auth_time too old",
            Some(json!(NOW - 361)),
            "invalid_auth_time",
        ),
        ("auth_time at the limit", Some(json!(NOW - 360)), "accepted"),
        (
            "auth_time in the future",
            Some(json!(NOW + 61)),
            "invalid_auth_time",
        ),
        (
            "auth_time a string",
            Some(json!("now")),
            "invalid_auth_time",
        ),
    ];
    for (name, auth_time, expected) in cases {
        let h = Harness::with_config(json!({"maxAgeSeconds": 300}));
        if let Some(value) = auth_time {
            h.op.set_id_token(move |b| match &value {
                Value::Null => b.without_claim("auth_time").build(),
                v => b.claim("auth_time", v.clone()).build(),
            });
        }
        assert_eq!(verdict(&h.login()), expected, "{name}");
        if expected != "accepted" {
            assert_eq!(h.op.count(USERINFO_PATH), 0, "{name}");
        }
    }
}

#[test]
fn login_when_iat_older_than_max_id_token_age_then_invalid_issued_at() {
    let config = json!({
        "maxIdTokenAgeSeconds": 30, "clockSkewSeconds": 0,
    });
    let cases = [(30, "accepted"), (31, "invalid_issued_at")];
    for (age, expected) in cases {
        let h = Harness::with_config(config.clone());
        let begin = h.begin();
        let params = h.authorize(&begin);
        // The user spends 100 s at the IdP; the token was issued `age` s before now.
        h.clock.advance(100);
        let iat = NOW + 100 - age;
        h.op.set_id_token(move |b| b.claim("iat", json!(iat)).build());
        assert_eq!(verdict(&h.complete(&begin, params)), expected, "age {age}");
    }
}

#[test]
fn login_when_trusted_audience_configured_then_extra_audience_needs_azp() {
    let config = json!({"trustedAudiences": ["api://jira"]});
    let both = json!([CLIENT_ID, "api://jira"]);
    let cases: Vec<(&str, Value, Option<&str>, &str)> = vec![
        (
            "trusted with azp",
            both.clone(),
            Some(CLIENT_ID),
            "accepted",
        ),
        ("trusted without azp", both.clone(), None, "invalid_azp"),
        (
            "trusted with foreign azp",
            both,
            Some("api://jira"),
            "invalid_azp",
        ),
        (
            "untrusted third audience",
            json!([CLIENT_ID, "api://jira", "api://other"]),
            Some(CLIENT_ID),
            "invalid_audience",
        ),
        (
            "only the trusted audience",
            json!(["api://jira"]),
            None,
            "invalid_audience",
        ),
    ];
    for (name, aud, azp, expected) in cases {
        let h = Harness::with_config(config.clone());
        let azp = azp.map(str::to_string);
        h.op.set_id_token(move |b| {
            let b = b.claim("aud", aud.clone());
            match &azp {
                Some(azp) => b.claim("azp", json!(azp)).build(),
                None => b.build(),
            }
        });
        assert_eq!(verdict(&h.login()), expected, "{name}");
    }
}

#[test]
fn login_when_other_token_in_id_token_slot_then_rejected() {
    let events = json!({"http://schemas.openid.net/event/backchannel-logout": {}});
    let cases: Vec<(&str, Value, Option<&str>, &str)> = vec![
        (
            "logout token with typ",
            events.clone(),
            Some("logout+jwt"),
            "unexpected_token_type",
        ),
        ("logout token without typ", events, None, "invalid_nonce"),
        (
            "access token with typ",
            json!({"scope": "openid"}),
            Some("at+jwt"),
            "unexpected_token_type",
        ),
        (
            "access token without typ",
            json!({"scope": "openid"}),
            None,
            "invalid_nonce",
        ),
    ];
    for (name, extra, typ, expected) in cases {
        let h = Harness::new();
        let typ = typ.map(str::to_string);
        h.op.set_id_token(move |b| {
            // Like the OP's other tokens: no nonce, an extra claim, maybe its own typ.
            let b = b.without_claim("nonce").claim("extra", extra.clone());
            match &typ {
                Some(typ) => b.header("typ", json!(typ)).build(),
                None => b.without_header("typ").build(),
            }
        });
        assert_eq!(verdict(&h.login()), expected, "{name}");
        assert_eq!(h.op.count(USERINFO_PATH), 0, "{name}");
    }
}
