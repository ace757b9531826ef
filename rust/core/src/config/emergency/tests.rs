use serde_json::{json, Value};

use super::*;
use crate::config::{Config, ConfigProblem};

/// The cases the plugin's own reader of this section must agree with (EmergencySettingsTest).
const SHARED_CASES: &str = include_str!("../../../tests/data/emergency-settings.json");

fn document(routing: Option<&Value>, emergency: Option<&Value>) -> Value {
    let mut doc = json!({
        "schemaVersion": 1,
        "idps": [{
            "id": "dev",
            "issuer": "http://127.0.0.2:9400",
            "clientId": "oidc-sso-dev",
            "clientSecret": "dev-secret-change-me",
            "insecureAllowHttpLoopback": true
        }]
    });
    if let Some(routing) = routing {
        doc["routing"] = routing.clone();
    }
    if let Some(emergency) = emergency {
        doc["emergency"] = emergency.clone();
    }
    doc
}

fn parse(routing: Option<&Value>, emergency: Option<&Value>) -> Result<Config, Vec<ConfigProblem>> {
    Config::parse(document(routing, emergency).to_string().as_bytes())
}

/// The settings as the shared cases write them.
fn effective(config: &Config) -> Value {
    let e = &config.emergency;
    json!({
        "ssoEnforced": config.routing.enforce_sso,
        "enabled": e.enabled,
        "parameter": e.parameter,
        "allowedGroups": e.allowed_groups,
        "allowedNetworks": e.allowed_networks.as_ref().map(|list| list
            .iter()
            .map(|n| format!("{}/{}", n.address, n.prefix))
            .collect::<Vec<_>>()),
        "rateLimit": {
            "perClient": e.rate_limit.per_client,
            "perClientAndUser": e.rate_limit.per_client_and_user,
            "windowSeconds": e.rate_limit.window_seconds,
        },
        "localLoginWhenIdpDown": e.local_login_when_idp_down,
    })
}

#[test]
fn parse_when_shared_cases_then_problems_and_effective_settings_as_listed() {
    let cases: Value = serde_json::from_str(SHARED_CASES).unwrap();
    let cases = cases["cases"].as_array().unwrap();
    assert!(cases.len() >= 10, "{} cases", cases.len());
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let result = parse(case.get("routing"), case.get("emergency"));
        match case.get("problems") {
            Some(expected) => {
                let mut expected: Vec<&str> = expected
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap())
                    .collect();
                expected.sort_unstable();
                let problems = result.expect_err(name);
                let mut found: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
                found.sort_unstable();
                assert_eq!(found, expected, "{name}: {problems:?}");
            }
            None => {
                let config = result.unwrap_or_else(|p| panic!("{name}: {p:?}"));
                assert_eq!(effective(&config), case["effective"], "{name}");
            }
        }
    }
}

#[test]
fn parse_when_parameter_reserved_then_message_names_the_default() {
    let problems = parse(None, Some(&json!({"parameter": "idp"}))).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].message.contains("`oidcsso_local`"),
        "{problems:?}"
    );
}

#[test]
fn parse_when_network_has_host_bits_then_suggests_the_network() {
    let problems = parse(None, Some(&json!({"allowedNetworks": ["10.1.2.3/8"]}))).unwrap_err();
    assert!(
        problems[0].message.contains("did you mean `10.0.0.0/8`?"),
        "{problems:?}"
    );
}

#[test]
fn parse_network_when_edges_then_accepted_or_refused() {
    let accepted = [
        ("0.0.0.0/0", 0),
        ("255.255.255.255", 32),
        ("::/0", 0),
        ("fe80::/10", 10),
        ("::ffff:10.0.0.0/104", 104),
    ];
    for (text, prefix) in accepted {
        assert_eq!(parse_network(text).map(|n| n.prefix), Ok(prefix), "{text}");
    }
    for text in [
        "",
        "/8",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "10.0.0.0/0008",
        "10.0.0/8",
        "[::1]",
        "10.0.0.0/8/8",
    ] {
        assert!(parse_network(text).is_err(), "{text}");
    }
}

#[test]
fn parse_when_group_name_of_256_characters_then_accepted_and_257_refused() {
    let long = "g".repeat(256);
    assert!(parse(None, Some(&json!({"allowedGroups": [long]}))).is_ok());
    let longer = "g".repeat(257);
    let problems = parse(None, Some(&json!({"allowedGroups": [longer]}))).unwrap_err();
    assert!(
        problems[0].message.contains("1 to 256 characters"),
        "{problems:?}"
    );
}

#[test]
fn parse_when_lists_over_the_limit_then_refused_naming_the_limit() {
    let groups: Vec<String> = (0..=MAX_LIST).map(|i| format!("g{i}")).collect();
    let networks: Vec<String> = (0..=MAX_LIST).map(|i| format!("10.0.{i}.0/24")).collect();
    let problems = parse(
        None,
        Some(&json!({"allowedGroups": groups, "allowedNetworks": networks})),
    )
    .unwrap_err();
    let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["/emergency/allowedGroups", "/emergency/allowedNetworks"]
    );
    assert!(
        problems.iter().all(|p| p.message.contains("at most 100")),
        "{problems:?}"
    );
}
