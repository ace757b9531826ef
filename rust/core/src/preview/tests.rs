use serde_json::{json, Map, Value};

use super::*;
use crate::api::{GroupAction, PageKind, RenderRequest, UserAction};

fn doc() -> Value {
    json!({
        "schemaVersion": 1,
        "idps": [{
            "id": "dev",
            "displayName": "Dev IdP",
            "issuer": "http://127.0.0.2:9400",
            "clientId": "oidc-sso-dev",
            "clientSecret": "dev-secret-change-me",
            "insecureAllowHttpLoopback": true,
            "provisioning": {"groups": {
                "mode": "allowlist",
                "rules": [
                    {"match": "exact", "value": "eng", "renameTo": "jira-developers"},
                    {"match": "prefix", "value": "team-"}
                ]
            }}
        }]
    })
}

fn claims(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

fn dry_run(existing: Option<Vec<&str>>, managed: Vec<&str>) -> GroupsDryRunResult {
    groups_dry_run(&GroupsDryRunRequest {
        config: doc(),
        idp: "dev".into(),
        claims: claims(
            json!({"sub": "s-1", "preferred_username": "bob", "email": "bob@example.com",
                              "email_verified": true, "groups": ["eng", "team-a", "other"]}),
        ),
        userinfo: None,
        existing_groups: existing.map(|g| g.into_iter().map(String::from).collect()),
        managed_groups: managed.into_iter().map(String::from).collect(),
    })
}

fn changes(result: &GroupsDryRunResult) -> Vec<(GroupAction, String)> {
    let plan = result.plan.as_ref().expect("a plan");
    plan.groups
        .iter()
        .map(|c| (c.action, c.group.clone()))
        .collect()
}

#[test]
fn dry_run_when_new_user_then_identity_and_rule_mapped_groups_added() {
    let result = dry_run(None, vec![]);
    assert_eq!(result.problems, vec![]);
    assert_eq!(result.failure, None);
    let identity = result.identity.as_ref().unwrap();
    assert_eq!(identity.username, "bob");
    assert_eq!(identity.email.as_deref(), Some("bob@example.com"));
    assert!(identity.groups_claim_present);
    assert_eq!(
        result.plan.as_ref().unwrap().user.as_ref().unwrap().action,
        UserAction::Create
    );
    let changes = changes(&result);
    assert!(
        changes.contains(&(GroupAction::Add, "jira-developers".into())),
        "{changes:?}"
    );
    assert!(
        changes.contains(&(GroupAction::Add, "team-a".into())),
        "{changes:?}"
    );
    // The allowlist drops what no rule matches.
    assert!(
        changes.contains(&(GroupAction::Ignored, "other".into())),
        "{changes:?}"
    );
}

#[test]
fn dry_run_when_existing_groups_then_held_groups_not_added_and_unclaimed_managed_removed() {
    let result = dry_run(
        Some(vec!["team-a", "team-old", "local"]),
        vec!["team-a", "team-old"],
    );
    assert_eq!(result.failure, None);
    let changes = changes(&result);
    assert!(
        changes.contains(&(GroupAction::Add, "jira-developers".into())),
        "{changes:?}"
    );
    assert!(
        !changes.contains(&(GroupAction::Add, "team-a".into())),
        "{changes:?}"
    );
    assert!(
        changes.contains(&(GroupAction::Remove, "team-old".into())),
        "{changes:?}"
    );
    // Not granted by this IdP: never removed.
    assert!(!changes.iter().any(|(_, g)| g == "local"), "{changes:?}");
}

#[test]
fn dry_run_when_username_claim_missing_then_failure_with_code() {
    let result = groups_dry_run(&GroupsDryRunRequest {
        config: doc(),
        idp: "dev".into(),
        claims: claims(json!({"sub": "s-1"})),
        userinfo: None,
        existing_groups: None,
        managed_groups: vec![],
    });
    let failure = result.failure.unwrap();
    assert_eq!(failure.code, Code::MissingUsernameClaim);
    assert!(
        failure.message.contains("preferred_username"),
        "{}",
        failure.message
    );
    assert_eq!(result.plan, None);
}

#[test]
fn dry_run_when_draft_invalid_then_pointer_problems_and_no_plan() {
    let mut bad = doc();
    bad["idps"][0]["provisioning"]["groups"]["mode"] = json!("everything");
    let result = groups_dry_run(&GroupsDryRunRequest {
        config: bad,
        idp: "dev".into(),
        claims: Map::new(),
        userinfo: None,
        existing_groups: None,
        managed_groups: vec![],
    });
    assert!(
        result
            .problems
            .iter()
            .any(|p| p.pointer == "/idps/0/provisioning/groups/mode"),
        "{:?}",
        result.problems
    );
    assert_eq!((result.identity, result.plan), (None, None));
}

#[test]
fn dry_run_when_unknown_idp_then_unknown_idp_failure() {
    let result = groups_dry_run(&GroupsDryRunRequest {
        config: doc(),
        idp: "nope".into(),
        claims: Map::new(),
        userinfo: None,
        existing_groups: None,
        managed_groups: vec![],
    });
    assert_eq!(result.failure.unwrap().code, Code::UnknownIdp);
}

fn render(page: PageKind) -> RenderRequest {
    RenderRequest {
        page,
        context_path: "/jira".into(),
        login_path: "/login.jsp".into(),
        return_to: None,
        decision: None,
        code: Some("login_expired".into()),
        reference: Some("ref-1".into()),
        login_hint: None,
        site_name: Some("<Acme>".into()),
    }
}

#[test]
fn preview_when_custom_template_then_rendered_escaped_with_samples() {
    let mut config = doc();
    config["templates"] = json!({"error": "<p>{{ site_name }}: {{ code }}</p>"});
    let preview = template_preview(&TemplatePreviewRequest {
        config,
        render: render(PageKind::Error),
    });
    assert_eq!(preview.problems, vec![]);
    assert!(preview.custom);
    assert_eq!(preview.template_problem, None);
    assert_eq!(
        preview.html.as_deref(),
        Some("<p>&lt;Acme&gt;: login_expired</p>")
    );
}

#[test]
fn preview_when_no_custom_template_then_built_in_page() {
    let preview = template_preview(&TemplatePreviewRequest {
        config: doc(),
        render: render(PageKind::Chooser),
    });
    assert!(!preview.custom);
    assert!(preview.html.unwrap().contains("Dev IdP"));
}

#[test]
fn preview_when_template_does_not_compile_then_pointer_problem() {
    let mut config = doc();
    config["templates"] = json!({"logout": "{% if %}"});
    let preview = template_preview(&TemplatePreviewRequest {
        config,
        render: render(PageKind::Logout),
    });
    assert_eq!(preview.html, None);
    assert!(
        preview
            .problems
            .iter()
            .any(|p| p.pointer == "/templates/logout"),
        "{:?}",
        preview.problems
    );
}

#[test]
fn preview_when_template_runs_away_then_its_bound_is_the_problem() {
    let mut config = doc();
    config["templates"] = json!({"error": "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}x{% endfor %}{% endfor %}{% endfor %}"});
    let preview = template_preview(&TemplatePreviewRequest {
        config,
        render: render(PageKind::Error),
    });
    // The core bounds a template's work when the document is read: a runaway one never
    // renders, its problem names the template and the bound.
    assert_eq!(preview.html, None);
    assert!(
        preview
            .problems
            .iter()
            .any(|p| p.pointer == "/templates/error" && p.message.contains("units of work")),
        "{:?}",
        preview.problems
    );
}
