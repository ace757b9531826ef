use crate::Code;
use serde_json::{json, Map, Value};

use super::*;

fn names() -> ClaimNames {
    ClaimNames {
        username: "preferred_username".into(),
        email: "email".into(),
        display_name: "name".into(),
        groups: "groups".into(),
    }
}

fn object(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

fn map(id_token: Value, userinfo: Option<Value>) -> Result<Identity, &'static str> {
    let id_token = object(id_token);
    let userinfo = userinfo.map(object);
    let claims = Claims {
        id_token: &id_token,
        userinfo: userinfo.as_ref(),
    };
    map_profile(&names(), claims).map_err(|e| e.code().as_str())
}

#[test]
fn map_profile_when_all_present_then_identity() {
    let identity = map(
        json!({"preferred_username": "alice", "email": "a@example.com", "email_verified": true,
               "name": "Alice", "groups": ["g1", "g2", "g1"]}),
        None,
    )
    .unwrap();
    assert_eq!(
        identity,
        Identity {
            username: "alice".into(),
            email: Some("a@example.com".into()),
            email_verified: true,
            display_name: Some("Alice".into()),
            // The groups are read by the IdP's group sync (provisioning::claim).
            groups: Vec::new(),
            groups_claim_present: false,
        }
    );
}

#[test]
fn map_profile_when_both_sources_then_id_token_wins_and_userinfo_fills_gaps() {
    let identity = map(
        json!({"preferred_username": "alice", "groups": ["from-id-token"]}),
        Some(
            json!({"preferred_username": "mallory", "name": "From Userinfo",
                    "groups": ["from-userinfo"], "email": "u@example.com"}),
        ),
    )
    .unwrap();
    assert_eq!(identity.username, "alice");
    assert_eq!(identity.display_name.as_deref(), Some("From Userinfo"));
    assert_eq!(identity.email.as_deref(), Some("u@example.com"));
}

#[test]
fn map_profile_when_email_verified_in_other_source_then_not_verified() {
    let identity = map(
        json!({"preferred_username": "a", "email_verified": true}),
        Some(json!({"email": "a@example.com"})),
    )
    .unwrap();
    assert!(!identity.email_verified);
}

#[test]
fn map_profile_when_email_verified_is_string_then_not_verified() {
    let identity = map(
        json!({"preferred_username": "a", "email": "a@example.com", "email_verified": "true"}),
        None,
    )
    .unwrap();
    assert!(!identity.email_verified);
}

#[test]
fn map_profile_when_claims_wrong_then_codes() {
    let cases = [
        (json!({}), Code::MissingUsernameClaim.as_str()),
        (
            json!({"preferred_username": null}),
            Code::MissingUsernameClaim.as_str(),
        ),
        (
            json!({"preferred_username": ""}),
            Code::InvalidUsernameClaim.as_str(),
        ),
        (
            json!({"preferred_username": 7}),
            Code::InvalidUsernameClaim.as_str(),
        ),
        (
            json!({"preferred_username": " alice"}),
            Code::InvalidUsernameClaim.as_str(),
        ),
        (
            json!({"preferred_username": "a\nb"}),
            Code::InvalidUsernameClaim.as_str(),
        ),
        (
            json!({"preferred_username": "a", "email": 5}),
            Code::InvalidClaim.as_str(),
        ),
        (
            json!({"preferred_username": "a", "email": "not-an-address"}),
            Code::InvalidClaim.as_str(),
        ),
        (
            json!({"preferred_username": "a", "name": ["x"]}),
            Code::InvalidClaim.as_str(),
        ),
    ];
    for (claims, expected) in cases {
        assert_eq!(map(claims.clone(), None).unwrap_err(), expected, "{claims}");
    }
}

#[test]
fn map_profile_when_username_missing_then_hint_names_the_claim() {
    let id_token = Map::new();
    let err = map_profile(
        &names(),
        Claims {
            id_token: &id_token,
            userinfo: None,
        },
    )
    .unwrap_err();
    assert!(err.hint().contains("`preferred_username`"));
}
