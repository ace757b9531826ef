//! RP-Initiated Logout 1.0 §2 (the end-session URL), what a login hands the shim for
//! logout (`sid`, the ID token for `id_token_hint`), and logout tokens with two IdPs
//! (keys bound to the token's issuer, never a merged set).

use std::collections::BTreeMap;
use std::sync::Arc;

use oidc_sso_core::HttpErrorKind;
use oidc_sso_core::LogoutTokenRequest;
use oidc_sso_core::{EndSessionRequest, EndSessionResponse};
use oidc_sso_core::{Engine, Error, ErrorKind};
use oidc_sso_testkit::op::Canned;
use oidc_sso_testkit::op::{CLIENT_ID, CLIENT_SECRET, DISCOVERY_PATH, JWKS_PATH};
use oidc_sso_testkit::{FakeClock, OpRouter, TestKey, TestOp, TokenBuilder};
use serde_json::json;

use crate::support::*;

fn end_session(h: &Harness, hint: Option<&str>) -> Result<EndSessionResponse, Error> {
    h.engine.end_session_url(&EndSessionRequest {
        idp_id: "test".into(),
        issuer: ISSUER.into(),
        id_token_hint: hint.map(str::to_owned),
    })
}

fn query(url: &str) -> BTreeMap<String, String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

#[test]
fn end_session_when_idp_has_endpoint_then_hint_client_id_registered_uri_and_state() {
    let h = Harness::new();

    let response = end_session(&h, Some("the.id.token")).unwrap();

    let url = response.url.expect("an end-session URL");
    assert!(url.starts_with(&format!("{ISSUER}/logout?")), "{url}");
    let params = query(&url);
    assert_eq!(params["id_token_hint"], "the.id.token");
    assert_eq!(params["client_id"], CLIENT_ID);
    assert_eq!(params["post_logout_redirect_uri"], format!("{BASE_URL}/"));
    assert_eq!(Some(&params["state"]), response.state.as_ref());
    assert!(params["state"].len() >= 43, "32 random bytes");
    assert_eq!(response.post_logout_redirect_uri, format!("{BASE_URL}/"));
}

#[test]
fn end_session_when_called_twice_then_fresh_state() {
    let h = Harness::new();
    let first = end_session(&h, None).unwrap().state;
    let second = end_session(&h, None).unwrap().state;
    assert_ne!(first, second);
}

#[test]
fn end_session_when_no_hint_then_client_id_only() {
    let h = Harness::new();
    let params = query(&end_session(&h, None).unwrap().url.unwrap());
    assert!(!params.contains_key("id_token_hint"));
    assert_eq!(params["client_id"], CLIENT_ID);
}

#[test]
fn end_session_when_post_logout_uri_configured_then_used() {
    let uri = "https://jira.example.com/secure/LoggedOut.jspa";
    let h = Harness::with_config(json!({"postLogoutRedirectUri": uri}));
    let params = query(&end_session(&h, None).unwrap().url.unwrap());
    assert_eq!(params["post_logout_redirect_uri"], uri);
}

#[test]
fn end_session_when_endpoint_has_query_then_kept_and_extended() {
    let h = Harness::new();
    let endpoint = format!("{ISSUER}/logout?tenant=t1");
    h.op.script(|s| s.discovery["end_session_endpoint"] = json!(endpoint));
    let params = query(&end_session(&h, None).unwrap().url.unwrap());
    assert_eq!(params["tenant"], "t1");
    assert_eq!(params["client_id"], CLIENT_ID);
}

#[test]
fn end_session_when_idp_has_no_endpoint_then_no_url() {
    let h = Harness::new();
    h.op.script(|s| {
        s.discovery
            .as_object_mut()
            .unwrap()
            .remove("end_session_endpoint");
    });
    let response = end_session(&h, Some("t")).unwrap();
    assert_eq!((response.url, response.state), (None, None));
}

const COGNITO_LOGOUT: &str = "https://acme.auth.eu-west-1.amazoncognito.com/logout";

/// An Amazon Cognito user pool as the test OP: no `end_session_endpoint`, the quirk set.
fn cognito(changes: serde_json::Value) -> Harness {
    let mut config = json!({"quirks": {"cognitoLogoutUrl": COGNITO_LOGOUT}});
    for (key, value) in changes.as_object().unwrap() {
        config[key] = value.clone();
    }
    let h = Harness::with_config(config);
    h.op.script(|s| {
        s.discovery
            .as_object_mut()
            .unwrap()
            .remove("end_session_endpoint");
    });
    h
}

#[test]
fn end_session_when_cognito_logout_quirk_then_pool_logout_with_client_id_and_logout_uri() {
    let h = cognito(json!({}));

    let response = end_session(&h, Some("the.id.token")).unwrap();

    let url = response.url.expect("the user pool's logout URL");
    assert!(url.starts_with(&format!("{COGNITO_LOGOUT}?")), "{url}");
    let params = query(&url);
    let expected: BTreeMap<String, String> = [
        ("client_id".to_string(), CLIENT_ID.to_string()),
        ("logout_uri".to_string(), format!("{BASE_URL}/")),
    ]
    .into();
    assert_eq!(
        params, expected,
        "no id_token_hint, no state: Cognito knows neither"
    );
    assert_eq!(response.state, None);
    assert_eq!(response.post_logout_redirect_uri, format!("{BASE_URL}/"));
}

#[test]
fn end_session_when_cognito_logout_quirk_and_post_logout_uri_configured_then_it_is_logout_uri() {
    let uri = "https://jira.example.com/plugins/servlet/oidc-sso/logged-out";
    let h = cognito(json!({"postLogoutRedirectUri": uri}));
    let params = query(&end_session(&h, None).unwrap().url.unwrap());
    assert_eq!(params["logout_uri"], uri);
}

#[test]
fn end_session_when_cognito_logout_quirk_then_no_discovery_needed() {
    let h = cognito(json!({}));
    h.op.script(|s| {
        s.canned
            .insert(DISCOVERY_PATH.into(), Canned::Fail(HttpErrorKind::Connect));
    });

    let response = end_session(&h, None).expect("built without the IdP");

    assert!(response.url.unwrap().starts_with(COGNITO_LOGOUT));
    assert_eq!(h.op.count(DISCOVERY_PATH), 0);
}

#[test]
fn end_session_when_cognito_preset_then_quirk_from_the_preset_parameters() {
    let clock = Arc::new(FakeClock::default());
    let issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123";
    let op = TestOp::new(issuer, clock.clone());
    let doc = json!({"schemaVersion": 1, "idps": [{
        "id": "test", "preset": "cognito", "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET,
        "presetParameters": {
            "region": "eu-west-1", "userPoolId": "eu-west-1_AbC123",
            "domain": "acme.auth.eu-west-1.amazoncognito.com"
        }
    }]});
    let engine = engine_for(&op, &clock, &doc);

    let response = engine
        .end_session_url(&EndSessionRequest {
            idp_id: "test".into(),
            issuer: issuer.into(),
            id_token_hint: None,
        })
        .unwrap();

    let url = response.url.unwrap();
    assert!(
        url.starts_with(&format!("{COGNITO_LOGOUT}?client_id=")),
        "{url}"
    );
}

#[test]
fn end_session_when_endpoint_not_https_then_configuration_error() {
    let h = Harness::new();
    h.op.script(|s| s.discovery["end_session_endpoint"] = json!("http://idp.example.com/logout"));
    let error = end_session(&h, None).unwrap_err();
    assert_eq!(
        (error.code().as_str(), error.kind()),
        ("discovery_failed", ErrorKind::Config)
    );
}

#[test]
fn end_session_when_idp_unknown_or_reconfigured_then_unknown_idp() {
    let h = Harness::new();
    for (id, issuer) in [("other", ISSUER), ("test", "https://old.example.com")] {
        let result = h.engine.end_session_url(&EndSessionRequest {
            idp_id: id.into(),
            issuer: issuer.into(),
            id_token_hint: None,
        });
        assert_eq!(verdict(&result), "unknown_idp", "{id} {issuer}");
    }
}

#[test]
fn login_when_id_token_has_sid_then_decision_carries_sid_and_the_id_token() {
    let h = Harness::new();
    h.op.script(|s| s.id_token_claims["sid"] = json!("op-session-1"));

    let decision = h.login().unwrap();

    assert_eq!(decision.sid.as_deref(), Some("op-session-1"));
    assert_eq!(decision.id_token_hint.0.split('.').count(), 3);
    assert!(
        !format!("{decision:?}").contains(&decision.id_token_hint.0),
        "never printed"
    );
}

#[test]
fn login_when_id_token_has_no_sid_then_none() {
    let h = Harness::new();
    assert_eq!(h.login().unwrap().sid, None);
}

const ISSUER_A: &str = "https://a.idp.example.com";
const ISSUER_B: &str = "https://b.idp.example.com/tenant";

#[test]
fn logout_when_token_of_one_idp_signed_with_the_others_key_then_refused_and_never_merged() {
    let clock = Arc::new(FakeClock::default());
    let a = TestOp::new(ISSUER_A, clock.clone());
    let b = TestOp::new(ISSUER_B, clock.clone());
    let b_key = TestKey::rsa_from_pool("rsa-1", 1);
    b.script(|s| {
        s.serve_keys(&[&b_key]);
        s.signing_key = b_key.clone();
    });
    let router = OpRouter::new(&[&a, &b]);
    let idp = |id: &str, issuer: &str| json!({"id": id, "issuer": issuer, "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET});
    let doc = json!({"schemaVersion": 1, "idps": [idp("a", ISSUER_A), idp("b", ISSUER_B)]});
    let engine = Engine::new(
        doc.to_string().as_bytes(),
        host(),
        Arc::new(router),
        clock.clone(),
    )
    .expect("valid configuration");
    let now = oidc_sso_core::Clock::now_unix(clock.as_ref());
    let check = |token: String| {
        engine.validate_logout_token(&LogoutTokenRequest {
            logout_token: token,
        })
    };
    let for_b = |key: &TestKey| TokenBuilder::logout_token(key, ISSUER_B, CLIENT_ID, "s", "x", now);

    let b_token = check(for_b(&b_key).build()).expect("B's own token");
    assert_eq!(b_token.idp_id, "b");
    // B's issuer, A's key (same kid): checked with B's keys only.
    assert_eq!(
        verdict(&check(for_b(&a.signing_key()).build())),
        "invalid_signature"
    );
    assert_eq!(
        a.count(JWKS_PATH),
        0,
        "A's keys are never fetched for B's tokens"
    );
    let a_token = TokenBuilder::logout_token(&a.signing_key(), ISSUER_A, CLIENT_ID, "s", "x", now);
    assert_eq!(check(a_token.build()).unwrap().idp_id, "a");
}
