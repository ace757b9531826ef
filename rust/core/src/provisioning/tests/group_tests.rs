use super::*;

#[test]
fn plan_when_sync_all_then_claimed_groups_added_unchanged() {
    let plan = plan(&idp(json!({})), &new_user_request(&["eng", "ops"]));
    assert_eq!(
        changes(&plan, GroupAction::Add),
        pairs(&[("eng", "syncAll"), ("ops", "syncAll")])
    );
    assert_eq!(plan.managed_groups, Some(vec!["eng".into(), "ops".into()]));
}

#[test]
fn plan_when_exact_rule_with_rename_then_local_name_and_rule_named() {
    let cfg = idp(
        json!({"rules": [{"match": "exact", "value": "Engineering", "renameTo": "jira-developers"}]}),
    );
    let plan = plan(&cfg, &new_user_request(&["Engineering"]));
    assert_eq!(
        changes(&plan, GroupAction::Add),
        pairs(&[("jira-developers", "rules/0")])
    );
}

#[test]
fn plan_when_exact_rule_differs_in_case_then_no_match() {
    let cfg = idp(json!({"mode": "allowlist", "rules": [{"match": "exact", "value": "eng"}]}));
    let plan = plan(&cfg, &new_user_request(&["ENG"]));
    assert!(changes(&plan, GroupAction::Add).is_empty());
    assert_eq!(
        changes(&plan, GroupAction::Ignored),
        pairs(&[("ENG", "mode")])
    );
}

#[test]
fn plan_when_regex_rule_with_capture_then_renamed_by_capture() {
    let cfg = idp(
        json!({"rules": [{"match": "regex", "value": "sg-(?P<team>[a-z]+)-users", "renameTo": "team-${team}"}]}),
    );
    let plan = plan(
        &cfg,
        &new_user_request(&["sg-blue-users", "sg-blue-users-x"]),
    );
    assert_eq!(
        changes(&plan, GroupAction::Add),
        pairs(&[("team-blue", "rules/0"), ("sg-blue-users-x", "syncAll")])
    );
}

#[test]
fn plan_when_prefix_rule_with_rename_then_prefix_replaced() {
    let cfg = idp(json!({"rules": [{"match": "prefix", "value": "/corp/", "renameTo": "corp-"}]}));
    let plan = plan(&cfg, &new_user_request(&["/corp/sales"]));
    assert_eq!(
        changes(&plan, GroupAction::Add),
        pairs(&[("corp-sales", "rules/0")])
    );
}

#[test]
fn plan_when_rules_overlap_then_first_rule_wins() {
    let cfg = idp(json!({"rules": [
        {"match": "prefix", "value": "jira-", "renameTo": "a-"},
        {"match": "exact", "value": "jira-users", "renameTo": "b"}
    ]}));
    let plan = plan(&cfg, &new_user_request(&["jira-users"]));
    assert_eq!(
        changes(&plan, GroupAction::Add),
        pairs(&[("a-users", "rules/0")])
    );
}

#[test]
fn plan_when_allowlist_then_only_matched_groups_synced() {
    let cfg = idp(json!({"mode": "allowlist", "rules": [{"match": "prefix", "value": "jira-"}]}));
    let plan = plan(&cfg, &new_user_request(&["jira-users", "wifi-guests"]));
    assert_eq!(
        changes(&plan, GroupAction::Add),
        pairs(&[("jira-users", "rules/0")])
    );
    assert_eq!(
        plan.groups
            .iter()
            .find(|c| c.group == "wifi-guests")
            .and_then(|c| c.reason.clone()),
        Some("not_in_allowlist".into())
    );
}

#[test]
fn plan_when_never_touch_then_neither_added_nor_removed() {
    let cfg = idp(json!({"neverTouch": ["contractors"]}));
    let add = plan(&cfg, &new_user_request(&["contractors"]));
    assert!(changes(&add, GroupAction::Add).is_empty());
    let remove = plan(
        &cfg,
        &linked_request(&[], &["contractors"], &["contractors"]),
    );
    assert!(changes(&remove, GroupAction::Remove).is_empty());
    assert_eq!(
        changes(&remove, GroupAction::Kept),
        pairs(&[("contractors", "neverTouch")])
    );
}

#[test]
fn plan_when_managed_group_no_longer_claimed_then_removed_with_rule() {
    let plan = plan(
        &idp(json!({})),
        &linked_request(&["eng"], &["eng", "ops"], &["eng", "ops"]),
    );
    assert_eq!(
        changes(&plan, GroupAction::Remove),
        pairs(&[("ops", "groupsClaim")])
    );
    assert_eq!(plan.managed_groups, Some(vec!["eng".into()]));
}

#[test]
fn plan_when_local_group_not_granted_by_idp_then_never_removed() {
    let plan = plan(
        &idp(json!({})),
        &linked_request(&["eng"], &["eng", "local-admins"], &["eng"]),
    );
    assert!(changes(&plan, GroupAction::Remove).is_empty());
    assert!(plan.groups.iter().all(|c| c.group != "local-admins"));
}

#[test]
fn plan_when_claimed_group_already_held_locally_then_not_taken_over() {
    let plan = plan(&idp(json!({})), &linked_request(&["eng"], &["eng"], &[]));
    assert!(plan.groups.is_empty());
    assert_eq!(
        plan.managed_groups, None,
        "a hand-granted membership stays local"
    );
}

#[test]
fn plan_when_groups_claim_absent_then_nothing_removed() {
    let mut req = linked_request(&[], &["eng"], &["eng"]);
    req.login.groups_claim_present = false;
    let plan = plan(&idp(json!({})), &req);
    assert!(plan.groups.is_empty());
    assert_eq!(plan.managed_groups, None);
}

#[test]
fn plan_when_default_groups_then_new_users_once_and_every_login_always() {
    let cfg = idp(json!({"defaultGroups": {"newUsers": ["welcome"], "everyLogin": ["sso-users"]}}));
    let first = plan(&cfg, &new_user_request(&[]));
    assert_eq!(
        changes(&first, GroupAction::Add),
        pairs(&[
            ("sso-users", "defaultGroups.everyLogin"),
            ("welcome", "defaultGroups.newUsers")
        ])
    );
    assert_eq!(
        first.managed_groups,
        Some(vec!["sso-users".into()]),
        "newUsers defaults are not managed"
    );
    let mut req = linked_request(&[], &["welcome"], &[]);
    req.account.member_of.insert("sso-users".into(), false);
    let later = plan(&cfg, &req);
    assert_eq!(
        changes(&later, GroupAction::Add),
        pairs(&[("sso-users", "defaultGroups.everyLogin")])
    );
    assert!(
        changes(&later, GroupAction::Remove).is_empty(),
        "welcome stays"
    );
}

#[test]
fn plan_when_create_missing_groups_false_then_add_only_if_exists() {
    let cfg = idp(json!({"createMissingGroups": false}));
    let plan = plan(&cfg, &new_user_request(&["eng"]));
    assert!(plan.groups.iter().all(|c| !c.create_if_missing));
    let default = super::plan(&idp(json!({})), &new_user_request(&["eng"]));
    assert!(default.groups.iter().all(|c| c.create_if_missing));
}

#[test]
fn plan_when_admin_group_by_sync_all_or_regex_then_ignored() {
    let cfg = idp(json!({"adminGroups": ["jira-administrators"],
        "rules": [{"match": "regex", "value": "adm-(.*)", "renameTo": "jira-$1"}]}));
    let plan = plan(
        &cfg,
        &new_user_request(&["jira-administrators", "adm-administrators"]),
    );
    assert!(changes(&plan, GroupAction::Add).is_empty());
    assert!(plan
        .groups
        .iter()
        .all(|c| c.reason.as_deref() == Some("admin_group_needs_exact_rule")));
}

#[test]
fn plan_when_admin_group_by_exact_rule_then_added() {
    let cfg = idp(json!({"adminGroups": ["jira-administrators"],
        "rules": [{"match": "exact", "value": "it-admins", "renameTo": "jira-administrators"}]}));
    let plan = plan(&cfg, &new_user_request(&["it-admins"]));
    assert_eq!(
        changes(&plan, GroupAction::Add),
        pairs(&[("jira-administrators", "rules/0")])
    );
}

#[test]
fn plan_when_last_admin_loses_admin_claim_then_admin_group_kept() {
    let cfg = idp(json!({"adminGroups": ["admins"]}));
    let mut req = linked_request(&[], &["admins"], &["admins"]);
    req.directory.admin_count = Some(1);
    let last = plan(&cfg, &req);
    assert_eq!(
        changes(&last, GroupAction::Kept),
        pairs(&[("admins", "groupsClaim")])
    );
    req.directory.admin_count = None;
    assert!(
        changes(&plan(&cfg, &req), GroupAction::Remove).is_empty(),
        "unknown count keeps it"
    );
    req.directory.admin_count = Some(2);
    assert_eq!(
        changes(&plan(&cfg, &req), GroupAction::Remove),
        pairs(&[("admins", "groupsClaim")])
    );
}

#[test]
fn plan_when_membership_unknown_then_needs_membership_listing_targets_and_managed() {
    let mut req = linked_request(&["eng"], &[], &["ops"]);
    req.account.member_of.clear();
    let plan = plan(&idp(json!({})), &req);
    assert_eq!(plan.outcome, PlanOutcome::NeedsMembership);
    assert_eq!(
        plan.needs_membership,
        vec!["eng".to_string(), "ops".to_string()]
    );
    assert!(
        plan.groups.is_empty() && plan.user.is_none(),
        "nothing to apply yet"
    );
}

#[test]
fn plan_when_directory_read_only_then_groups_unchanged_with_note() {
    let mut req = linked_request(&["eng"], &[], &["ops"]);
    req.directory.writable = false;
    let plan = plan(&idp(json!({})), &req);
    assert_eq!(plan.outcome, PlanOutcome::Apply);
    assert!(plan.groups.is_empty());
    assert!(plan.notes.iter().any(|n| n.contains("read-only")));
}

#[test]
fn plan_when_same_input_twice_then_same_plan() {
    let cfg = idp(json!({"defaultGroups": {"everyLogin": ["x"]}}));
    let req = linked_request(&["eng", "ops"], &["ops"], &["ops", "old"]);
    assert_eq!(plan(&cfg, &req), plan(&cfg, &req));
}
