//! Per-IdP callback paths and the login experience through the engine (issue 5).

use oidc_sso_core::CompleteLoginRequest;
use oidc_sso_core::{LoginUiRequest, RouteRequest};
use oidc_sso_testkit::op::TOKEN_PATH;
use serde_json::json;

use crate::support::*;

const OWN_PATH: &str = "/plugins/servlet/oidc-sso/callback/test";

fn own_callback() -> Harness {
    Harness::with_config(json!({"callbackPath": OWN_PATH}))
}

#[test]
fn begin_when_idp_has_own_callback_path_then_its_redirect_uri_is_sent() {
    let h = own_callback();
    let begin = h.begin();
    let expected = format!(
        "redirect_uri={}",
        urlencode(&format!("{BASE_URL}{OWN_PATH}"))
    );
    assert!(
        begin.authorization_url.contains(&expected),
        "{}",
        begin.authorization_url
    );
    assert_eq!(
        begin.pending["redirectUri"],
        format!("{BASE_URL}{OWN_PATH}")
    );
}

#[test]
fn complete_when_callback_arrives_at_other_path_then_callback_mismatch_before_token_request() {
    let h = own_callback();
    let begin = h.begin();
    let params = h.authorize(&begin);
    let result = h.engine.complete_login(&CompleteLoginRequest {
        pending: Some(begin.pending.clone()),
        browser_binding: Some(BINDING.into()),
        params,
        callback_path: Some(CALLBACK_PATH.into()),
    });
    assert_eq!(verdict(&result), "callback_mismatch");
    assert_eq!(h.op.count(TOKEN_PATH), 0);
}

#[test]
fn complete_when_callback_arrives_at_own_path_then_accepted() {
    let h = own_callback();
    let begin = h.begin();
    let params = h.authorize(&begin);
    let result = h.engine.complete_login(&CompleteLoginRequest {
        pending: Some(begin.pending.clone()),
        browser_binding: Some(BINDING.into()),
        params,
        callback_path: Some(OWN_PATH.into()),
    });
    assert_eq!(verdict(&result), "accepted");
}

#[test]
fn login_ui_when_route_then_single_idp_redirects_instantly() {
    let h = Harness::new();
    let answer = h
        .engine
        .login_ui_call(&LoginUiRequest::Route(RouteRequest::default()))
        .unwrap();
    assert_eq!(
        serde_json::to_value(answer).unwrap(),
        json!({"outcome": "redirect", "idpId": "test", "delayed": false, "delaySeconds": 0, "rule": null})
    );
}

fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
