//! Entra ID group overage against the test kit's Graph: the groups come from the
//! configured Graph only (never from a URL in the token), with an app token of the Graph
//! audience, cached; a failed lookup leaves the groups unknown and demotes nobody.

use oidc_sso_core::Code;
use oidc_sso_core::{GroupAction, LoginFacts, PlanOutcome, PlanRequest};
use oidc_sso_core::{HttpErrorKind, LoginDecision};
use oidc_sso_testkit::op::client_auth::{presented, Presented};
use oidc_sso_testkit::op::graph::{GraphGroup, GRAPH_BASE_URL};
use oidc_sso_testkit::op::{Canned, CLIENT_ID, CLIENT_SECRET, TOKEN_PATH};
use serde_json::{json, Value};

use crate::support::*;

const OID: &str = "6f1c2b3a-0d4e-4f5a-9b8c-7d6e5f4a3b2c";
const CLAIM_SOURCE_URL: &str = "https://graph.windows.net/tenant/users/x/getMemberObjects";

fn groups() -> Vec<GraphGroup> {
    vec![
        GraphGroup::new("11111111-1111-1111-1111-111111111111", Some("Sales")),
        GraphGroup::new("22222222-2222-2222-2222-222222222222", None),
        GraphGroup::new("33333333-3333-3333-3333-333333333333", Some("Jira Admins")),
    ]
}

fn ids() -> Vec<String> {
    groups().into_iter().map(|g| g.id).collect()
}

/// An Entra-like IdP whose ID token for the user has the overage markers and no groups.
fn entra(entra: Value) -> Harness {
    entra_with(json!({ "entra": entra }))
}

/// [`entra`] with other IdP settings (`changes` must include `entra`).
fn entra_with(changes: Value) -> Harness {
    let h = Harness::with_config(changes);
    h.op.script(|s| {
        s.id_token_claims = json!({
            "preferred_username": "alice", "oid": OID,
            "_claim_names": {"groups": "src1"},
            "_claim_sources": {"src1": {"endpoint": CLAIM_SOURCE_URL}},
        });
        s.userinfo.as_object_mut().unwrap().remove("groups");
    });
    h.op.graph(|g| g.member_of(OID, &groups()));
    h
}

fn default_entra() -> Harness {
    entra(json!({ "graphBaseUrl": GRAPH_BASE_URL }))
}

fn audit_of<'a>(decision: &'a LoginDecision, event: &str) -> Option<&'a str> {
    decision
        .audit
        .iter()
        .find(|e| e.event == event)
        .map(|e| e.detail.as_str())
}

/// The failed lookup's code, after checking the login went on with the groups unknown.
fn failed_lookup(decision: &LoginDecision) -> String {
    assert!(!decision.groups_claim_present);
    assert!(decision.groups.is_empty());
    let detail = audit_of(decision, "groups.lookup_failed").expect("a lookup_failed event");
    assert!(
        !detail.contains("app-") && !detail.contains(CLIENT_SECRET),
        "{detail}"
    );
    let code = detail
        .strip_prefix("code=")
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    code.to_string()
}

#[test]
fn entra_when_overage_then_one_graph_scoped_token_request_and_one_graph_call_with_ids() {
    let h = default_entra();
    let decision = h.login().unwrap();
    assert!(decision.groups_claim_present);
    assert_eq!(decision.groups, ids());
    let token_requests = h.op.client_credentials_requests();
    assert_eq!(token_requests.len(), 1);
    let form = token_requests[0].form();
    assert_eq!(form["scope"], format!("{GRAPH_BASE_URL}/.default"));
    assert_eq!(
        presented(&token_requests[0]),
        [Presented::Basic(CLIENT_ID.into(), CLIENT_SECRET.into())]
    );
    let graph = h.op.graph_requests();
    assert_eq!(graph.len(), 1);
    assert_eq!(
        graph[0].url,
        format!(
            "{GRAPH_BASE_URL}/v1.0/users/{OID}/transitiveMemberOf/microsoft.graph.group\
             ?$select=id,displayName&$top=999"
        )
    );
    assert!(graph[0]
        .header("authorization")
        .unwrap()
        .starts_with("Bearer app-"));
    let detail = audit_of(&decision, "groups.lookup").unwrap();
    assert!(
        detail.contains("groups=3") && detail.contains("cached=no"),
        "{detail}"
    );
}

#[test]
fn entra_when_resolve_group_names_then_display_names_and_id_without_name() {
    let h = entra(json!({ "graphBaseUrl": GRAPH_BASE_URL, "resolveGroupNames": true }));
    let decision = h.login().unwrap();
    assert_eq!(
        decision.groups,
        [
            "Sales",
            "22222222-2222-2222-2222-222222222222",
            "Jira Admins"
        ]
    );
}

#[test]
fn entra_when_second_login_within_ttl_then_no_new_graph_call() {
    let h = entra(json!({ "graphBaseUrl": GRAPH_BASE_URL, "cacheSeconds": 300 }));
    h.login().unwrap();
    h.clock.advance(299);
    let second = h.login().unwrap();
    assert_eq!(second.groups, ids());
    assert_eq!(h.op.graph_requests().len(), 1);
    assert!(audit_of(&second, "groups.lookup")
        .unwrap()
        .contains("cached=yes"));
    h.clock.advance(1);
    h.login().unwrap();
    assert_eq!(h.op.graph_requests().len(), 2);
    // The app token (expires_in 3600) is still good.
    assert_eq!(h.op.client_credentials_requests().len(), 1);
}

#[test]
fn entra_when_app_token_near_expiry_then_renewed() {
    let h = entra(json!({ "graphBaseUrl": GRAPH_BASE_URL, "cacheSeconds": 0 }));
    h.op.graph(|g| g.app_token_expires_in = 120);
    h.login().unwrap();
    h.clock.advance(59);
    h.login().unwrap();
    assert_eq!(h.op.client_credentials_requests().len(), 1);
    h.clock.advance(1);
    h.login().unwrap();
    assert_eq!(h.op.client_credentials_requests().len(), 2);
    assert_eq!(h.op.graph_requests().len(), 3);
}

#[test]
fn entra_when_graph_fails_then_login_succeeds_with_groups_absent_and_audit_event() {
    let cases = [
        ("500", Canned::json(500, json!({})), Code::GraphUnavailable),
        (
            "timeout",
            Canned::Fail(HttpErrorKind::Timeout),
            Code::GraphUnavailable,
        ),
        (
            "redirect",
            Canned::redirect("https://evil.example/"),
            Code::GraphUnavailable,
        ),
        (
            "403",
            Canned::json(403, json!({"error": {}})),
            Code::GraphError,
        ),
        (
            "html",
            Canned::body(200, "text/html", "<html/>"),
            Code::GraphInvalidResponse,
        ),
        (
            "no value",
            Canned::json(200, json!({"x": 1})),
            Code::GraphInvalidResponse,
        ),
        (
            "bad entry",
            Canned::json(200, json!({"value": [{"id": 5}]})),
            Code::GraphInvalidResponse,
        ),
        (
            "huge",
            Canned::body(200, "application/json", vec![b' '; 2 << 20]),
            Code::GraphUnavailable,
        ),
    ];
    for (name, canned, code) in cases {
        let h = default_entra();
        h.op.graph(|g| g.canned = Some(canned));
        let decision = h.login().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(failed_lookup(&decision), code, "{name}");
    }
}

#[test]
fn entra_when_graph_slow_but_answers_then_groups_found() {
    let h = default_entra();
    h.op.graph(|g| g.delay = Some(std::time::Duration::from_millis(50)));
    assert_eq!(h.login().unwrap().groups, ids());
}

#[test]
fn entra_when_graph_refuses_app_token_then_next_login_gets_a_new_one() {
    let h = entra(json!({ "graphBaseUrl": GRAPH_BASE_URL, "cacheSeconds": 0 }));
    h.op.graph(|g| g.canned = Some(Canned::json(401, json!({"error": {}}))));
    assert_eq!(failed_lookup(&h.login().unwrap()), Code::GraphError);
    h.op.graph(|g| g.canned = None);
    assert_eq!(h.login().unwrap().groups, ids());
    assert_eq!(h.op.client_credentials_requests().len(), 2);
}

#[test]
fn entra_when_client_credentials_refused_then_graph_token_error_and_no_graph_call() {
    let h = default_entra();
    h.op.graph(|g| g.refuse_client_credentials = true);
    let decision = h.login().unwrap();
    assert_eq!(failed_lookup(&decision), Code::GraphTokenError);
    assert!(h.op.graph_requests().is_empty());
}

#[test]
fn entra_when_client_secret_post_then_app_token_request_uses_it_only() {
    let h = entra_with(json!({
        "entra": {"graphBaseUrl": GRAPH_BASE_URL},
        "tokenEndpointAuthMethod": "client_secret_post",
    }));
    assert_eq!(h.login().unwrap().groups, ids());
    let request = &h.op.client_credentials_requests()[0];
    assert_eq!(
        presented(request),
        [Presented::Post(CLIENT_ID.into(), CLIENT_SECRET.into())]
    );
}

#[test]
fn entra_when_claim_sources_url_in_token_then_never_requested() {
    let h = default_entra();
    h.login().unwrap();
    let h2 = default_entra();
    h2.op
        .graph(|g| g.canned = Some(Canned::json(500, json!({}))));
    h2.login().unwrap();
    for op in [&h.op, &h2.op] {
        assert!(op
            .requests()
            .iter()
            .all(|r| !r.url.contains("graph.windows.net")));
    }
}

#[test]
fn entra_when_paged_then_every_page_followed() {
    let h = default_entra();
    let many: Vec<GraphGroup> = (0..5)
        .map(|i| GraphGroup::new(&format!("0000000{i}-0000-0000-0000-000000000000"), None))
        .collect();
    h.op.graph(|g| {
        g.page_size = 2;
        g.member_of(OID, &many);
    });
    let decision = h.login().unwrap();
    assert_eq!(decision.groups.len(), 5);
    assert_eq!(h.op.graph_requests().len(), 3);
}

#[test]
fn entra_when_next_link_to_other_host_then_not_followed_and_groups_absent() {
    let h = default_entra();
    h.op.graph(|g| {
        g.page_size = 2;
        g.next_link_override = Some("https://evil.example/v1.0/next?$skiptoken=2".into());
    });
    let decision = h.login().unwrap();
    assert_eq!(failed_lookup(&decision), Code::GraphNextLinkRefused);
    assert_eq!(h.op.graph_requests().len(), 1);
    assert!(h
        .op
        .requests()
        .iter()
        .all(|r| !r.url.contains("evil.example")));
}

#[test]
fn entra_when_more_groups_than_max_groups_then_lookup_failed() {
    let h = entra(json!({ "graphBaseUrl": GRAPH_BASE_URL, "maxGroups": 2 }));
    assert_eq!(failed_lookup(&h.login().unwrap()), Code::GraphTooManyGroups);
}

#[test]
fn entra_when_oid_missing_then_missing_oid_and_no_graph_call() {
    let h = default_entra();
    h.op.script(|s| {
        s.id_token_claims.as_object_mut().unwrap().remove("oid");
    });
    assert_eq!(failed_lookup(&h.login().unwrap()), Code::MissingOid);
    assert!(h.op.client_credentials_requests().is_empty());
    assert!(h.op.graph_requests().is_empty());
}

#[test]
fn entra_when_hasgroups_true_then_groups_looked_up() {
    let h = default_entra();
    h.op.script(|s| {
        s.id_token_claims = json!({"preferred_username": "alice", "oid": OID, "hasgroups": true})
    });
    assert_eq!(h.login().unwrap().groups, ids());
}

#[test]
fn entra_when_no_overage_marker_then_graph_never_called() {
    let cases = [
        (
            "groups sent",
            json!({"preferred_username": "alice", "oid": OID, "groups": ["g"]}),
            true,
        ),
        (
            "nothing sent",
            json!({"preferred_username": "alice", "oid": OID}),
            false,
        ),
    ];
    for (name, claims, present) in cases {
        let h = default_entra();
        h.op.script(|s| s.id_token_claims = claims.clone());
        let decision = h.login().unwrap();
        assert_eq!(decision.groups_claim_present, present, "{name}");
        assert!(h.op.graph_requests().is_empty(), "{name}");
        assert!(h.op.client_credentials_requests().is_empty(), "{name}");
        assert!(
            audit_of(&decision, "groups.lookup_failed").is_none(),
            "{name}"
        );
    }
}

#[test]
fn entra_when_not_configured_then_overage_markers_ignored() {
    let h = Harness::new();
    h.op.script(|s| {
        s.id_token_claims = json!({"preferred_username": "alice", "oid": OID, "hasgroups": true});
        s.userinfo.as_object_mut().unwrap().remove("groups");
    });
    assert!(!h.login().unwrap().groups_claim_present);
    assert!(h.op.requests_to(TOKEN_PATH).len() == 1);
    assert!(h.op.graph_requests().is_empty());
}

#[test]
fn entra_when_lookup_fails_then_plan_removes_nothing_and_admin_keeps_admin_group() {
    let admin = "33333333-3333-3333-3333-333333333333";
    let h = Harness::with_config(json!({
        "entra": {"graphBaseUrl": GRAPH_BASE_URL},
        "provisioning": {"groups": {
            "rules": [{"match": "exact", "value": admin, "renameTo": "jira-administrators"}],
            "adminGroups": ["jira-administrators"],
        }},
    }));
    h.op.script(|s| {
        s.id_token_claims = json!({"preferred_username": "alice", "oid": OID, "hasgroups": true});
        s.userinfo.as_object_mut().unwrap().remove("groups");
    });
    h.op.graph(|g| g.canned = Some(Canned::Fail(HttpErrorKind::Connect)));
    let decision = h.login().unwrap();
    let request: PlanRequest = serde_json::from_value(json!({
        "login": LoginFacts::from(&decision),
        "account": {
            "linked": {"username": "alice", "active": true, "linkCount": 1},
            "memberOf": {"jira-administrators": true, "Sales": true},
            "managedGroups": ["jira-administrators", "Sales"],
        },
        "directory": {"writable": true, "adminCount": 5},
    }))
    .unwrap();
    let plan = h.engine.plan_provisioning(&request).unwrap();
    assert_eq!(plan.outcome, PlanOutcome::Apply);
    assert!(
        plan.groups.iter().all(|c| c.action != GroupAction::Remove),
        "{plan:?}"
    );
}

#[test]
fn entra_when_lookup_succeeds_then_exact_rule_maps_object_id_to_admin_group() {
    let admin = "33333333-3333-3333-3333-333333333333";
    let h = Harness::with_config(json!({
        "entra": {"graphBaseUrl": GRAPH_BASE_URL},
        "provisioning": {"groups": {
            "mode": "allowlist",
            "rules": [{"match": "exact", "value": admin, "renameTo": "jira-administrators"}],
            "adminGroups": ["jira-administrators"],
        }},
    }));
    h.op.script(|s| {
        s.id_token_claims = json!({"preferred_username": "alice", "oid": OID, "hasgroups": true});
        s.userinfo.as_object_mut().unwrap().remove("groups");
    });
    h.op.graph(|g| g.member_of(OID, &groups()));
    let decision = h.login().unwrap();
    let request: PlanRequest = serde_json::from_value(json!({
        "login": LoginFacts::from(&decision), "account": {}, "directory": {"writable": true},
    }))
    .unwrap();
    let plan = h.engine.plan_provisioning(&request).unwrap();
    let added: Vec<_> = plan
        .groups
        .iter()
        .filter(|c| c.action == GroupAction::Add)
        .map(|c| c.group.as_str())
        .collect();
    assert_eq!(added, ["jira-administrators"]);
}
