//! Mapping one claimed group to a local group through the IdP's ordered rules.

use crate::config::{is_group_name, GroupRule, GroupSync, RuleMatch, SyncMode};

/// The rule id of groups synced unchanged in `syncAll` mode.
pub const SYNC_ALL: &str = "syncAll";

/// What the rules make of one claimed group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapped {
    /// The local group, the rule that chose it, and whether that rule is `exact`.
    Group {
        group: String,
        rule: String,
        exact: bool,
    },
    /// Not synced, with the reason (`not_in_allowlist`, `invalid_rename`).
    Ignored {
        rule: Option<String>,
        reason: &'static str,
    },
}

/// The first matching rule decides; unmatched groups pass unchanged only in `syncAll` mode.
pub fn map_group(cfg: &GroupSync, claimed: &str) -> Mapped {
    for rule in &cfg.rules {
        if let Some(target) = apply(rule, claimed) {
            return match target {
                Some(group) if is_group_name(&group) => Mapped::Group {
                    group,
                    rule: rule.id.clone(),
                    exact: matches!(rule.matcher, RuleMatch::Exact(_)),
                },
                _ => Mapped::Ignored {
                    rule: Some(rule.id.clone()),
                    reason: "invalid_rename",
                },
            };
        }
    }
    match cfg.mode {
        SyncMode::SyncAll => Mapped::Group {
            group: claimed.to_string(),
            rule: SYNC_ALL.to_string(),
            exact: false,
        },
        SyncMode::Allowlist => Mapped::Ignored {
            rule: None,
            reason: "not_in_allowlist",
        },
    }
}

/// `None` when the rule does not match; `Some(None)` when it matches but the rename
/// produced nothing usable.
fn apply(rule: &GroupRule, claimed: &str) -> Option<Option<String>> {
    let renamed = |default: &str| {
        rule.rename_to
            .clone()
            .unwrap_or_else(|| default.to_string())
    };
    match &rule.matcher {
        RuleMatch::Exact(value) => (claimed == value).then(|| Some(renamed(claimed))),
        RuleMatch::Prefix(prefix) => {
            let rest = claimed.strip_prefix(prefix.as_str())?;
            Some(Some(match &rule.rename_to {
                Some(replacement) => format!("{replacement}{rest}"),
                None => claimed.to_string(),
            }))
        }
        RuleMatch::Regex(re) => {
            let captures = re.captures(claimed)?;
            Some(Some(match &rule.rename_to {
                Some(template) => {
                    let mut out = String::new();
                    captures.expand(template, &mut out);
                    out
                }
                None => claimed.to_string(),
            }))
        }
    }
}
