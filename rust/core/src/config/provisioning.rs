//! The per-IdP `provisioning` object (docs/provisioning.md): just-in-time users and group
//! sync. Every field is optional; the defaults keep the behaviour of the older top-level
//! `createUsers` and `claims.groups` fields, which stay valid.

use regex::Regex;
use serde_json::Value;

use super::reader::{Object, Problems};
use crate::text::quote;

/// Most rules, `neverTouch`, default or admin groups one IdP may list.
pub const MAX_LIST: usize = 200;
/// Longest group name, claim path, rule value or delimiter in the configuration.
const MAX_NAME_LEN: usize = 256;
/// Compiled size limit of one rule's regular expression (bytes of the regex program).
const MAX_REGEX_SIZE: usize = 64 * 1024;

/// Just-in-time provisioning of one IdP.
#[derive(Debug, Clone)]
pub struct Provisioning {
    /// Create an account on the first login; false = only existing (linked) users get in.
    pub create_users: bool,
    /// Copy display name and (verified) email onto the account at every login.
    pub update_profile: bool,
    pub groups: GroupSync,
}

/// Where the groups come from and how they become local groups.
#[derive(Debug, Clone)]
pub struct GroupSync {
    /// JSON pointer into the claims (`realm_access.roles` is read as `/realm_access/roles`).
    pub claim_pointer: String,
    /// The path as the admin wrote it, for messages.
    pub claim: String,
    pub source: GroupSource,
    /// When set, a string claim is split on it; without it only arrays are accepted.
    pub delimiter: Option<String>,
    pub mode: SyncMode,
    pub rules: Vec<GroupRule>,
    /// Local groups this IdP never adds nor removes.
    pub never_touch: Vec<String>,
    pub create_missing_groups: bool,
    pub default_new_users: Vec<String>,
    pub default_every_login: Vec<String>,
    /// Admin-level local groups: granted only by an `exact` rule; the last admin is kept.
    pub admin_groups: Vec<String>,
}

/// Which document the groups claim is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupSource {
    IdToken,
    Userinfo,
    /// The ID token's claim when present (it is signed), else userinfo's.
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncMode {
    /// Every claimed group is synced; rules rename some.
    SyncAll,
    /// Only groups matched by a rule are synced.
    Allowlist,
}

/// One mapping rule; the first rule that matches a claimed group decides.
#[derive(Debug, Clone)]
pub struct GroupRule {
    /// `rules/<index>`, named in the plan and the audit.
    pub id: String,
    pub matcher: RuleMatch,
    /// The local group: for `exact` the new name, for `prefix` the replacement of the
    /// prefix, for `regex` a template with `$1` / `${name}` captures. None = same name.
    pub rename_to: Option<String>,
}

#[derive(Debug, Clone)]
pub enum RuleMatch {
    Exact(String),
    Prefix(String),
    /// Anchored at both ends.
    Regex(Regex),
}

impl Provisioning {
    /// What an IdP without a `provisioning` object gets.
    pub fn legacy(create_users: bool, groups_claim: &str) -> Provisioning {
        Provisioning {
            create_users,
            update_profile: true,
            groups: GroupSync {
                claim_pointer: format!("/{}", crate::text::pointer_token(groups_claim)),
                claim: groups_claim.to_string(),
                source: GroupSource::Both,
                delimiter: None,
                mode: SyncMode::SyncAll,
                rules: Vec::new(),
                never_touch: Vec::new(),
                create_missing_groups: true,
                default_new_users: Vec::new(),
                default_every_login: Vec::new(),
                admin_groups: Vec::new(),
            },
        }
    }
}

/// Reads `provisioning`; `legacy` holds the values of the older fields.
pub(super) fn read_provisioning(
    idp: &mut Object<'_>,
    legacy: Provisioning,
    p: &mut Problems,
) -> Option<Provisioning> {
    let at = idp.at("provisioning");
    let Some(value) = idp.get("provisioning") else {
        return Some(legacy);
    };
    let mut obj = Object::new(value, &at, p)?;
    if obj.has("createUsers") && idp.has("createUsers") {
        p.add(
            &obj.at("createUsers"),
            "is also set at the IdP's top level: keep only provisioning.createUsers",
        );
    }
    let create_users = obj.boolean("createUsers", legacy.create_users, p);
    let update_profile = obj.boolean("updateProfile", true, p);
    let own_claims_groups = idp
        .peek("claims")
        .and_then(|claims| claims.get("groups"))
        .is_some_and(|groups| !groups.is_null());
    let groups = read_groups(&mut obj, legacy.groups, own_claims_groups, p);
    obj.finish(p);
    Some(Provisioning {
        create_users,
        update_profile,
        groups: groups?,
    })
}

fn read_groups(
    parent: &mut Object<'_>,
    legacy: GroupSync,
    has_claims_groups: bool,
    p: &mut Problems,
) -> Option<GroupSync> {
    let at = parent.at("groups");
    let Some(value) = parent.get("groups") else {
        return Some(legacy);
    };
    let mut obj = Object::new(value, &at, p)?;
    let (claim, claim_pointer) = match read_claim_path(&mut obj, p) {
        Some(path) => {
            if has_claims_groups {
                p.add(
                    &obj.at("claim"),
                    "replaces claims.groups: remove `groups` from `claims` (it would be ignored)",
                );
            }
            path
        }
        None => (legacy.claim, legacy.claim_pointer),
    };
    let source = read_source(&mut obj, p);
    let delimiter = read_name(&mut obj, "delimiter", p);
    let mode = read_mode(&mut obj, p);
    let rules = read_rules(&mut obj, p);
    let never_touch = read_group_list(&mut obj, "neverTouch", p);
    let create_missing_groups = obj.boolean("createMissingGroups", true, p);
    let defaults = read_defaults(&mut obj, p);
    let admin_groups = read_group_list(&mut obj, "adminGroups", p);
    obj.finish(p);
    let (default_new_users, default_every_login) = defaults?;
    check_defaults_not_admin(
        &at,
        &admin_groups,
        [&default_new_users, &default_every_login],
        p,
    );
    Some(GroupSync {
        claim,
        claim_pointer,
        source: source?,
        delimiter,
        mode: mode?,
        rules: rules?,
        never_touch,
        create_missing_groups,
        default_new_users,
        default_every_login,
        admin_groups,
    })
}

/// `a.b.c` (dot path) or `/a/b` (JSON pointer, for claim names with dots such as URIs).
fn read_claim_path(obj: &mut Object<'_>, p: &mut Problems) -> Option<(String, String)> {
    let path = read_name(obj, "claim", p)?;
    let pointer = if path.starts_with('/') {
        path.clone()
    } else {
        let segments: Vec<&str> = path.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            p.add(
                &obj.at("claim"),
                format!(
                    "{} has an empty segment: write `realm_access.roles`, or a JSON pointer \
                     such as `/http:~1~1example/groups` for names with dots",
                    quote(&path)
                ),
            );
            return None;
        }
        segments
            .iter()
            .map(|s| format!("/{}", crate::text::pointer_token(s)))
            .collect()
    };
    Some((path, pointer))
}

fn read_source(obj: &mut Object<'_>, p: &mut Problems) -> Option<GroupSource> {
    match obj.string("source", false, p).as_deref() {
        None | Some("both") => Some(GroupSource::Both),
        Some("idToken") => Some(GroupSource::IdToken),
        Some("userinfo") => Some(GroupSource::Userinfo),
        Some(other) => {
            p.add(
                &obj.at("source"),
                format!("must be idToken, userinfo or both, found {}", quote(other)),
            );
            None
        }
    }
}

fn read_mode(obj: &mut Object<'_>, p: &mut Problems) -> Option<SyncMode> {
    match obj.string("mode", false, p).as_deref() {
        None | Some("syncAll") => Some(SyncMode::SyncAll),
        Some("allowlist") => Some(SyncMode::Allowlist),
        Some(other) => {
            p.add(
                &obj.at("mode"),
                format!("must be syncAll or allowlist, found {}", quote(other)),
            );
            None
        }
    }
}

/// A short text without control characters.
fn read_name(obj: &mut Object<'_>, key: &'static str, p: &mut Problems) -> Option<String> {
    let text = obj.string(key, false, p)?;
    if text.chars().count() > MAX_NAME_LEN || text.chars().any(char::is_control) {
        p.add(
            &obj.at(key),
            format!("must be at most {MAX_NAME_LEN} characters without control characters"),
        );
        return None;
    }
    Some(text)
}

/// A list of local group names (absent = empty); bad entries are reported and dropped.
fn read_group_list(obj: &mut Object<'_>, key: &'static str, p: &mut Problems) -> Vec<String> {
    let at = obj.at(key);
    let items = obj.strings(key, p).unwrap_or_default();
    checked_group_names(&at, items, MAX_LIST, p)
}

/// The valid, distinct group names of `items` (name, pointer); more than `max` entries, a bad
/// name or a name listed twice (case-insensitively) is reported, and bad entries are dropped.
pub(super) fn checked_group_names(
    at: &str,
    items: Vec<(String, String)>,
    max: usize,
    p: &mut Problems,
) -> Vec<String> {
    if items.len() > max {
        p.add(at, format!("lists {} groups; at most {max}", items.len()));
    }
    let mut groups: Vec<String> = Vec::with_capacity(items.len());
    for (name, pointer) in items {
        if !is_group_name(&name) {
            p.add(
                &pointer,
                format!("must be a group name of 1 to {MAX_NAME_LEN} characters without control characters or surrounding spaces"),
            );
        } else if groups.iter().any(|g| g.eq_ignore_ascii_case(&name)) {
            p.add(&pointer, format!("{} is listed twice", quote(&name)));
        } else {
            groups.push(name);
        }
    }
    groups
}

pub(crate) fn is_group_name(name: &str) -> bool {
    !name.is_empty()
        && name.trim() == name
        && name.chars().count() <= MAX_NAME_LEN
        && !name.chars().any(char::is_control)
}

fn read_defaults(obj: &mut Object<'_>, p: &mut Problems) -> Option<(Vec<String>, Vec<String>)> {
    let at = obj.at("defaultGroups");
    let Some(value) = obj.get("defaultGroups") else {
        return Some((Vec::new(), Vec::new()));
    };
    let mut defaults = Object::new(value, &at, p)?;
    let new_users = read_group_list(&mut defaults, "newUsers", p);
    let every_login = read_group_list(&mut defaults, "everyLogin", p);
    defaults.finish(p);
    Some((new_users, every_login))
}

/// Admin rights only through an explicit `exact` rule, never as a default.
fn check_defaults_not_admin(
    at: &str,
    admin: &[String],
    defaults: [&Vec<String>; 2],
    p: &mut Problems,
) {
    for (list, key) in defaults.into_iter().zip(["newUsers", "everyLogin"]) {
        for (i, group) in list.iter().enumerate() {
            if admin.iter().any(|a| a.eq_ignore_ascii_case(group)) {
                p.add(
                    &format!("{at}/defaultGroups/{key}/{i}"),
                    format!(
                        "{} is an admin group: admin rights are granted only by an exact rule",
                        quote(group)
                    ),
                );
            }
        }
    }
}

fn read_rules(obj: &mut Object<'_>, p: &mut Problems) -> Option<Vec<GroupRule>> {
    let at = obj.at("rules");
    let Some(value) = obj.get("rules") else {
        return Some(Vec::new());
    };
    let Value::Array(items) = value else {
        p.add(&at, "must be an array of rules");
        return None;
    };
    if items.len() > MAX_LIST {
        p.add(
            &at,
            format!("lists {} rules; at most {MAX_LIST}", items.len()),
        );
        return None;
    }
    let mut rules = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match read_rule(item, &format!("{at}/{i}"), i, p) {
            Some(rule) => rules.push(rule),
            None => ok = false,
        }
    }
    ok.then_some(rules)
}

fn read_rule(value: &Value, pointer: &str, index: usize, p: &mut Problems) -> Option<GroupRule> {
    let mut obj = Object::new(value, pointer, p)?;
    let kind = obj.string("match", true, p);
    let text = obj.string("value", true, p);
    let rename_to = read_name(&mut obj, "renameTo", p);
    obj.finish(p);
    let (kind, text) = (kind?, text?);
    if text.chars().count() > MAX_NAME_LEN {
        p.add(
            &format!("{pointer}/value"),
            format!("must be at most {MAX_NAME_LEN} characters"),
        );
        return None;
    }
    let matcher = match kind.as_str() {
        "exact" => RuleMatch::Exact(text),
        "prefix" => RuleMatch::Prefix(text),
        "regex" => RuleMatch::Regex(compile(&text, &format!("{pointer}/value"), p)?),
        other => {
            p.add(
                &format!("{pointer}/match"),
                format!("must be exact, regex or prefix, found {}", quote(other)),
            );
            return None;
        }
    };
    if let (Some(to), false) = (&rename_to, matches!(matcher, RuleMatch::Regex(_))) {
        if !is_group_name(to) {
            p.add(&format!("{pointer}/renameTo"), "must be a valid group name");
            return None;
        }
    }
    Some(GroupRule {
        id: format!("rules/{index}"),
        matcher,
        rename_to,
    })
}

fn compile(pattern: &str, pointer: &str, p: &mut Problems) -> Option<Regex> {
    match regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(MAX_REGEX_SIZE)
        .build()
    {
        Ok(re) => Some(re),
        Err(e) => {
            p.add(pointer, format!("is not a valid regular expression: {e}"));
            None
        }
    }
}
