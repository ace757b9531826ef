//! One test per rule type and per policy; shared builders keep the cases short.

use serde_json::{json, Value};

use super::*;
use crate::api::*;
use crate::config::Config;

fn idp_with(provisioning: Value, extra: Value) -> IdpConfig {
    let mut idp = json!({
        "id": "corp", "issuer": "https://idp.example.com", "clientId": "rp",
        "clientSecret": "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t",
        "provisioning": provisioning,
    });
    if let (Value::Object(map), Value::Object(more)) = (&mut idp, extra) {
        map.extend(more);
    }
    let doc = json!({"schemaVersion": 1, "idps": [idp]});
    let config = Config::parse(doc.to_string().as_bytes()).expect("valid test config");
    config.idps.into_iter().next().expect("one idp")
}

fn idp(groups: Value) -> IdpConfig {
    idp_with(json!({"groups": groups}), json!({}))
}

fn login(groups: &[&str]) -> LoginFacts {
    LoginFacts {
        idp_id: "corp".into(),
        issuer: "https://idp.example.com".into(),
        subject: "sub-1".into(),
        username: "alice".into(),
        email: Some("alice@example.com".into()),
        email_verified: true,
        display_name: Some("Alice".into()),
        groups: groups.iter().map(|g| g.to_string()).collect(),
        groups_claim_present: true,
    }
}

fn user(name: &str) -> ExistingUser {
    ExistingUser {
        username: name.into(),
        display_name: Some("Alice".into()),
        email: Some("alice@example.com".into()),
        active: true,
        link_count: 1,
    }
}

/// A new user (nothing in the directory).
fn new_user_request(groups: &[&str]) -> PlanRequest {
    PlanRequest {
        login: login(groups),
        account: AccountState::default(),
        directory: DirectoryState {
            writable: true,
            admin_count: Some(3),
        },
    }
}

/// A linked user with these memberships and these groups granted earlier by the IdP.
fn linked_request(groups: &[&str], member_of: &[&str], managed: &[&str]) -> PlanRequest {
    let mut req = new_user_request(groups);
    req.account.linked = Some(user("alice"));
    req.account.managed_groups = managed.iter().map(|g| g.to_string()).collect();
    for g in groups.iter().chain(member_of).chain(managed) {
        req.account
            .member_of
            .insert(g.to_string(), member_of.contains(g));
    }
    req
}

fn changes(plan: &ProvisioningPlan, action: GroupAction) -> Vec<(String, String)> {
    plan.groups
        .iter()
        .filter(|c| c.action == action)
        .map(|c| (c.group.clone(), c.rule.clone()))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

mod account_tests;
mod claim_tests;
mod group_tests;

#[test]
fn config_when_no_provisioning_object_then_legacy_fields_apply() {
    let cfg = idp_with(
        Value::Null,
        json!({"createUsers": false, "claims": {"groups": "roles"}}),
    );
    assert!(!cfg.provisioning.create_users);
    assert_eq!(cfg.provisioning.groups.claim_pointer, "/roles");
    assert!(cfg.provisioning.groups.create_missing_groups);
}
