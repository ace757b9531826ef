//! The whole flow, engine creation and what goes into the authorization request.

use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use oidc_sso_core::{BeginLoginRequest, Engine, ErrorKind, HostContext, HostProxy, HttpErrorKind};
use oidc_sso_testkit::op::{
    Canned, CLIENT_SECRET, DISCOVERY_PATH, JWKS_PATH, TOKEN_PATH, USERINFO_PATH,
};
use oidc_sso_testkit::{FakeClock, TestKey, TestOp};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::support::*;

#[test]
fn login_when_everything_valid_then_decision_with_mapped_claims() {
    let h = Harness::new();
    let decision = h.login().unwrap();
    assert_eq!(decision.idp_id, "test");
    assert_eq!(decision.issuer, ISSUER);
    assert_eq!(decision.subject, "alice-sub");
    assert_eq!(decision.username, "alice");
    assert_eq!(decision.email.as_deref(), Some("alice@example.com"));
    assert!(decision.email_verified);
    assert_eq!(decision.display_name.as_deref(), Some("Alice Anderson"));
    assert_eq!(decision.groups, ["jira-users", "engineering"]);
    assert_eq!(decision.return_to, "/browse/X-1");
    assert!(decision.create_users && !decision.link_existing_accounts);
    assert_eq!(decision.audit[0].event, "login.verified");
    assert_eq!(decision.audit[0].subject.as_deref(), Some("alice-sub"));
    for path in [DISCOVERY_PATH, TOKEN_PATH, JWKS_PATH, USERINFO_PATH] {
        assert_eq!(h.op.count(path), 1, "{path}");
    }
}

#[test]
fn login_when_decision_serialised_then_camel_case_contract_and_no_tokens() {
    let h = Harness::new();
    let decision = serde_json::to_value(h.login().unwrap()).unwrap();
    for field in [
        "idpId",
        "emailVerified",
        "displayName",
        "returnTo",
        "linkExistingAccounts",
        "createUsers",
        "groupsClaimPresent",
    ] {
        assert!(decision.get(field).is_some(), "{field}");
    }
    // The one token is the ID token, for RP-initiated logout's id_token_hint (kept
    // server-side by the shim); nothing else carries a token or a secret.
    let mut rest = decision.clone();
    let hint = rest.as_object_mut().unwrap().remove("idTokenHint").unwrap();
    assert_eq!(hint.as_str().unwrap().split('.').count(), 3);
    let text = rest.to_string();
    assert!(!text.contains("at-") && !text.contains(CLIENT_SECRET) && !text.contains("eyJ"));
}

#[test]
fn login_when_signed_with_es256_then_accepted() {
    let h = Harness::new();
    let ec = TestKey::ec("ec-2");
    let rsa = TestKey::rsa("rsa-1");
    h.op.script(|s| {
        s.serve_keys(&[&rsa, &ec]);
        s.signing_key = ec.clone();
    });
    assert_eq!(verdict(&h.login()), "accepted");
}

#[test]
fn new_when_idp_unreachable_then_engine_created_without_any_request() {
    let h = Harness::new();
    h.op.set_canned(DISCOVERY_PATH, Canned::Fail(HttpErrorKind::Connect));
    assert!(h.op.requests().is_empty());
    let err = h.engine.begin_login(&BeginLoginRequest {
        idp_id: None,
        return_to: None,
        browser_binding: BINDING.into(),
        test_login: false,
        reauthenticate: false,
    });
    assert_eq!(err.unwrap_err().kind(), ErrorKind::ProviderUnavailable);
}

#[test]
fn new_when_config_invalid_then_every_problem_in_config_error() {
    let clock = Arc::new(FakeClock::default());
    let op = TestOp::new(ISSUER, clock.clone());
    let doc = config(
        "http://idp.example.com",
        json!({"clientSecret": null, "typo": 1}),
    );
    let err = Engine::new(
        doc.to_string().as_bytes(),
        host(),
        Arc::new(op.clone()),
        clock,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert_eq!(err.code(), "invalid_configuration");
    let hint = err.hint();
    for pointer in ["/idps/0/issuer", "/idps/0/clientSecret", "/idps/0/typo"] {
        assert!(hint.contains(pointer), "{pointer} in {hint}");
    }
    assert!(op.client_settings().is_empty());
}

#[test]
fn new_when_host_base_url_invalid_then_config_error_under_host() {
    let clock = Arc::new(FakeClock::default());
    let op = TestOp::new(ISSUER, clock.clone());
    let host = HostContext {
        base_url: "jira.example.com".into(),
        ..host()
    };
    let doc = config(ISSUER, json!({}));
    let err = Engine::new(doc.to_string().as_bytes(), host, Arc::new(op), clock).unwrap_err();
    assert!(err.hint().contains("/host/baseUrl"));
}

#[test]
fn new_when_built_then_client_gets_idp_timeouts_and_host_defaults() {
    let clock = Arc::new(FakeClock::default());
    let op = TestOp::new(ISSUER, clock.clone());
    let host = HostContext {
        trust_anchors_pem: Some("-----BEGIN CERTIFICATE-----host".into()),
        proxy: Some(HostProxy {
            url: "http://proxy:3128".into(),
            no_proxy: vec!["localhost".into()],
        }),
        ..host()
    };
    let doc = config(
        ISSUER,
        json!({"http": {"connectTimeoutMs": 1234, "readTimeoutMs": 4321, "maxResponseBytes": 65536}}),
    );
    Engine::new(
        doc.to_string().as_bytes(),
        host,
        Arc::new(op.clone()),
        clock,
    )
    .unwrap();
    let settings = &op.client_settings()[0];
    assert_eq!(
        (settings.connect_timeout_ms, settings.read_timeout_ms),
        (1234, 4321)
    );
    assert_eq!(settings.max_response_bytes, 65536);
    assert_eq!(
        settings.trust_anchors_pem.as_deref(),
        Some("-----BEGIN CERTIFICATE-----host")
    );
    assert_eq!(settings.proxy_url.as_deref(), Some("http://proxy:3128"));
    assert_eq!(settings.no_proxy, ["localhost"]);
}

#[test]
fn info_when_called_then_idps_listed_without_secrets() {
    let h = Harness::new();
    // The JSON the shim reads (docs/architecture.md).
    let info = serde_json::to_value(h.engine.info()).unwrap();
    assert_eq!(info["idps"][0]["id"], "test");
    assert_eq!(info["idps"][0]["displayName"], "Test IdP");
    assert_eq!(info["redirectUri"], REDIRECT_URI);
    assert_eq!(
        info["idps"][0]["tokenEndpointAuthMethod"],
        "client_secret_basic"
    );
    assert_eq!(
        info["idps"][0]["allowedAlgorithms"],
        json!(["RS256", "ES256"])
    );
    assert_eq!(info["idps"][0]["quirks"]["tokenEndpointAsAudience"], false);
    assert!(!info.to_string().contains(CLIENT_SECRET));
}

#[test]
fn begin_when_called_then_authorization_request_is_complete_and_secret_free() {
    let h = Harness::new();
    let begin = h.begin();
    assert!(!begin.authorization_url.contains("s3cret"));
    let params = h.authorize(&begin);
    let request = &h.op.authorization_requests()[0];
    assert_eq!(request["redirect_uri"], REDIRECT_URI);
    assert_eq!(request["scope"], "openid profile email groups");
    assert_eq!(request["code_challenge_method"], "S256");
    assert_eq!(request["state"], begin.state);
    assert_eq!(params["state"], begin.state);
    for random in [&request["state"], &request["nonce"]] {
        assert!(URL_SAFE_NO_PAD.decode(random).unwrap().len() >= 16);
    }
    let verifier = begin.pending["pkceVerifier"].as_str().unwrap();
    assert_eq!(
        request["code_challenge"],
        URL_SAFE_NO_PAD.encode(Sha256::digest(verifier))
    );
    assert_eq!(begin.expires_at, FakeClock::START + 600);
}

#[test]
fn begin_when_called_twice_then_fresh_state_nonce_and_verifier() {
    let h = Harness::new();
    let (a, b) = (h.begin(), h.begin());
    for field in ["state", "nonce", "pkceVerifier"] {
        assert_ne!(a.pending[field], b.pending[field], "{field}");
    }
    assert_eq!(h.op.count(DISCOVERY_PATH), 1, "discovery is cached");
}

#[test]
fn begin_when_return_to_absolute_then_pending_falls_back_to_root() {
    let h = Harness::new();
    for hostile in [
        "https://evil.example/",
        "//evil.example",
        "/\\evil",
        "/%2F%2Fevil",
    ] {
        let begin = h.engine.begin_login(&BeginLoginRequest {
            idp_id: Some("test".into()),
            return_to: Some(hostile.into()),
            browser_binding: BINDING.into(),
            test_login: false,
            reauthenticate: false,
        });
        assert_eq!(begin.unwrap().pending["returnTo"], "/", "{hostile}");
    }
}

#[test]
fn begin_when_unknown_idp_or_empty_binding_then_rejected() {
    let h = Harness::new();
    let unknown = h.engine.begin_login(&BeginLoginRequest {
        idp_id: Some("nope".into()),
        return_to: None,
        browser_binding: BINDING.into(),
        test_login: false,
        reauthenticate: false,
    });
    assert_eq!(verdict(&unknown), "unknown_idp");
    let unbound = h.engine.begin_login(&BeginLoginRequest {
        idp_id: None,
        return_to: None,
        browser_binding: String::new(),
        test_login: false,
        reauthenticate: false,
    });
    assert_eq!(verdict(&unbound), "invalid_request");
}

#[test]
fn login_when_loopback_http_idp_allowed_then_accepted() {
    let clock = Arc::new(FakeClock::default());
    let op = TestOp::new("http://127.0.0.2:9400", clock.clone());
    let doc = config(
        "http://127.0.0.2:9400",
        json!({"insecureAllowHttpLoopback": true}),
    );
    let engine = engine_for(&op, &clock, &doc);
    let h = Harness { op, clock, engine };
    assert_eq!(verdict(&h.login()), "accepted");
}

#[test]
fn begin_when_discovery_offers_only_plain_pkce_then_s256_anyway() {
    for methods in [json!(["plain"]), json!(null), json!(["plain", "S256"])] {
        let h = Harness::new();
        h.op.script(|s| s.discovery["code_challenge_methods_supported"] = methods.clone());
        let begin = h.begin();
        h.authorize(&begin);
        let request = &h.op.authorization_requests()[0];
        assert_eq!(request["code_challenge_method"], "S256", "{methods}");
        let verifier = begin.pending["pkceVerifier"].as_str().unwrap();
        assert_ne!(
            request["code_challenge"], verifier,
            "{methods}: never plain"
        );
    }
}
