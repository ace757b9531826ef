use serde_json::{json, Value};

use super::*;
use crate::types::{SigningAlg, TokenAuthMethod};

fn valid_doc() -> Value {
    json!({
        "schemaVersion": 1,
        "idps": [{
            "id": "dev",
            "displayName": "Dev IdP",
            "issuer": "http://127.0.0.2:9400",
            "clientId": "oidc-sso-dev",
            "clientSecret": "dev-secret-change-me",
            "insecureAllowHttpLoopback": true
        }]
    })
}

fn problems_of(doc: &Value) -> Vec<ConfigProblem> {
    Config::parse(doc.to_string().as_bytes())
        .err()
        .unwrap_or_default()
}

fn pointers_of(doc: &Value) -> Vec<String> {
    problems_of(doc).into_iter().map(|p| p.pointer).collect()
}

fn with_idp(field: &str, value: Value) -> Value {
    let mut doc = valid_doc();
    doc["idps"][0][field] = value;
    doc
}

#[test]
fn parse_when_minimal_document_then_defaults_applied() {
    let config = Config::parse(valid_doc().to_string().as_bytes()).unwrap();
    assert_eq!(config.pending_login_ttl_seconds, 600);
    let idp = &config.idps[0];
    assert_eq!(
        idp.token_endpoint_auth_method,
        TokenAuthMethod::ClientSecretBasic
    );
    assert_eq!(idp.scopes, ["openid", "profile", "email"]);
    assert_eq!(idp.allowed_algorithms, [SigningAlg::Rs256]);
    assert_eq!(idp.clock_skew_seconds, 60);
    assert!(idp.fetch_userinfo && idp.create_users && !idp.link_existing_accounts);
    assert_eq!(idp.claims.username, "preferred_username");
    assert_eq!(idp.http.connect_timeout_ms, 5_000);
    assert_eq!(idp.http.max_response_bytes, 1 << 20);
}

#[test]
fn parse_when_not_json_then_one_problem_at_root() {
    let problems = Config::parse(b"{ not json").unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].pointer, "");
    assert!(problems[0].message.contains("line 1"));
}

#[test]
fn parse_when_several_problems_then_all_reported_at_once() {
    let doc = json!({
        "schemaVersion": 1,
        "pendingLoginTtlSeconds": 5,
        "extra": true,
        "idps": [{
            "id": "Bad Id",
            "issuer": "http://idp.example.com",
            "clientId": "",
            "scopes": ["profile"],
            "allowedAlgorithms": ["none"],
            "clockSkewSeconds": 100000,
            "http": {"connectTimeoutMs": 0, "readTimout": 5, "busyWaitMs": 50}
        }]
    });
    let mut pointers = pointers_of(&doc);
    pointers.sort();
    assert_eq!(
        pointers,
        [
            "/extra",
            "/idps/0/allowedAlgorithms/0",
            "/idps/0/clientId",
            "/idps/0/clientSecret",
            "/idps/0/clockSkewSeconds",
            "/idps/0/http/busyWaitMs",
            "/idps/0/http/connectTimeoutMs",
            "/idps/0/http/readTimout",
            "/idps/0/id",
            "/idps/0/issuer",
            "/idps/0/scopes",
            "/pendingLoginTtlSeconds",
        ]
    );
}

#[test]
fn parse_when_schema_version_missing_or_other_then_problem() {
    let mut doc = valid_doc();
    doc.as_object_mut().unwrap().remove("schemaVersion");
    assert_eq!(pointers_of(&doc), ["/schemaVersion"]);
    doc["schemaVersion"] = json!(2);
    assert_eq!(pointers_of(&doc), ["/schemaVersion"]);
}

#[test]
fn parse_when_idps_empty_or_missing_then_problem() {
    assert_eq!(
        pointers_of(&json!({"schemaVersion": 1, "idps": []})),
        ["/idps"]
    );
    assert_eq!(pointers_of(&json!({"schemaVersion": 1})), ["/idps"]);
}

#[test]
fn parse_when_duplicate_ids_then_second_reported() {
    let mut doc = valid_doc();
    let second = doc["idps"][0].clone();
    doc["idps"].as_array_mut().unwrap().push(second);
    let problems = problems_of(&doc);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].pointer, "/idps/1/id");
    assert!(problems[0].message.contains("/idps/0"));
}

#[test]
fn parse_when_issuer_variants_then_verdicts() {
    let cases = [
        ("https://idp.example.com/realms/main", false, true),
        ("http://127.0.0.2:9400", true, true),
        ("http://127.0.0.2:9400", false, false),
        ("http://idp.example.com", true, false),
        ("https://idp.example.com?x=1", false, false),
        ("not a url", false, false),
    ];
    for (issuer, allow, ok) in cases {
        let mut doc = with_idp("issuer", json!(issuer));
        doc["idps"][0]["insecureAllowHttpLoopback"] = json!(allow);
        assert_eq!(pointers_of(&doc).is_empty(), ok, "{issuer} allow={allow}");
    }
}

#[test]
fn parse_when_client_secret_missing_then_problem_names_the_method() {
    let mut doc = with_idp("tokenEndpointAuthMethod", json!("client_secret_post"));
    doc["idps"][0]
        .as_object_mut()
        .unwrap()
        .remove("clientSecret");
    let problems = problems_of(&doc);
    assert_eq!(problems[0].pointer, "/idps/0/clientSecret");
    assert!(problems[0].message.contains("client_secret_post"));
}

#[test]
fn parse_when_client_secret_invalid_then_message_never_echoes_it() {
    let problems = problems_of(&with_idp("clientSecret", json!("bad\u{7}secret-value")));
    assert_eq!(problems.len(), 1);
    assert!(!problems[0].message.contains("secret-value"));
}

#[test]
fn parse_when_algorithm_none_in_any_spelling_then_rejected() {
    for spelling in ["none", "None", "NONE", "nOnE"] {
        let problems = problems_of(&with_idp("allowedAlgorithms", json!(["RS256", spelling])));
        assert_eq!(problems.len(), 1, "{spelling}");
        assert_eq!(problems[0].pointer, "/idps/0/allowedAlgorithms/1");
        assert!(problems[0].message.contains("never allowed"));
    }
}

#[test]
fn parse_when_algorithm_unknown_or_other_case_then_rejected() {
    for alg in ["rs256", "ES512", "RSA-OAEP", "eddsa", "Ed25519", ""] {
        assert_eq!(
            pointers_of(&with_idp("allowedAlgorithms", json!([alg]))),
            ["/idps/0/allowedAlgorithms/0"],
            "{alg}"
        );
    }
    assert_eq!(
        pointers_of(&with_idp("allowedAlgorithms", json!([]))),
        ["/idps/0/allowedAlgorithms"]
    );
}

#[test]
fn parse_when_asymmetric_algorithms_then_accepted() {
    let all = [
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA",
    ];
    let config = Config::parse(
        with_idp("allowedAlgorithms", json!(all))
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(config.idps[0].allowed_algorithms.len(), all.len());
}

#[test]
fn parse_when_scopes_lack_openid_or_repeat_then_rejected() {
    assert_eq!(
        pointers_of(&with_idp("scopes", json!(["email"]))),
        ["/idps/0/scopes"]
    );
    assert_eq!(
        pointers_of(&with_idp("scopes", json!(["openid", "openid"]))),
        ["/idps/0/scopes/1"]
    );
    assert_eq!(
        pointers_of(&with_idp("scopes", json!(["openid", "a b"]))),
        ["/idps/0/scopes/1"]
    );
    assert_eq!(
        pointers_of(&with_idp("scopes", json!("openid"))),
        ["/idps/0/scopes"]
    );
}

#[test]
fn parse_when_wrong_types_then_type_named() {
    let problems = problems_of(&with_idp("fetchUserinfo", json!("yes")));
    assert_eq!(problems[0].pointer, "/idps/0/fetchUserinfo");
    assert!(problems[0].message.contains("found a string"));
}

#[test]
fn parse_when_claims_unknown_field_then_rejected() {
    let doc = with_idp("claims", json!({"username": "upn", "group": "roles"}));
    assert_eq!(pointers_of(&doc), ["/idps/0/claims/group"]);
}

#[test]
fn parse_when_proxy_url_invalid_then_problem_without_echo() {
    let doc = with_idp("http", json!({"proxyUrl": "socks5://u:hunter2@proxy"}));
    let problems = problems_of(&doc);
    assert_eq!(problems[0].pointer, "/idps/0/http/proxyUrl");
    assert!(!problems[0].message.contains("hunter2"));
}

#[test]
fn parse_when_nulls_for_optional_fields_then_defaults() {
    let doc = with_idp(
        "http",
        json!({"trustAnchorsPem": null, "proxyUrl": null, "maxResponseBytes": 4096}),
    );
    let config = Config::parse(doc.to_string().as_bytes()).unwrap();
    assert_eq!(config.idps[0].http.max_response_bytes, 4096);
    assert_eq!(config.idps[0].http.proxy_url, None);
}

#[test]
fn debug_when_config_printed_then_secret_redacted() {
    let config = Config::parse(valid_doc().to_string().as_bytes()).unwrap();
    let printed = format!("{config:?}");
    assert!(!printed.contains("dev-secret-change-me"));
    assert!(printed.contains("[redacted]"));
}

#[test]
fn parse_when_trust_anchors_base64_but_not_a_certificate_then_refused_as_the_engine_would() {
    // Passed validation before (it has the BEGIN line) and then failed every TLS client
    // with `invalid peer certificate: BadEncoding`.
    let not_a_certificate =
        "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n";
    let problems = problems_of(&with_idp(
        "http",
        json!({"trustAnchorsPem": not_a_certificate}),
    ));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].pointer, "/idps/0/http/trustAnchorsPem");
    assert!(problems[0].message.contains("certificate 1 cannot be used"));
    let ca = include_str!("../../tests/data/test-ca.pem");
    assert!(problems_of(&with_idp("http", json!({"trustAnchorsPem": ca}))).is_empty());
}

#[test]
fn parse_when_issuer_has_credentials_or_control_characters_then_refused_and_never_echoed() {
    let cases = [
        "https://admin:hunter2@idp.example.com",
        "https://idp.example.com\r\n/x",
        "https://idp.example.com/\u{0}",
    ];
    for issuer in cases {
        let problems = problems_of(&with_idp("issuer", json!(issuer)));
        assert_eq!(problems.len(), 1, "{issuer:?}: {problems:?}");
        assert_eq!(problems[0].pointer, "/idps/0/issuer");
        let message = &problems[0].message;
        assert!(!message.contains("hunter2"), "{message}");
        assert!(!message.contains(['\r', '\n', '\0']), "{message}");
    }
}

#[test]
fn parse_when_keys_repeated_then_problem_at_each_pointer() {
    let text = valid_doc()
        .to_string()
        .replacen(
            "\"issuer\":",
            "\"issuer\":\"https://evil.example\",\"issuer\":",
            1,
        )
        .replacen(
            "\"clientSecret\":",
            "\"clientSecret\":\"x\",\"clientSecret\":",
            1,
        );
    let pointers: Vec<_> = Config::parse(text.as_bytes())
        .unwrap_err()
        .into_iter()
        .map(|p| p.pointer)
        .collect();
    assert!(
        pointers.contains(&"/idps/0/issuer".to_string()),
        "{pointers:?}"
    );
    assert!(
        pointers.contains(&"/idps/0/clientSecret".to_string()),
        "{pointers:?}"
    );
}

#[test]
fn parse_when_hundreds_of_thousands_of_problems_then_first_hundred_and_a_count() {
    let mut doc = valid_doc();
    let junk: serde_json::Map<String, Value> =
        (0..500_000).map(|i| (format!("x{i}"), json!(1))).collect();
    doc["idps"][0]["claims"] = Value::Object(junk);
    let problems = problems_of(&doc);
    assert_eq!(problems.len(), MAX_PROBLEMS + 1);
    let last = problems.last().unwrap();
    assert_eq!(last.pointer, "");
    assert!(
        last.message.contains("and 499900 more problems"),
        "{}",
        last.message
    );
}

#[test]
fn bearer_when_valid_then_read_and_absent_means_none() {
    assert_eq!(
        Config::parse(valid_doc().to_string().as_bytes())
            .unwrap()
            .idps[0]
            .bearer,
        None
    );
    let doc = with_idp(
        "bearer",
        json!({"audiences": ["api://jira"], "requiredScopes": ["jira"],
               "requiredClaims": {"tid": "acme"}, "acceptJwtTyp": true}),
    );
    let config = Config::parse(doc.to_string().as_bytes()).unwrap();
    assert_eq!(
        config.idps[0].bearer,
        Some(BearerConfig {
            audiences: vec!["api://jira".into()],
            required_scopes: vec!["jira".into()],
            required_claims: vec![("tid".into(), "acme".into())],
            accept_jwt_typ: true,
            introspection: None,
        })
    );
    let disabled = with_idp("bearer", json!({"enabled": false}));
    let config = Config::parse(disabled.to_string().as_bytes()).unwrap();
    assert_eq!(config.idps[0].bearer, None);
}

#[test]
fn bearer_introspection_when_given_then_read_with_defaults() {
    use super::bearer::IntrospectionConfig;
    let introspection = |value: Value| {
        let doc = with_idp(
            "bearer",
            json!({"audiences": ["api"], "introspection": value}),
        );
        Config::parse(doc.to_string().as_bytes()).unwrap().idps[0]
            .bearer
            .clone()
            .unwrap()
            .introspection
    };
    assert_eq!(
        introspection(json!({})),
        Some(IntrospectionConfig {
            endpoint: None,
            cache_seconds: 60,
            inactive_cache_seconds: 10,
            client_ids: Vec::new(),
            jwts: false,
        })
    );
    assert_eq!(
        introspection(json!({"endpoint": "https://idp.example.com/introspect",
            "cacheSeconds": 300, "inactiveCacheSeconds": 1, "clientIds": ["cli"], "jwts": true})),
        Some(IntrospectionConfig {
            endpoint: Some("https://idp.example.com/introspect".into()),
            cache_seconds: 300,
            inactive_cache_seconds: 1,
            client_ids: vec!["cli".into()],
            jwts: true,
        })
    );
    assert_eq!(introspection(json!({"enabled": false})), None);
}

#[test]
fn bearer_when_wrong_then_each_problem_at_its_pointer() {
    let cases = [
        (json!({}), "/idps/0/bearer/audiences"),
        (json!({"audiences": []}), "/idps/0/bearer/audiences"),
        (json!({"audiences": ["a b"]}), "/idps/0/bearer/audiences/0"),
        (
            json!({"audiences": ["a", "a"]}),
            "/idps/0/bearer/audiences/1",
        ),
        (
            json!({"audiences": ["a"], "requiredScopes": "x"}),
            "/idps/0/bearer/requiredScopes",
        ),
        (
            json!({"audiences": ["a"], "requiredClaims": {"tid": 1}}),
            "/idps/0/bearer/requiredClaims/tid",
        ),
        (
            json!({"audiences": ["a"], "requiredClaims": []}),
            "/idps/0/bearer/requiredClaims",
        ),
        (
            json!({"audiences": ["a"], "audience": "b"}),
            "/idps/0/bearer/audience",
        ),
        (
            json!({"audiences": ["a"], "enabled": "yes"}),
            "/idps/0/bearer/enabled",
        ),
        (json!(true), "/idps/0/bearer"),
        (
            json!({"audiences": ["a"], "introspection": {"cacheSeconds": 301}}),
            "/idps/0/bearer/introspection/cacheSeconds",
        ),
        (
            json!({"audiences": ["a"], "introspection": {"cacheSeconds": 0}}),
            "/idps/0/bearer/introspection/cacheSeconds",
        ),
        (
            json!({"audiences": ["a"], "introspection": {"inactiveCacheSeconds": 61}}),
            "/idps/0/bearer/introspection/inactiveCacheSeconds",
        ),
        (
            json!({"audiences": ["a"], "introspection": {"endpoint": "http://idp.example.com/i"}}),
            "/idps/0/bearer/introspection/endpoint",
        ),
        (
            json!({"audiences": ["a"], "introspection": {"clientIds": ["a b"]}}),
            "/idps/0/bearer/introspection/clientIds/0",
        ),
        (
            json!({"audiences": ["a"], "introspection": {"jwts": "yes"}}),
            "/idps/0/bearer/introspection/jwts",
        ),
        (
            json!({"audiences": ["a"], "introspection": {"cache": 5}}),
            "/idps/0/bearer/introspection/cache",
        ),
        (
            json!({"audiences": ["a"], "introspection": true}),
            "/idps/0/bearer/introspection",
        ),
    ];
    for (bearer, pointer) in cases {
        let pointers = pointers_of(&with_idp("bearer", bearer.clone()));
        assert_eq!(pointers, vec![pointer.to_string()], "{bearer}");
    }
}
