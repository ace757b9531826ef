//! The administrator's test login ("SSO doctor"): `prompt=login`, the sealed mark, and the
//! redacted report in the decision.

use oidc_sso_core::{BeginLoginRequest, CompleteLoginRequest};
use serde_json::json;

use crate::support::{Harness, BINDING};

fn begin_test_login(h: &Harness) -> oidc_sso_core::BeginLoginResponse {
    h.engine
        .begin_login(&BeginLoginRequest {
            idp_id: None,
            return_to: None,
            browser_binding: BINDING.into(),
            test_login: true,
            reauthenticate: false,
        })
        .expect("begin_login")
}

#[test]
fn begin_when_test_login_and_reauthenticate_both_set_then_invalid_request_naming_both() {
    // websudoViaIdp is on by default ("sso-sessions"), so only the combination is refused.
    let h = Harness::new();
    let both = h.engine.begin_login(&BeginLoginRequest {
        idp_id: None,
        return_to: None,
        browser_binding: BINDING.into(),
        test_login: true,
        reauthenticate: true,
    });
    let error = both.unwrap_err();
    assert_eq!(error.code().as_str(), "invalid_request");
    let hint = error.hint();
    assert!(
        hint.contains("reauthenticate") && hint.contains("testLogin"),
        "{hint}"
    );
    assert!(
        h.op.authorization_requests().is_empty(),
        "nothing sent to the IdP"
    );
}

#[test]
fn begin_when_test_login_then_no_max_age_zero_and_configured_max_age_kept() {
    // Only a re-authentication forces max_age=0; a test login shows what a normal login sees.
    let h = Harness::with_config(json!({"maxAgeSeconds": 300}));
    let url = begin_test_login(&h).authorization_url;
    assert_eq!(url.matches("max_age=").count(), 1, "{url}");
    assert!(url.contains("max_age=300"), "{url}");
    assert!(url.contains("prompt=login"), "{url}");
}

#[test]
fn begin_when_test_login_then_prompt_login_and_pending_marked() {
    let h = Harness::with_config(json!({"authorizationParameters": {"prompt": "consent"}}));
    let begin = begin_test_login(&h);
    let url = url::Url::parse(&begin.authorization_url).unwrap();
    let prompts: Vec<_> = url
        .query_pairs()
        .filter(|(k, _)| k == "prompt")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(prompts, ["login"], "the configured prompt gives way");
    assert_eq!(begin.pending["testLogin"], true);
}

#[test]
fn begin_when_normal_login_then_no_prompt_and_no_mark() {
    let h = Harness::new();
    let begin = h.begin();
    assert!(!begin.authorization_url.contains("prompt="));
    assert!(begin.pending.get("testLogin").is_none());
    let decision = h.complete(&begin, h.authorize(&begin)).unwrap();
    assert!(decision.test_login.is_none());
}

#[test]
fn complete_when_test_login_then_report_redacted_with_clock_reading() {
    let h = Harness::new();
    h.op.script(|s| {
        s.id_token_claims = json!({"email": "alice@example.com", "name": "Alice"});
    });
    let begin = begin_test_login(&h);
    let decision = h.complete(&begin, h.authorize(&begin)).expect("login");
    let report = decision.test_login.expect("a test login report");
    assert_eq!(report.id_token_claims["email"], "alice@example.com");
    assert_eq!(report.id_token_claims["sub"], decision.subject.as_str());
    assert!(report.id_token_claims.get("nonce").is_none());
    assert!(report.redacted.contains(&"nonce".to_string()));
    let shown = serde_json::to_string(&report).unwrap();
    assert!(
        !shown.contains(&decision.id_token_hint.0),
        "no raw ID token"
    );
    assert!(!shown.contains("at-"), "no access token");
    // The test OP stamps `iat` with the same fake clock: no difference.
    let iat = report
        .clock
        .iter()
        .find(|r| r.source == "idTokenIat")
        .expect("an iat reading");
    assert_eq!(iat.idp_minus_node_seconds, 0);
}

#[test]
fn complete_when_callback_names_test_login_then_refused() {
    // The mark lives only in the sealed pending login; a request field is unknown.
    let parsed = serde_json::from_value::<CompleteLoginRequest>(json!({
        "params": {}, "testLogin": true
    }));
    assert!(parsed.is_err());
}
