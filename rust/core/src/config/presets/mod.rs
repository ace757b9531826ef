//! IdP presets (docs/config.md, "Presets"): `"preset": "entra"` on an IdP fills what that
//! provider needs — claim names, scopes, an issuer built from `presetParameters`, named
//! quirks. Fields the document sets itself win; the expanded IdP is then read and
//! validated like any other, so a preset can never produce a configuration that the
//! same fields written by hand would not pass.
//!
//! STYLE.md 8: one small module per provider behind [`Preset`], built by one `match`.
//! What a provider does differently *at run time* lives in `crate::providers`, keyed on
//! the expanded fields (a preset only fills them).

mod adfs;
mod auth0;
mod authentik;
mod cognito;
mod entra;
mod gitlab;
mod google;
mod jumpcloud;
mod keycloak;
mod okta;
mod onelogin;
mod params;
mod pingone;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::reader::{self, Object, Problems};
use crate::api::{PresetInfo, PresetParameter};
use crate::text::{pointer_token, quote};

/// Every preset name, in the order the admin UI lists them.
pub const NAMES: [&str; 12] = [
    "keycloak",
    "entra",
    "okta",
    "google",
    "auth0",
    "adfs",
    "pingone",
    "onelogin",
    "cognito",
    "gitlab",
    "jumpcloud",
    "authentik",
];

/// A value the admin gives a preset in `presetParameters`, e.g. the Entra ID tenant.
#[derive(Debug)]
pub(crate) struct Parameter {
    pub(crate) name: &'static str,
    pub(crate) description: &'static str,
    pub(crate) example: &'static str,
    /// Used when the document gives none; `None`: required by the fields it fills
    /// (unless the document sets those fields itself).
    pub(crate) default: Option<&'static str>,
    /// Why a value cannot be right.
    pub(crate) check: fn(&str) -> Result<(), String>,
}

/// One provider's defaults.
pub(crate) trait Preset: Sync {
    /// What `preset` names: `entra`.
    fn name(&self) -> &'static str;
    fn display_name(&self) -> &'static str;
    fn parameters(&self) -> &'static [Parameter] {
        &[]
    }
    /// The IdP fields this preset fills; `{parameter}` inside a string is replaced by the
    /// parameter's value.
    fn defaults(&self) -> Value;
    /// What the admin must know or do at the IdP (shown by the admin UI).
    fn notes(&self) -> &'static [&'static str];
    /// A rule across parameters that each passed their own check: the parameter to blame
    /// and why.
    fn check_together(
        &self,
        _values: &BTreeMap<&'static str, String>,
    ) -> Option<(&'static str, String)> {
        None
    }
}

/// The preset of this name: the one `match` of STYLE.md 8.
fn preset(name: &str) -> Option<&'static dyn Preset> {
    Some(match name {
        "keycloak" => &keycloak::Keycloak,
        "entra" => &entra::Entra,
        "okta" => &okta::Okta,
        "google" => &google::Google,
        "auth0" => &auth0::Auth0,
        "adfs" => &adfs::Adfs,
        "pingone" => &pingone::PingOne,
        "onelogin" => &onelogin::OneLogin,
        "cognito" => &cognito::Cognito,
        "gitlab" => &gitlab::GitLab,
        "jumpcloud" => &jumpcloud::JumpCloud,
        "authentik" => &authentik::Authentik,
        _ => return None,
    })
}

/// Every preset with its parameters and defaults, in [`NAMES`] order.
pub fn preset_catalog() -> Vec<PresetInfo> {
    NAMES
        .iter()
        .filter_map(|name| preset(name))
        .map(|p| PresetInfo {
            name: p.name().into(),
            display_name: p.display_name().into(),
            parameters: p
                .parameters()
                .iter()
                .map(|param| PresetParameter {
                    name: param.name.into(),
                    description: param.description.into(),
                    example: param.example.into(),
                    required: param.default.is_none(),
                    default: param.default.map(String::from),
                })
                .collect(),
            defaults: p.defaults(),
            notes: p.notes().iter().map(|n| n.to_string()).collect(),
            guide: format!("docs/idp/{}.md", p.name()),
        })
        .collect()
}

/// An IdP object with its preset applied, and what a problem in a filled value needs
/// to say.
pub(super) struct Expanded<'v> {
    value: Cow<'v, Value>,
    origin: Option<Origin>,
}

/// Where the preset's values went.
struct Origin {
    preset: &'static str,
    /// Pointers of values taken from the preset (a problem there or below names it).
    filled: Vec<String>,
    /// Pointers of fields left out for want of a parameter (already reported).
    left_out: Vec<String>,
}

impl<'v> Expanded<'v> {
    fn unchanged(value: &'v Value) -> Expanded<'v> {
        Expanded {
            value: Cow::Borrowed(value),
            origin: None,
        }
    }

    /// The object to read: the document's fields over the preset's.
    pub(super) fn value(&self) -> &Value {
        &self.value
    }

    /// The preset applied, if any.
    pub(super) fn preset(&self) -> Option<&'static str> {
        self.origin.as_ref().map(|o| o.preset)
    }

    /// Adjusts the problems recorded since `first` while reading [`Self::value`]: one in
    /// a value the preset filled says so (the admin never wrote it), and "is required"
    /// for a field left out for want of a parameter goes (the parameter's problem says it).
    pub(super) fn explain(&self, p: &mut Problems, first: usize) {
        let Some(origin) = &self.origin else {
            return;
        };
        let mut index = 0;
        p.0.retain(|problem| {
            index += 1;
            index <= first || !origin.left_out.contains(&problem.pointer)
        });
        let under = |filled: &String, pointer: &str| {
            pointer == filled
                || pointer
                    .strip_prefix(filled.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        for problem in p.0.iter_mut().skip(first) {
            if origin.filled.iter().any(|f| under(f, &problem.pointer)) {
                problem.message.push_str(&format!(
                    " (this value comes from preset `{}`: set the field in the IdP to \
                     override it)",
                    origin.preset
                ));
            }
        }
    }
}

/// Applies the IdP's `preset`, if it names one, under the IdP's own fields (`at` is the
/// IdP's pointer). Problems with `preset` and `presetParameters` are recorded here.
pub(super) fn expand<'v>(idp: &'v Value, at: &str, p: &mut Problems) -> Expanded<'v> {
    let Value::Object(fields) = idp else {
        return Expanded::unchanged(idp);
    };
    let named = fields.get("preset").filter(|v| !v.is_null());
    let parameters = fields.get("presetParameters").filter(|v| !v.is_null());
    let Some(named) = named else {
        if parameters.is_some() {
            p.add(
                &format!("{at}/presetParameters"),
                "is set without `preset`: name the preset these parameters are for, or \
                 remove them",
            );
        }
        return Expanded::unchanged(idp);
    };
    let Some(preset) = find(named, at, p) else {
        return Expanded::unchanged(idp);
    };
    let values = read_parameters(preset, parameters, at, p);
    let mut template = preset.defaults();
    drop_aliases(&mut template, fields);
    let mut fill = Fill {
        preset,
        values,
        at,
        filled: Vec::new(),
        left_out: Vec::new(),
        missing: BTreeMap::new(),
    };
    let merged = match template {
        Value::Object(defaults) => merge(defaults, fields, at, &mut fill),
        _ => fields.clone(),
    };
    fill.report_missing(p);
    Expanded {
        value: Cow::Owned(Value::Object(merged)),
        origin: Some(Origin {
            preset: preset.name(),
            filled: fill.filled,
            left_out: fill.left_out,
        }),
    }
}

/// The preset `preset` names, or a problem with a suggestion.
fn find(named: &Value, at: &str, p: &mut Problems) -> Option<&'static dyn Preset> {
    let pointer = format!("{at}/preset");
    let known = NAMES.join(", ");
    let Value::String(name) = named else {
        p.add(
            &pointer,
            format!(
                "must be a string naming a preset ({known}), found {}",
                reader::type_name(named)
            ),
        );
        return None;
    };
    let found = preset(name);
    if found.is_none() {
        let suggestion = reader::closest(&name.to_ascii_lowercase(), &NAMES)
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        p.add(
            &pointer,
            format!(
                "unknown preset {}: {suggestion}the presets are {known} (or remove `preset` \
                 and set every field yourself)",
                quote(name)
            ),
        );
    }
    found
}

/// The parameters' values (given, or their defaults). A bad or missing value is not in
/// the map; a bad one is reported here, in `bad`.
struct Values {
    given: BTreeMap<&'static str, String>,
    bad: BTreeSet<&'static str>,
}

fn read_parameters(
    preset: &dyn Preset,
    value: Option<&Value>,
    at: &str,
    p: &mut Problems,
) -> Values {
    let at = format!("{at}/presetParameters");
    let mut values = Values {
        given: BTreeMap::new(),
        bad: BTreeSet::new(),
    };
    let empty = Value::Object(Map::new());
    let Some(mut obj) = Object::new(value.unwrap_or(&empty), &at, p) else {
        values
            .bad
            .extend(preset.parameters().iter().map(|param| param.name));
        return values;
    };
    for param in preset.parameters() {
        let Some(given) = obj.string(param.name, false, p) else {
            if obj.has(param.name) {
                values.bad.insert(param.name); // wrong type: reported by `string`
            } else if let Some(default) = param.default {
                values.given.insert(param.name, default.to_string());
            }
            continue;
        };
        let checked = if given.chars().count() > params::MAX_LEN {
            Err(format!("must be at most {} characters", params::MAX_LEN))
        } else {
            (param.check)(&given)
        };
        match checked {
            Ok(()) => {
                values.given.insert(param.name, given);
            }
            Err(why) => {
                p.add(
                    &obj.at(param.name),
                    format!("{why}; found {}", quote(&given)),
                );
                values.bad.insert(param.name);
            }
        }
    }
    obj.finish(p);
    if values.bad.is_empty() {
        if let Some((name, why)) = preset.check_together(&values.given) {
            p.add(&format!("{at}/{name}"), why);
            values.given.remove(name);
            values.bad.insert(name);
        }
    }
    values
}

/// `claims.groups` and `provisioning.groups.claim` are one setting in two spellings: a
/// document that sets the first must not get the preset's second (and a problem for
/// setting both).
fn drop_aliases(template: &mut Value, fields: &Map<String, Value>) {
    let own_groups_claim = fields
        .get("claims")
        .and_then(|claims| claims.get("groups"))
        .is_some_and(|v| !v.is_null());
    if own_groups_claim {
        if let Some(Value::Object(groups)) = template.pointer_mut("/provisioning/groups") {
            groups.remove("claim");
        }
    }
}

/// What a merge needs to fill values: the parameters, and what it records.
struct Fill<'a> {
    preset: &'static dyn Preset,
    values: Values,
    at: &'a str,
    filled: Vec<String>,
    left_out: Vec<String>,
    /// Parameters that were needed and not given, with the fields that needed them.
    missing: BTreeMap<&'static str, Vec<String>>,
}

impl Fill<'_> {
    /// A template value with its placeholders replaced; `None` when a parameter it needs
    /// is missing or bad.
    fn take(&mut self, value: Value, pointer: &str) -> Option<Value> {
        match value {
            Value::String(text) => self.substitute(text, pointer).map(Value::String),
            Value::Array(items) => items
                .into_iter()
                .map(|item| self.take(item, pointer))
                .collect::<Option<Vec<_>>>()
                .map(Value::Array),
            Value::Object(fields) => {
                let mut out = Map::new();
                for (key, item) in fields {
                    let below = format!("{pointer}/{}", pointer_token(&key));
                    if let Some(item) = self.take(item, &below) {
                        out.insert(key, item);
                    } else {
                        self.left_out.push(below);
                    }
                }
                Some(Value::Object(out))
            }
            other => Some(other),
        }
    }

    /// One pass over `text`: a value is never searched for placeholders itself.
    fn substitute(&mut self, text: String, pointer: &str) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut complete = true;
        let mut rest = text.as_str();
        while let Some((before, name, after)) = next_placeholder(rest) {
            out.push_str(before);
            rest = after;
            let Some(param) = self.preset.parameters().iter().find(|p| p.name == name) else {
                out.push_str(&format!("{{{name}}}"));
                continue;
            };
            match self.values.given.get(param.name) {
                Some(value) => out.push_str(value),
                None => {
                    complete = false;
                    if !self.values.bad.contains(param.name) {
                        let field = pointer.strip_prefix(self.at).unwrap_or(pointer);
                        let field = field.trim_start_matches('/').to_string();
                        self.missing.entry(param.name).or_default().push(field);
                    }
                }
            }
        }
        out.push_str(rest);
        complete.then_some(out)
    }

    fn report_missing(&self, p: &mut Problems) {
        for (name, fields) in &self.missing {
            let param = self.preset.parameters().iter().find(|x| x.name == *name);
            let (description, example) = param.map_or(("", ""), |x| (x.description, x.example));
            let fields: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
            p.add(
                &format!("{}/presetParameters/{}", self.at, pointer_token(name)),
                format!(
                    "is required by preset `{}` to fill {} ({description}, e.g. `{example}`); \
                     or set {} yourself",
                    self.preset.name(),
                    fields.join(", "),
                    fields.join(" and "),
                ),
            );
        }
    }
}

/// The first `{name}` in `text` (a name of ASCII letters and digits): the text before it,
/// the name, the text after it.
fn next_placeholder(text: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| from + i) {
        let tail = &text[open + 1..];
        if let Some(close) = tail.find('}') {
            let name = &tail[..close];
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Some((&text[..open], name, &tail[close + 1..]));
            }
        }
        from = open + 1;
    }
    None
}

/// `defaults` under `fields`: a field the document sets wins (`null` counts as not
/// set), objects merge field by field, arrays are replaced whole.
fn merge(
    defaults: Map<String, Value>,
    fields: &Map<String, Value>,
    at: &str,
    fill: &mut Fill<'_>,
) -> Map<String, Value> {
    let mut out = fields.clone();
    for (key, default) in defaults {
        let pointer = format!("{at}/{}", pointer_token(&key));
        match (fields.get(&key), default) {
            (Some(Value::Object(own)), Value::Object(default)) => {
                let merged = merge(default, own, &pointer, fill);
                out.insert(key, Value::Object(merged));
            }
            (Some(own), _) if !own.is_null() => {}
            (_, default) => match fill.take(default, &pointer) {
                Some(value) => {
                    fill.filled.push(pointer);
                    out.insert(key, value);
                }
                None => {
                    fill.left_out.push(pointer);
                    out.remove(&key);
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests;
