use serde_json::{json, Value};

use super::*;
use crate::config::{Config, ConfigProblem, GroupSource, IdpConfig};
use crate::types::TokenAuthMethod;

const TENANT: &str = "8eaef023-2b34-4da1-9baa-8bc8c9d6a490";

fn doc(idp: Value) -> Value {
    let mut idp = idp;
    idp["id"] = json!("sso");
    idp["clientId"] = json!("client-1");
    if idp.get("clientSecret").is_none() {
        idp["clientSecret"] = json!("secret-1");
    }
    json!({"schemaVersion": 1, "idps": [idp]})
}

fn parse(idp: Value) -> Result<IdpConfig, Vec<ConfigProblem>> {
    Config::parse(doc(idp).to_string().as_bytes()).map(|c| c.idps[0].clone())
}

fn problems(idp: Value) -> Vec<ConfigProblem> {
    parse(idp).expect_err("problems expected")
}

fn pointers(idp: Value) -> Vec<String> {
    problems(idp).into_iter().map(|p| p.pointer).collect()
}

fn entra(extra: Value) -> Value {
    let mut idp = json!({"preset": "entra", "presetParameters": {"tenantId": TENANT}});
    for (k, v) in extra.as_object().unwrap() {
        idp[k] = v.clone();
    }
    idp
}

#[test]
fn expand_when_entra_preset_then_tenant_issuer_and_provider_defaults() {
    let idp = parse(entra(json!({}))).unwrap();
    assert_eq!(
        idp.issuer,
        format!("https://login.microsoftonline.com/{TENANT}/v2.0")
    );
    assert_eq!(
        idp.token_endpoint_auth_method,
        TokenAuthMethod::ClientSecretPost
    );
    assert!(!idp.fetch_userinfo);
    assert_eq!(idp.display_name, "Microsoft Entra ID");
    assert_eq!(idp.claims.username, "preferred_username");
    assert_eq!(idp.preset, Some("entra"));
}

#[test]
fn expand_when_no_preset_then_nothing_filled() {
    let idp = parse(json!({"issuer": "https://idp.example.com"})).unwrap();
    assert_eq!(idp.preset, None);
    assert!(idp.fetch_userinfo);
    assert_eq!(idp.display_name, "sso");
}

#[test]
fn expand_when_document_sets_field_then_document_wins() {
    let idp = parse(entra(json!({
        "issuer": "https://login.microsoftonline.us/t/v2.0",
        "fetchUserinfo": true,
        "scopes": ["openid"],
        "tokenEndpointAuthMethod": "client_secret_basic",
    })))
    .unwrap();
    assert_eq!(idp.issuer, "https://login.microsoftonline.us/t/v2.0");
    assert!(idp.fetch_userinfo);
    assert_eq!(idp.scopes, ["openid"], "arrays are replaced whole");
    assert_eq!(
        idp.token_endpoint_auth_method,
        TokenAuthMethod::ClientSecretBasic
    );
}

#[test]
fn expand_when_object_partly_set_then_merged_field_by_field() {
    let idp = parse(entra(json!({"claims": {"username": "upn"}}))).unwrap();
    assert_eq!(idp.claims.username, "upn");
    assert_eq!(idp.claims.display_name, "name", "from the preset");
}

#[test]
fn expand_when_field_null_then_preset_value() {
    let idp = parse(entra(json!({"fetchUserinfo": null, "issuer": null}))).unwrap();
    assert!(!idp.fetch_userinfo);
    assert!(idp.issuer.contains(TENANT));
}

#[test]
fn expand_when_preset_misspelt_then_problem_with_suggestion() {
    let found = problems(json!({"preset": "entar", "issuer": "https://idp.example.com"}));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].pointer, "/idps/0/preset");
    assert!(
        found[0].message.contains("did you mean `entra`"),
        "{}",
        found[0].message
    );
    assert!(
        found[0].message.contains("keycloak, entra, okta"),
        "{}",
        found[0].message
    );
}

#[test]
fn expand_when_preset_not_a_string_then_problem() {
    let found = problems(json!({"preset": 3, "issuer": "https://idp.example.com"}));
    assert_eq!(found[0].pointer, "/idps/0/preset");
    assert!(found[0].message.contains("must be a string"));
}

#[test]
fn expand_when_parameter_missing_then_one_problem_at_the_parameter() {
    let found = problems(json!({"preset": "entra"}));
    assert_eq!(found.len(), 1, "no extra `issuer is required`: {found:?}");
    assert_eq!(found[0].pointer, "/idps/0/presetParameters/tenantId");
    assert!(
        found[0].message.contains("preset `entra` to fill `issuer`")
            && found[0].message.contains("or set `issuer` yourself"),
        "{}",
        found[0].message
    );
}

#[test]
fn expand_when_parameter_missing_but_its_field_set_then_accepted() {
    let idp =
        parse(json!({"preset": "entra", "issuer": "https://login.microsoftonline.com/x/v2.0"}))
            .unwrap();
    assert_eq!(idp.issuer, "https://login.microsoftonline.com/x/v2.0");
}

#[test]
fn expand_when_parameter_misspelt_then_unknown_with_suggestion_and_missing() {
    let found = problems(json!({"preset": "entra", "presetParameters": {"tenantID": TENANT}}));
    let pointers: Vec<_> = found.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/idps/0/presetParameters/tenantID",
            "/idps/0/presetParameters/tenantId"
        ]
    );
    assert!(found[0].message.contains("did you mean `tenantId`"));
}

#[test]
fn expand_when_parameter_value_wrong_then_problem_at_parameter_only() {
    let cases = [
        ("common", "multi-tenant"),
        ("contoso.onmicrosoft.com", "not a domain name"),
        ("8EAEF023-2B34-4DA1-9BAA-8BC8C9D6A490", "lower-case"),
        ("x", "of the form"),
    ];
    for (tenant, why) in cases {
        let found = problems(json!({"preset": "entra", "presetParameters": {"tenantId": tenant}}));
        assert_eq!(found.len(), 1, "{tenant}: {found:?}");
        assert_eq!(found[0].pointer, "/idps/0/presetParameters/tenantId");
        assert!(
            found[0].message.contains(why),
            "{tenant}: {}",
            found[0].message
        );
    }
}

#[test]
fn expand_when_parameter_not_a_string_or_too_long_then_problem() {
    let long = "a".repeat(300);
    for value in [json!(42), json!(long), json!("")] {
        let found = pointers(json!({"preset": "okta", "presetParameters": {"oktaDomain": value}}));
        assert_eq!(found, ["/idps/0/presetParameters/oktaDomain"], "{value}");
    }
    let found = pointers(json!({"preset": "okta", "presetParameters": "acme.okta.com"}));
    assert_eq!(found, ["/idps/0/presetParameters"]);
}

#[test]
fn expand_when_parameters_without_preset_then_problem() {
    let found = pointers(json!({
        "issuer": "https://idp.example.com", "presetParameters": {"tenantId": TENANT}
    }));
    assert_eq!(found, ["/idps/0/presetParameters"]);
}

#[test]
fn expand_when_field_next_to_preset_misspelt_then_suggestion_names_preset_fields() {
    let found = problems(entra(json!({"presetParameter": {}})));
    assert_eq!(found[0].pointer, "/idps/0/presetParameter");
    assert!(found[0].message.contains("did you mean `presetParameters`"));
}

#[test]
fn expand_when_filled_value_fails_validation_then_problem_names_the_preset() {
    // A loopback GitLab is a valid parameter, but http needs insecureAllowHttpLoopback.
    let found = problems(json!({
        "preset": "gitlab", "presetParameters": {"baseUrl": "http://127.0.0.1:8929"}
    }));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].pointer, "/idps/0/issuer");
    assert!(
        found[0].message.contains("comes from preset `gitlab`"),
        "{}",
        found[0].message
    );
    let idp = parse(json!({
        "preset": "gitlab", "presetParameters": {"baseUrl": "http://127.0.0.1:8929"},
        "insecureAllowHttpLoopback": true
    }))
    .unwrap();
    assert_eq!(idp.issuer, "http://127.0.0.1:8929");
}

#[test]
fn expand_when_own_value_fails_validation_then_no_preset_note() {
    let found = problems(entra(json!({"issuer": "http://login.example.com"})));
    assert_eq!(found[0].pointer, "/idps/0/issuer");
    assert!(!found[0].message.contains("preset"), "{}", found[0].message);
}

#[test]
fn expand_when_parameter_has_default_then_used() {
    let idp = parse(json!({"preset": "gitlab"})).unwrap();
    assert_eq!(idp.issuer, "https://gitlab.com");
    let idp = parse(json!({
        "preset": "pingone",
        "presetParameters": {"environmentId": TENANT, "authHost": "auth.pingone.eu"}
    }))
    .unwrap();
    assert_eq!(idp.issuer, format!("https://auth.pingone.eu/{TENANT}/as"));
}

#[test]
fn expand_when_cognito_then_groups_claim_username_and_logout_quirk() {
    let idp = parse(json!({
        "preset": "cognito",
        "presetParameters": {
            "region": "eu-west-1", "userPoolId": "eu-west-1_AbC123",
            "domain": "acme.auth.eu-west-1.amazoncognito.com"
        }
    }))
    .unwrap();
    assert_eq!(
        idp.issuer,
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"
    );
    assert_eq!(idp.claims.username, "cognito:username");
    assert_eq!(idp.provisioning.groups.claim_pointer, "/cognito:groups");
    assert_eq!(idp.provisioning.groups.source, GroupSource::IdToken);
    assert_eq!(
        idp.quirks.cognito_logout_url.as_deref(),
        Some("https://acme.auth.eu-west-1.amazoncognito.com/logout")
    );
}

#[test]
fn expand_when_cognito_pool_of_other_region_then_problem_at_pool_id() {
    let found = pointers(json!({
        "preset": "cognito",
        "presetParameters": {
            "region": "eu-west-1", "userPoolId": "us-east-1_AbC123",
            "domain": "acme.auth.eu-west-1.amazoncognito.com"
        }
    }));
    assert_eq!(found, ["/idps/0/presetParameters/userPoolId"]);
}

#[test]
fn expand_when_document_sets_claims_groups_then_preset_groups_claim_dropped() {
    let idp = parse(json!({
        "preset": "cognito",
        "issuer": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
        "presetParameters": {"domain": "auth.example.com"},
        "claims": {"groups": "custom:teams"}
    }))
    .unwrap();
    assert_eq!(idp.provisioning.groups.claim_pointer, "/custom:teams");
    assert_eq!(idp.provisioning.groups.source, GroupSource::IdToken);
}

#[test]
fn read_groups_when_claims_without_groups_and_claim_path_then_accepted() {
    // Before the fix any `claims` object counted as setting claims.groups.
    let idp = parse(json!({
        "issuer": "https://idp.example.com",
        "claims": {"username": "email"},
        "provisioning": {"groups": {"claim": "realm_access.roles"}}
    }))
    .unwrap();
    assert_eq!(idp.provisioning.groups.claim_pointer, "/realm_access/roles");
    let found = pointers(json!({
        "issuer": "https://idp.example.com",
        "claims": {"groups": "roles"},
        "provisioning": {"groups": {"claim": "realm_access.roles"}}
    }));
    assert_eq!(found, ["/idps/0/provisioning/groups/claim"]);
}

#[test]
fn read_idp_when_entra_and_cognito_logout_then_problem() {
    let found = pointers(entra(json!({
        "entra": {}, "quirks": {"cognitoLogoutUrl": "https://auth.example.com/logout"}
    })));
    assert_eq!(found, ["/idps/0/quirks/cognitoLogoutUrl"]);
}

#[test]
fn read_quirks_when_cognito_logout_url_wrong_then_problem_at_field() {
    for url in [
        "http://auth.example.com/logout",
        "https://auth.example.com/",
        "https://auth.example.com/logout?x=1",
        "https://user:pw@auth.example.com/logout",
        "auth.example.com/logout",
    ] {
        let found = pointers(json!({
            "issuer": "https://idp.example.com", "quirks": {"cognitoLogoutUrl": url}
        }));
        assert_eq!(found, ["/idps/0/quirks/cognitoLogoutUrl"], "{url}");
    }
}

#[test]
fn catalog_when_listed_then_every_preset_once_in_names_order() {
    let catalog = preset_catalog();
    let names: Vec<_> = catalog.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, NAMES);
    for info in &catalog {
        assert_eq!(info.guide, format!("docs/idp/{}.md", info.name));
        assert!(!info.notes.is_empty(), "{}", info.name);
        assert!(info.defaults.get("issuer").is_some(), "{}", info.name);
    }
    let entra = &catalog[1];
    assert_eq!(entra.parameters[0].name, "tenantId");
    assert!(entra.parameters[0].required);
    let json = serde_json::to_value(entra).unwrap();
    assert_eq!(json["displayName"], "Microsoft Entra ID");
    assert_eq!(
        json["defaults"]["issuer"],
        "https://login.microsoftonline.com/{tenantId}/v2.0"
    );
}

#[test]
fn catalog_when_each_preset_gets_its_example_parameters_then_document_valid() {
    for info in preset_catalog() {
        let parameters: serde_json::Map<String, Value> = info
            .parameters
            .iter()
            .map(|p| (p.name.to_string(), json!(p.example)))
            .collect();
        let idp = parse(json!({"preset": info.name, "presetParameters": parameters}))
            .unwrap_or_else(|found| panic!("{}: {found:?}", info.name));
        assert_eq!(idp.preset, Some(info.name.as_str()));
        assert!(!idp.issuer.contains('{'), "{}: {}", info.name, idp.issuer);
    }
}

#[test]
fn catalog_when_placeholders_used_then_each_names_a_parameter() {
    for info in preset_catalog() {
        let text = info.defaults.to_string();
        let mut rest = text.as_str();
        while let Some((_, name, after)) = next_placeholder(rest) {
            assert!(
                info.parameters.iter().any(|p| p.name == name),
                "{}: placeholder `{name}` is no parameter",
                info.name
            );
            rest = after;
        }
    }
}

#[test]
fn next_placeholder_when_braces_not_a_name_then_skipped() {
    assert_eq!(
        next_placeholder("a{b c}{x}{y}"),
        Some(("a{b c}", "x", "{y}"))
    );
    assert_eq!(next_placeholder("{}{"), None);
    assert_eq!(
        next_placeholder("https://h/{realm}"),
        Some(("https://h/", "realm", ""))
    );
}

#[test]
fn expand_when_value_contains_another_placeholder_then_not_substituted_again() {
    // The checks refuse `{` in parameters; the one-pass substitution would hold even if not.
    let preset = preset("keycloak").unwrap();
    let mut fill = Fill {
        preset,
        values: Values {
            given: [
                ("baseUrl", "https://h/{realm}".to_string()),
                ("realm", "r".to_string()),
            ]
            .into(),
            bad: BTreeSet::new(),
        },
        at: "/idps/0",
        filled: Vec::new(),
        left_out: Vec::new(),
        missing: BTreeMap::new(),
    };
    let out = fill.substitute("{baseUrl}/realms/{realm}".into(), "/idps/0/issuer");
    assert_eq!(out.as_deref(), Some("https://h/{realm}/realms/r"));
}
