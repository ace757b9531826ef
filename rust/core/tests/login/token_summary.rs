//! The decision's `tokenSummary`: the ID token's timing and assurance claims for the shim's
//! debug line, bounded whatever the IdP sends.

use oidc_sso_core::Clock;
use oidc_sso_testkit::op::CLIENT_ID;
use serde_json::json;

use crate::support::Harness;

#[test]
fn login_when_token_has_timing_and_assurance_claims_then_summary_carries_them() {
    let h = Harness::new();
    let now = h.clock.now_unix();
    h.op.set_id_token(move |b| {
        b.claim("amr", json!(["pwd", "mfa"]))
            .claim("acr", json!("urn:example:loa:2"))
            .claim("azp", json!(CLIENT_ID))
            .claim("aud", json!([CLIENT_ID]))
            .claim("auth_time", json!(now - 30))
            .build()
    });

    let decision = h.login().expect("login");

    let s = &decision.token_summary;
    assert_eq!(
        (s.iat, s.exp, s.auth_time),
        (Some(now), Some(now + 300), Some(now - 30))
    );
    assert_eq!(s.amr, ["pwd", "mfa"]);
    assert_eq!(s.acr.as_deref(), Some("urn:example:loa:2"));
    assert_eq!(s.azp.as_deref(), Some(CLIENT_ID));
    assert_eq!(s.aud_count, 1);
}

#[test]
fn login_when_amr_huge_and_acr_not_a_string_then_summary_bounded_and_no_secret() {
    let h = Harness::new();
    // As many as fit under the 64 KiB token bound, each far over the 32 characters kept.
    let many: Vec<String> = (0..300)
        .map(|i| format!("{i}-{}", "m".repeat(100)))
        .collect();
    h.op.set_id_token(move |b| {
        b.claim("amr", json!(many))
            .claim("acr", json!({"essential": true, "values": ["x"]}))
            .build()
    });

    let decision = h
        .login()
        .expect("a strange amr or acr does not refuse the login");

    let s = &decision.token_summary;
    assert_eq!(s.amr.len(), 8);
    assert!(
        s.amr.iter().all(|m| m.chars().count() <= 32 + 3),
        "{:?}",
        s.amr
    );
    assert_eq!(s.acr, None);
    let shown = serde_json::to_string(s).unwrap();
    assert!(shown.len() < 600, "{shown}");
    for secret in [
        decision.id_token_hint.0.as_str(),
        "nonce",
        &decision.subject,
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}
