use crate::Code;
use serde_json::json;

use super::*;

fn doc(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

#[test]
fn has_overage_when_markers_then_by_source() {
    let distributed = doc(json!({
        "_claim_names": {"groups": "src1"},
        "_claim_sources": {"src1": {"endpoint": "https://graph.windows.net/x"}},
    }));
    let hasgroups = doc(json!({"hasgroups": true}));
    let none = doc(json!({"hasgroups": "true", "_claim_names": {"roles": "src1"}}));
    let cases = [
        (GroupSource::Both, &distributed, None, true),
        (GroupSource::Both, &hasgroups, None, true),
        (GroupSource::Both, &none, None, false),
        (GroupSource::Both, &none, Some(&hasgroups), true),
        (GroupSource::IdToken, &none, Some(&hasgroups), false),
        (GroupSource::Userinfo, &distributed, None, false),
        (GroupSource::Userinfo, &none, Some(&distributed), true),
    ];
    for (i, (source, id_token, userinfo, expected)) in cases.into_iter().enumerate() {
        let claims = Claims { id_token, userinfo };
        assert_eq!(has_overage(source, claims), expected, "case {i}");
    }
}

#[test]
fn object_id_when_not_a_guid_then_missing_oid() {
    let cases = [
        json!({}),
        json!({"oid": 5}),
        json!({"oid": "../../groups"}),
        json!({"oid": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/x"}),
        json!({"oid": "0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0"}),
    ];
    for claims in cases {
        let err = object_id(&doc(claims.clone())).unwrap_err();
        assert_eq!(err.code, Code::MissingOid, "{claims}");
    }
    let ok = doc(json!({"oid": "0F1E2D3C-4b5a-6978-8796-a5b4c3d2e1f0"}));
    assert_eq!(
        object_id(&ok).unwrap(),
        "0F1E2D3C-4b5a-6978-8796-a5b4c3d2e1f0"
    );
}

#[test]
fn local_names_when_resolving_then_names_with_id_fallback_and_no_duplicates() {
    let found = vec![
        GraphGroup {
            id: "g1".into(),
            display_name: Some("Sales".into()),
        },
        GraphGroup {
            id: "g2".into(),
            display_name: None,
        },
        GraphGroup {
            id: "g3".into(),
            display_name: Some("Sales".into()),
        },
    ];
    assert_eq!(local_names(found.clone(), true), ["Sales", "g2"]);
    assert_eq!(local_names(found, false), ["g1", "g2", "g3"]);
}
