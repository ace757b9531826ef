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
    let mut plan = GroupPlan::default();
    if !input.req.directory.writable {
        plan.notes
            .push("groups not changed: the user directory is read-only".into());
        return plan;
    }
    let targets = targets(cfg, input, &mut plan.changes);
    let membership = Membership::of(input);
    if !input.is_new_user {
        let needs = membership.unknown(&targets);
        if !needs.is_empty() {
            plan.needs_membership = needs;
            return plan;
        }
    }
    let mut managed_after = plan_additions(cfg, &targets, &membership, &mut plan.changes);
    plan_removals(
        cfg,
        input,
        &targets,
        &membership,
        &mut plan.changes,
        &mut managed_after,
    );
    plan.managed_after = changed_managed(membership.managed, managed_after);
    plan
}

/// The account's memberships as the shim reported them.
struct Membership<'a> {
    is_new_user: bool,
    member_of: &'a std::collections::BTreeMap<String, bool>,
    /// Groups this IdP granted earlier.
    managed: &'a [String],
}

impl<'a> Membership<'a> {
    fn of(input: &GroupInput<'a>) -> Membership<'a> {
        Membership {
            is_new_user: input.is_new_user,
            member_of: &input.req.account.member_of,
            managed: &input.req.account.managed_groups,
        }
    }

    /// `None` when the shim did not look the group up.
    fn reported(&self, group: &str) -> Option<bool> {
        self.member_of
            .iter()
            .find(|(name, _)| key(name) == key(group))
            .map(|(_, m)| *m)
    }

    /// A new account is a member of nothing yet.
    fn is_member(&self, group: &str) -> bool {
        !self.is_new_user && self.reported(group) == Some(true)
    }

    /// The wanted and managed groups whose membership the shim must look up, each once.
    fn unknown(&self, targets: &[Target]) -> Vec<String> {
        let mut needs: Vec<String> = Vec::new();
        let groups = targets
            .iter()
            .map(|t| t.group.as_str())
            .chain(self.managed.iter().map(String::as_str));
        for g in groups.filter(|g| self.reported(g).is_none()) {
            if !contains(&needs, g) {
                needs.push(g.to_string());
            }
        }
        needs
    }
}

/// Adds the wanted groups the account lacks; returns the managed groups so far.
fn plan_additions(
    cfg: &GroupSync,
    targets: &[Target],
    membership: &Membership<'_>,
    changes: &mut Vec<GroupChange>,
) -> BTreeSet<String> {
    let mut managed_after = BTreeSet::new();
    for t in targets {
        let already = membership.is_member(&t.group);
        if !already {
            let mut add = change(GroupAction::Add, &t.group, &t.rule, None);
            add.create_if_missing = cfg.create_missing_groups;
            changes.push(add);
        }
        // A group the user had before this IdP granted it stays local.
        if t.managed && (!already || contains(membership.managed, &t.group)) {
            managed_after.insert(t.group.clone());
        }
    }
    managed_after
}

/// Removes managed groups no longer wanted, except where policy keeps them.
fn plan_removals(
    cfg: &GroupSync,
    input: &GroupInput<'_>,
    targets: &[Target],
    membership: &Membership<'_>,
    changes: &mut Vec<GroupChange>,
    managed_after: &mut BTreeSet<String>,
) {
    let req = input.req;
    let wanted = |g: &str| targets.iter().any(|t| key(&t.group) == key(g));
    for g in membership.managed.iter().filter(|g| !wanted(g)) {
        if contains(&cfg.never_touch, g) {
            changes.push(change(
                GroupAction::Kept,
                g,
                "neverTouch",
                Some("never_touch"),
            ));
        } else if !membership.is_member(g) {
            // Removed by hand meanwhile: nothing to do, and no longer ours.
        } else if !req.login.groups_claim_present {
            // Unknown groups are not "no groups": keep, and keep it ours.
            managed_after.insert(g.clone());
        } else if is_last_admin_group(cfg, req, g) {
            changes.push(change(
                GroupAction::Kept,
                g,
                NOT_CLAIMED,
                Some("last_admin"),
            ));
            managed_after.insert(g.clone());
        } else {
            changes.push(change(GroupAction::Remove, g, NOT_CLAIMED, None));
        }
    }
}

/// An admin group whose removal could leave no admin (or the count is unknown).
fn is_last_admin_group(cfg: &GroupSync, req: &PlanRequest, group: &str) -> bool {
    contains(&cfg.admin_groups, group) && req.directory.admin_count.is_none_or(|n| n <= 1)
}

/// The new managed list when it differs from the old one.
fn changed_managed(before: &[String], after: BTreeSet<String>) -> Option<Vec<String>> {
    let before: BTreeSet<&String> = before.iter().collect();
    (after.iter().collect::<BTreeSet<_>>() != before).then(|| after.into_iter().collect())
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
