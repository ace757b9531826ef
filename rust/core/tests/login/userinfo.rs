//! Userinfo: Bearer token, `sub` match, content checks, claim precedence.

use oidc_sso_testkit::op::{Canned, USERINFO_PATH};
use serde_json::json;

use crate::support::*;

#[test]
fn userinfo_when_fetched_then_bearer_access_token_sent() {
    let h = Harness::new();
    h.login().unwrap();
    let request = &h.op.requests_to(USERINFO_PATH)[0];
    assert_eq!(request.method, "GET");
    assert!(request
        .header("authorization")
        .unwrap()
        .starts_with("Bearer at-"));
}

#[test]
fn userinfo_when_sub_differs_then_userinfo_sub_mismatch() {
    let h = Harness::new();
    h.op.script(|s| s.userinfo["sub"] = json!("mallory-sub"));
    let err = h.login().unwrap_err();
    assert_eq!(err.code(), "userinfo_sub_mismatch");
    assert!(err.hint().contains("mallory-sub") && err.hint().contains("alice-sub"));
}

#[test]
fn userinfo_when_sub_missing_then_userinfo_sub_mismatch() {
    let h = Harness::new();
    h.op.script(|s| {
        s.userinfo.as_object_mut().unwrap().remove("sub");
    });
    assert_eq!(verdict(&h.login()), "userinfo_sub_mismatch");
}

#[test]
fn userinfo_when_answer_wrong_then_codes() {
    let cases = [
        (
            "html",
            Canned::body(200, "text/html", "<html/>"),
            "invalid_userinfo_response",
        ),
        (
            "signed jwt",
            Canned::body(200, "application/jwt", "a.b.c"),
            "invalid_userinfo_response",
        ),
        (
            "json type but not json",
            Canned::body(200, "application/json", "nope"),
            "invalid_userinfo_response",
        ),
        (
            "json array",
            Canned::json(200, json!([])),
            "invalid_userinfo_response",
        ),
        (
            "401",
            Canned::json(401, json!({"error": "invalid_token"})),
            "invalid_userinfo_response",
        ),
        ("503", Canned::json(503, json!({})), "idp_unavailable"),
        (
            "redirect",
            Canned::redirect("https://elsewhere.example/"),
            "idp_unavailable",
        ),
    ];
    for (name, canned, expected) in cases {
        let h = Harness::new();
        h.op.set_canned(USERINFO_PATH, canned);
        assert_eq!(verdict(&h.login()), expected, "{name}");
    }
}

#[test]
fn userinfo_when_json_with_charset_then_accepted() {
    let h = Harness::new();
    h.op.script(|s| s.userinfo_content_type = "application/json; charset=utf-8".into());
    assert_eq!(verdict(&h.login()), "accepted");
}

#[test]
fn userinfo_when_disabled_or_not_advertised_then_never_requested() {
    let h = Harness::with_config(json!({"fetchUserinfo": false}));
    h.login().unwrap();
    assert_eq!(h.op.count(USERINFO_PATH), 0);
    let h = Harness::new();
    h.op.script(|s| {
        s.discovery
            .as_object_mut()
            .unwrap()
            .remove("userinfo_endpoint");
    });
    h.login().unwrap();
    assert_eq!(h.op.count(USERINFO_PATH), 0);
}

#[test]
fn mapping_when_claim_only_in_userinfo_then_taken_from_userinfo() {
    let h = Harness::new();
    h.op.script(|s| {
        s.id_token_claims = json!({});
        s.userinfo["groups"] = json!(["from-userinfo"]);
    });
    let decision = h.login().unwrap();
    assert_eq!(decision.username, "alice");
    assert_eq!(decision.groups, ["from-userinfo"]);
}

#[test]
fn mapping_when_both_sources_then_id_token_wins() {
    let h = Harness::new();
    h.op.script(|s| s.userinfo["preferred_username"] = json!("mallory"));
    assert_eq!(h.login().unwrap().username, "alice");
}

#[test]
fn mapping_when_claims_wrong_then_codes() {
    let cases = [
        (
            "groups string",
            json!({"preferred_username": "a", "groups": "admins"}),
            "invalid_groups_claim",
        ),
        (
            "groups numbers",
            json!({"preferred_username": "a", "groups": [1, 2]}),
            "invalid_groups_claim",
        ),
        (
            "username missing",
            json!({"email": "a@example.com"}),
            "missing_username_claim",
        ),
    ];
    for (name, claims, expected) in cases {
        let h = Harness::with_config(json!({"fetchUserinfo": false}));
        h.op.script(|s| s.id_token_claims = claims.clone());
        assert_eq!(verdict(&h.login()), expected, "{name}");
    }
}

#[test]
fn mapping_when_custom_claim_names_then_used() {
    let h = Harness::with_config(json!({
        "fetchUserinfo": false,
        "claims": {"username": "upn", "groups": "roles", "displayName": "display", "email": "mail"}
    }));
    h.op.script(|s| {
        s.id_token_claims = json!({"upn": "bob@corp", "roles": ["r1"], "display": "Bob", "mail": "bob@corp.example"});
    });
    let decision = h.login().unwrap();
    assert_eq!(decision.username, "bob@corp");
    assert_eq!(decision.groups, ["r1"]);
    assert_eq!(decision.display_name.as_deref(), Some("Bob"));
    assert_eq!(decision.email.as_deref(), Some("bob@corp.example"));
    assert!(!decision.email_verified);
}

#[test]
fn decision_when_groups_claim_sent_or_not_then_groups_claim_present_follows() {
    let cases = [
        ("in id token", json!(["g"]), json!(null), true, vec!["g"]),
        (
            "empty list in id token",
            json!([]),
            json!(null),
            true,
            vec![],
        ),
        (
            "only in userinfo",
            json!(null),
            json!(["u"]),
            true,
            vec!["u"],
        ),
        ("in neither", json!(null), json!(null), false, vec![]),
    ];
    for (name, in_token, in_userinfo, present, groups) in cases {
        let h = Harness::new();
        h.op.script(|s| {
            s.id_token_claims["groups"] = in_token.clone();
            s.userinfo["groups"] = in_userinfo.clone();
        });
        let decision = h.login().unwrap();
        assert_eq!(decision.groups_claim_present, present, "{name}");
        assert_eq!(decision.groups, groups, "{name}");
        let json = serde_json::to_value(&decision).unwrap();
        assert_eq!(json["groupsClaimPresent"], json!(present), "{name}");
    }
}
