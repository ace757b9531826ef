//! Every rejection tells the admin what to fix: the hint names the setting (or the IdP
//! behaviour) and shows what was expected and what was found.

use oidc_sso_testkit::op::CLIENT_ID;
use oidc_sso_testkit::{FakeClock, TestKey, TokenBuilder};
use serde_json::{json, Value};

use crate::support::*;

type Make = Box<dyn Fn(TokenBuilder) -> String + Send + Sync>;

#[test]
fn login_when_rejected_then_hint_names_setting_expected_and_found() {
    let now = FakeClock::START;
    let ec = TestKey::ec("ec-9");
    let cases: Vec<(&str, Value, Make, &str, Vec<String>)> = vec![
        (
            "algorithm",
            json!({"allowedAlgorithms": ["RS256"]}),
            Box::new(move |b| b.signed_by(&ec).header("alg", json!("ES256")).build()),
            "unsupported_algorithm",
            vec!["allowedAlgorithms".into(), "`ES256`".into(), "RS256".into()],
        ),
        (
            "issuer",
            json!({}),
            Box::new(|b| b.claim("iss", json!(format!("{ISSUER}/"))).build()),
            "invalid_issuer",
            vec![format!("`{ISSUER}/`"), format!("`{ISSUER}`")],
        ),
        (
            "audience",
            json!({}),
            Box::new(|b| b.claim("aud", json!([CLIENT_ID, "api://other"])).build()),
            "invalid_audience",
            vec![
                "trustedAudiences".into(),
                "`api://other`".into(),
                CLIENT_ID.into(),
            ],
        ),
        (
            "expired",
            json!({}),
            Box::new(move |b| b.claim("exp", json!(now - 120)).build()),
            "id_token_expired",
            vec!["clockSkewSeconds".into(), (now - 120).to_string()],
        ),
        (
            "iat too old",
            json!({"maxIdTokenAgeSeconds": 30}),
            Box::new(move |b| b.claim("iat", json!(now - 100)).build()),
            "invalid_issued_at",
            vec!["maxIdTokenAgeSeconds".into(), (now - 100).to_string()],
        ),
        (
            "auth_time",
            json!({"maxAgeSeconds": 60}),
            Box::new(move |b| b.claim("auth_time", json!(now - 1000)).build()),
            "invalid_auth_time",
            vec!["maxAgeSeconds".into(), (now - 1000).to_string()],
        ),
        (
            "azp",
            json!({}),
            Box::new(|b| b.claim("azp", json!("someone")).build()),
            "invalid_azp",
            vec!["`\"someone\"`".into(), CLIENT_ID.into()],
        ),
        (
            "token type",
            json!({}),
            Box::new(|b| b.header("typ", json!("logout+jwt")).build()),
            "unexpected_token_type",
            vec!["logout+jwt".into(), "`JWT`".into()],
        ),
    ];
    for (name, config, make, code, needles) in cases {
        let h = Harness::with_config(config);
        h.op.set_id_token(make);
        let err = h.login().unwrap_err();
        assert_eq!(err.code(), code, "{name}");
        for needle in needles {
            assert!(
                err.hint().contains(&needle),
                "{name}: {needle} in {}",
                err.hint()
            );
        }
        assert!(!err.hint().contains("  "), "{name}: {}", err.hint());
    }
}

#[test]
fn exchange_when_client_rejected_then_hint_names_the_client_settings() {
    let h = Harness::with_config(json!({"clientSecret": "x-not-the-secret"}));
    let hint = h.login().unwrap_err().hint();
    for setting in ["clientSecret", "tokenEndpointAuthMethod", "privateKeyJwt"] {
        assert!(hint.contains(setting), "{setting} in {hint}");
    }
}
