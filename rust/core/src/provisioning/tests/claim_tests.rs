use super::*;
use crate::config::limits::{MAX_GROUPS, MAX_GROUP_LEN};
use crate::mapping::Claims;
use serde_json::Map;

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn read(
    groups: Value,
    id_token: Value,
    userinfo: Option<Value>,
) -> Result<(Vec<String>, bool), crate::Error> {
    let cfg = idp(groups).provisioning.groups;
    let id_token = obj(id_token);
    let userinfo = userinfo.map(obj);
    claimed_groups(
        &cfg,
        Claims {
            id_token: &id_token,
            userinfo: userinfo.as_ref(),
        },
    )
}

fn code(result: Result<(Vec<String>, bool), crate::Error>) -> &'static str {
    result.err().map(|e| e.code().as_str()).unwrap_or("ok")
}

#[test]
fn claimed_groups_when_nested_path_then_read() {
    let got = read(
        json!({"claim": "realm_access.roles"}),
        json!({"realm_access": {"roles": ["a", "b"]}}),
        None,
    );
    assert_eq!(got.ok(), Some((vec!["a".into(), "b".into()], true)));
}

#[test]
fn claimed_groups_when_pointer_path_with_dotted_name_then_read() {
    let got = read(
        json!({"claim": "/http:~1~1x.example~1groups"}),
        json!({"http://x.example/groups": ["a"]}),
        None,
    );
    assert_eq!(got.ok(), Some((vec!["a".into()], true)));
}

#[test]
fn claimed_groups_when_absent_then_not_present() {
    assert_eq!(read(json!({}), json!({}), None).ok(), Some((vec![], false)));
}

#[test]
fn claimed_groups_when_delimited_string_and_delimiter_then_split_and_trimmed() {
    let got = read(
        json!({"delimiter": ","}),
        json!({"groups": "a, b,,a"}),
        None,
    );
    assert_eq!(got.ok(), Some((vec!["a".into(), "b".into()], true)));
}

#[test]
fn claimed_groups_when_string_without_delimiter_then_invalid_groups_claim() {
    assert_eq!(
        code(read(json!({}), json!({"groups": "a,b"}), None)),
        "invalid_groups_claim"
    );
}

#[test]
fn claimed_groups_when_number_entry_then_invalid_groups_claim() {
    assert_eq!(
        code(read(json!({}), json!({"groups": ["a", 7]}), None)),
        "invalid_groups_claim"
    );
}

#[test]
fn claimed_groups_when_object_then_invalid_groups_claim() {
    assert_eq!(
        code(read(
            json!({"delimiter": ";"}),
            json!({"groups": {"a": 1}}),
            None
        )),
        "invalid_groups_claim"
    );
}

#[test]
fn claimed_groups_when_too_many_then_invalid_groups_claim() {
    let many: Vec<String> = (0..=MAX_GROUPS).map(|i| format!("g{i}")).collect();
    assert_eq!(
        code(read(json!({}), json!({"groups": many}), None)),
        "invalid_groups_claim"
    );
    let joined = many.join(",");
    assert_eq!(
        code(read(
            json!({"delimiter": ","}),
            json!({"groups": joined}),
            None
        )),
        "invalid_groups_claim"
    );
}

#[test]
fn claimed_groups_when_source_both_then_id_token_wins_and_userinfo_fills() {
    let both = read(
        json!({}),
        json!({"groups": ["from-token"]}),
        Some(json!({"groups": ["from-userinfo"]})),
    );
    assert_eq!(both.ok().map(|g| g.0), Some(vec!["from-token".to_string()]));
    let filled = read(
        json!({}),
        json!({}),
        Some(json!({"groups": ["from-userinfo"]})),
    );
    assert_eq!(
        filled.ok().map(|g| g.0),
        Some(vec!["from-userinfo".to_string()])
    );
}

#[test]
fn claimed_groups_when_source_restricted_then_other_document_ignored() {
    let id_only = read(
        json!({"source": "idToken"}),
        json!({}),
        Some(json!({"groups": ["u"]})),
    );
    assert_eq!(id_only.ok(), Some((vec![], false)));
    let userinfo_only = read(
        json!({"source": "userinfo"}),
        json!({"groups": ["t"]}),
        Some(json!({"groups": ["u"]})),
    );
    assert_eq!(userinfo_only.ok(), Some((vec!["u".to_string()], true)));
}

// The cases below were written for the second implementation of these rules
// (`mapping::map_claims`, deleted): the engine has only ever used `claimed_groups`.

#[test]
fn claimed_groups_when_duplicates_then_kept_once_in_claim_order() {
    let got = read(json!({}), json!({"groups": ["g1", "g2", "g1"]}), None);
    assert_eq!(got.ok(), Some((vec!["g1".into(), "g2".into()], true)));
}

#[test]
fn claimed_groups_when_entries_wrong_then_invalid_groups_claim() {
    let cases = [
        json!([["nested"]]),
        json!([""]),
        json!(["x".repeat(MAX_GROUP_LEN + 1)]),
        json!(["a\nb"]),
    ];
    for groups in cases {
        assert_eq!(
            code(read(json!({}), json!({"groups": groups.clone()}), None)),
            "invalid_groups_claim",
            "{groups}"
        );
    }
}

#[test]
fn claimed_groups_when_presence_varies_then_flag_follows_the_claim() {
    let cases = [
        ("empty array in id token", json!({"groups": []}), None, true),
        ("null in id token", json!({"groups": null}), None, false),
        (
            "only in userinfo",
            json!({}),
            Some(json!({"groups": ["u"]})),
            true,
        ),
        (
            "empty in userinfo",
            json!({}),
            Some(json!({"groups": []})),
            true,
        ),
        (
            "in neither",
            json!({}),
            Some(json!({"roles": ["r"]})),
            false,
        ),
    ];
    for (name, id_token, userinfo, present) in cases {
        let got = read(json!({}), id_token, userinfo).map(|(_, present)| present);
        assert_eq!(got.ok(), Some(present), "{name}");
    }
}

#[test]
fn config_when_rules_invalid_then_every_problem_reported() {
    let doc = json!({"schemaVersion": 1, "idps": [{
        "id": "corp", "issuer": "https://idp.example.com", "clientId": "rp", "clientSecret": "x",
        "claims": {"groups": "groups"},
        "createUsers": true,
        "provisioning": {"createUsers": true, "groups": {
            "claim": "a..b", "mode": "some", "source": "accessToken",
            "rules": [{"match": "regex", "value": "("}, {"match": "glob", "value": "x"}],
            "adminGroups": ["admins"], "defaultGroups": {"everyLogin": ["admins"]}
        }}
    }]});
    let problems = Config::parse(doc.to_string().as_bytes())
        .err()
        .unwrap_or_default();
    let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    for expected in [
        "/idps/0/provisioning/createUsers",
        "/idps/0/provisioning/groups/claim",
        "/idps/0/provisioning/groups/mode",
        "/idps/0/provisioning/groups/source",
        "/idps/0/provisioning/groups/rules/0/value",
        "/idps/0/provisioning/groups/rules/1/match",
        "/idps/0/provisioning/groups/defaultGroups/everyLogin/0",
    ] {
        assert!(
            pointers.contains(&expected),
            "{expected} missing in {pointers:?}"
        );
    }
}
