//! The group diff of one login. What is never removed: groups this IdP did not grant
//! (local memberships), `neverTouch` groups, and an admin group of the last admin.

use std::collections::BTreeSet;

use super::rules::{map_group, Mapped};
use super::{GroupAction, GroupChange, PlanRequest};
use crate::config::GroupSync;

pub(super) const NEW_USERS: &str = "defaultGroups.newUsers";
pub(super) const EVERY_LOGIN: &str = "defaultGroups.everyLogin";
/// The rule of a removal: the group is no longer in the IdP's groups claim.
pub(super) const NOT_CLAIMED: &str = "groupsClaim";

pub(super) struct GroupInput<'a> {
    pub is_new_user: bool,
    pub req: &'a PlanRequest,
}

#[derive(Debug, Default)]
pub(super) struct GroupPlan {
    pub changes: Vec<GroupChange>,
    pub managed_after: Option<Vec<String>>,
    pub needs_membership: Vec<String>,
    pub notes: Vec<String>,
}

/// A wanted local group and why.
struct Target {
    group: String,
    rule: String,
    /// Default groups for new users are granted once and not managed afterwards.
    managed: bool,
}

fn key(group: &str) -> String {
    // Atlassian group names compare case-insensitively.
    group.to_lowercase()
}

fn contains(list: &[String], group: &str) -> bool {
    list.iter().any(|g| key(g) == key(group))
}

pub(super) fn plan_groups(cfg: &GroupSync, input: &GroupInput<'_>) -> GroupPlan {
    let req = input.req;
    let mut plan = GroupPlan::default();
    if !req.directory.writable {
        plan.notes
            .push("groups not changed: the user directory is read-only".into());
        return plan;
    }
    let targets = targets(cfg, input, &mut plan.changes);
    let managed = &req.account.managed_groups;
    let member = |g: &str| {
        req.account
            .member_of
            .iter()
            .find(|(name, _)| key(name) == key(g))
            .map(|(_, m)| *m)
    };
    if !input.is_new_user {
        let unknown = targets
            .iter()
            .map(|t| t.group.as_str())
            .chain(managed.iter().map(String::as_str))
            .filter(|g| member(g).is_none());
        let mut needs: Vec<String> = Vec::new();
        for g in unknown {
            if !contains(&needs, g) {
                needs.push(g.to_string());
            }
        }
        if !needs.is_empty() {
            plan.needs_membership = needs;
            return plan;
        }
    }
    let is_member = |g: &str| !input.is_new_user && member(g) == Some(true);
    let mut managed_after: BTreeSet<String> = BTreeSet::new();
    for t in &targets {
        let already = is_member(&t.group);
        if !already {
            plan.changes
                .push(change(GroupAction::Add, &t.group, &t.rule, None));
            if let Some(last) = plan.changes.last_mut() {
                last.create_if_missing = cfg.create_missing_groups;
            }
        }
        if t.managed && (!already || contains(managed, &t.group)) {
            managed_after.insert(t.group.clone());
        }
    }
    let claim_present = req.login.groups_claim_present;
    for g in managed {
        if contains(
            &targets.iter().map(|t| t.group.clone()).collect::<Vec<_>>(),
            g,
        ) {
            continue;
        }
        if contains(&cfg.never_touch, g) {
            plan.changes.push(change(
                GroupAction::Kept,
                g,
                "neverTouch",
                Some("never_touch"),
            ));
        } else if !is_member(g) {
            // Removed by hand meanwhile: nothing to do, and no longer ours.
        } else if !claim_present {
            managed_after.insert(g.clone());
        } else if contains(&cfg.admin_groups, g) && req.directory.admin_count.is_none_or(|n| n <= 1)
        {
            plan.changes.push(change(
                GroupAction::Kept,
                g,
                NOT_CLAIMED,
                Some("last_admin"),
            ));
            managed_after.insert(g.clone());
        } else {
            plan.changes
                .push(change(GroupAction::Remove, g, NOT_CLAIMED, None));
        }
    }
    let managed_after: Vec<String> = managed_after.into_iter().collect();
    let before: BTreeSet<String> = managed.iter().cloned().collect();
    if managed_after.iter().cloned().collect::<BTreeSet<_>>() != before {
        plan.managed_after = Some(managed_after);
    }
    plan
}

/// The wanted local groups in order (claim first, then defaults), each once.
fn targets(cfg: &GroupSync, input: &GroupInput<'_>, changes: &mut Vec<GroupChange>) -> Vec<Target> {
    let mut targets: Vec<Target> = Vec::new();
    let mut want = |group: String, rule: String, managed: bool, changes: &mut Vec<GroupChange>| {
        if contains(&cfg.never_touch, &group) {
            changes.push(change(
                GroupAction::Ignored,
                &group,
                &rule,
                Some("never_touch"),
            ));
        } else if !targets.iter().any(|t| key(&t.group) == key(&group)) {
            targets.push(Target {
                group,
                rule,
                managed,
            });
        }
    };
    let login = &input.req.login;
    if login.groups_claim_present {
        for claimed in &login.groups {
            match map_group(cfg, claimed) {
                Mapped::Group { group, rule, exact } => {
                    if contains(&cfg.admin_groups, &group) && !exact {
                        changes.push(change(
                            GroupAction::Ignored,
                            &group,
                            &rule,
                            Some("admin_group_needs_exact_rule"),
                        ));
                    } else {
                        want(group, rule, true, changes);
                    }
                }
                Mapped::Ignored { rule, reason } => changes.push(change(
                    GroupAction::Ignored,
                    claimed,
                    rule.as_deref().unwrap_or("mode"),
                    Some(reason),
                )),
            }
        }
    }
    for g in &cfg.default_every_login {
        want(g.clone(), EVERY_LOGIN.into(), true, changes);
    }
    if input.is_new_user {
        for g in &cfg.default_new_users {
            want(g.clone(), NEW_USERS.into(), false, changes);
        }
    }
    targets
}

fn change(action: GroupAction, group: &str, rule: &str, reason: Option<&str>) -> GroupChange {
    GroupChange {
        action,
        group: group.to_string(),
        rule: rule.to_string(),
        create_if_missing: false,
        reason: reason.map(String::from),
    }
}
