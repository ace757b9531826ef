//! IdP presets drive real logins: the expanded configuration, not just its validation,
//! decides what the engine sends and reads (docs/config.md, "Presets").

use std::sync::Arc;

use oidc_sso_testkit::op::{CLIENT_ID, CLIENT_SECRET, TOKEN_PATH, USERINFO_PATH};
use oidc_sso_testkit::{FakeClock, TestOp};
use serde_json::{json, Value};

use crate::support::*;

/// An engine whose only IdP is `preset` (with `parameters` and the test OP's client),
/// the test OP serving the issuer the preset builds.
fn harness(issuer: &str, preset: &str, parameters: Value, extra: Value) -> Harness {
    let clock = Arc::new(FakeClock::default());
    let op = TestOp::new(issuer, clock.clone());
    let mut idp = json!({
        "id": "test", "preset": preset, "presetParameters": parameters,
        "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET,
    });
    for (key, value) in extra.as_object().unwrap() {
        idp[key] = value.clone();
    }
    let doc = json!({"schemaVersion": 1, "idps": [idp]});
    let engine = engine_for(&op, &clock, &doc);
    Harness { op, clock, engine }
}

#[test]
fn login_when_entra_preset_then_secret_in_body_no_userinfo_call() {
    let tenant = "8eaef023-2b34-4da1-9baa-8bc8c9d6a490";
    let issuer = format!("https://login.microsoftonline.com/{tenant}/v2.0");
    let h = harness(&issuer, "entra", json!({"tenantId": tenant}), json!({}));

    let decision = h.login().expect("login");

    assert_eq!(decision.issuer, issuer);
    assert_eq!(decision.username, "alice");
    let token = &h.op.requests_to(TOKEN_PATH)[0];
    assert_eq!(token.form()["client_secret"], CLIENT_SECRET);
    assert_eq!(token.header("authorization"), None);
    assert_eq!(h.op.count(USERINFO_PATH), 0);
}

#[test]
fn login_when_cognito_preset_then_username_and_groups_from_cognito_claims() {
    let issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123";
    let h = harness(
        issuer,
        "cognito",
        json!({"region": "eu-west-1", "userPoolId": "eu-west-1_AbC123", "domain": "auth.example.com"}),
        json!({}),
    );
    h.op.script(|s| {
        s.id_token_claims["cognito:username"] = json!("alice.c");
        s.id_token_claims["cognito:groups"] = json!(["pool-admins"]);
    });

    let decision = h.login().expect("login");

    assert_eq!(decision.username, "alice.c");
    assert_eq!(decision.groups, ["pool-admins"]);
    assert!(decision.groups_claim_present);
}

#[test]
fn login_when_gitlab_preset_then_nickname_and_full_group_paths_from_userinfo() {
    let h = harness(
        "https://gitlab.example.com",
        "gitlab",
        json!({"baseUrl": "https://gitlab.example.com"}),
        json!({}),
    );
    h.op.script(|s| {
        s.id_token_claims["groups"] = json!(["only-in-the-id-token"]);
        s.userinfo["nickname"] = json!("alice-gl");
        s.userinfo["groups"] = json!(["platform", "platform/security"]);
    });

    let decision = h.login().expect("login");

    assert_eq!(decision.username, "alice-gl");
    assert_eq!(decision.groups, ["platform", "platform/security"]);
}

#[test]
fn login_when_auth0_preset_then_trailing_slash_issuer_and_namespaced_groups() {
    let issuer = "https://acme.eu.auth0.com/";
    let h = harness(
        issuer,
        "auth0",
        json!({"domain": "acme.eu.auth0.com"}),
        json!({}),
    );
    h.op.script(|s| {
        s.id_token_claims["https://oidc-sso/groups"] = json!(["Support"]);
    });

    let decision = h.login().expect("login");

    assert_eq!(decision.issuer, issuer);
    assert_eq!(decision.username, "alice@example.com");
    assert_eq!(decision.groups, ["Support"]);
}

#[test]
fn login_when_preset_issuer_differs_from_the_idp_then_discovery_issuer_mismatch() {
    // An Auth0 domain typed for the issuer without its trailing slash: the OP publishes
    // another issuer, and the admin learns which.
    let h = harness(
        "https://acme.eu.auth0.com",
        "auth0",
        json!({"domain": "acme.eu.auth0.com"}),
        json!({}),
    );
    let error = h
        .engine
        .begin_login(&oidc_sso_core::BeginLoginRequest {
            idp_id: None,
            return_to: None,
            browser_binding: BINDING.into(),
            test_login: false,
            reauthenticate: false,
        })
        .unwrap_err();
    assert_eq!(error.code(), "discovery_issuer_mismatch");
}

#[test]
fn begin_when_adfs_preset_with_resource_then_resource_and_allatclaims_requested() {
    let h = harness(
        "https://fs.example.com/adfs",
        "adfs",
        json!({"host": "fs.example.com"}),
        json!({"authorizationParameters": {"resource": "https://jira.example.com/"}}),
    );

    let url = url::Url::parse(&h.begin().authorization_url).unwrap();

    let params: std::collections::BTreeMap<String, String> =
        url.query_pairs().into_owned().collect();
    assert_eq!(params["resource"], "https://jira.example.com/");
    assert_eq!(params["scope"], "openid profile email allatclaims");
    assert_eq!(
        params["code_challenge_method"], "S256",
        "protocol parameters untouched"
    );
    h.op.script(|s| s.id_token_claims["upn"] = json!("alice@corp.example.com"));
    let decision = h.login().expect("login");
    assert_eq!(decision.username, "alice@corp.example.com");
    assert_eq!(h.op.count(USERINFO_PATH), 0, "AD FS userinfo is not called");
    assert_eq!(decision.issuer, "https://fs.example.com/adfs");
}
