//! The groups claim of one login, read by path from the ID token, userinfo or both.
//! Wrong types are rejected, never coerced; sizes are bounded.

use crate::Code;
use serde_json::{Map, Value};

use crate::config::limits::{MAX_GROUPS, MAX_GROUP_LEN};
use crate::config::{GroupSource, GroupSync};
use crate::mapping::Claims;
use crate::text::quote_json;
use crate::Error;

/// Longest delimited groups string accepted, in bytes.
pub const MAX_DELIMITED_LEN: usize = MAX_GROUPS * (MAX_GROUP_LEN + 4);

/// The claimed groups (deduplicated, in claim order) and whether the claim was present.
/// Absent (or `null`) means "the IdP said nothing": the caller must not remove groups.
pub fn claimed_groups(cfg: &GroupSync, claims: Claims<'_>) -> Result<(Vec<String>, bool), Error> {
    let pointer = cfg.claim_pointer.as_str();
    let id_token = lookup(Some(claims.id_token), pointer);
    let value = match cfg.source {
        GroupSource::IdToken => id_token,
        GroupSource::Userinfo => lookup(claims.userinfo, pointer),
        GroupSource::Both => id_token.or_else(|| lookup(claims.userinfo, pointer)),
    };
    let Some(value) = value else {
        return Ok((Vec::new(), false));
    };
    let reject = |why: String| {
        Error::auth(
            Code::InvalidGroupsClaim,
            format!("the groups claim `{}` {why}", cfg.claim),
        )
    };
    let items: Vec<&str> = match (value, cfg.delimiter.as_deref()) {
        (Value::Array(items), _) => strings_of(items, &reject)?,
        (Value::String(text), Some(delimiter)) => split(text, delimiter, &reject)?,
        (other, delimiter) => {
            let expected = if delimiter.is_some() {
                "an array of strings or a delimited string"
            } else {
                "an array of strings (set groups.delimiter to accept a delimited string)"
            };
            return Err(reject(format!(
                "is {} instead of {expected}",
                quote_json(other)
            )));
        }
    };
    let mut groups: Vec<String> = Vec::with_capacity(items.len());
    for (i, group) in items.into_iter().enumerate() {
        if group.is_empty()
            || group.chars().count() > MAX_GROUP_LEN
            || group.chars().any(char::is_control)
        {
            return Err(reject(format!(
                "entry {i} is not a group name of 1 to {MAX_GROUP_LEN} characters without \
                 control characters"
            )));
        }
        if !groups.iter().any(|g| g == group) {
            groups.push(group.to_string());
        }
    }
    Ok((groups, true))
}

/// A claim by JSON pointer. The first segment is a claim name, so a pointer never reaches
/// outside the claims document.
/// `null` counts as absent.
fn lookup<'a>(doc: Option<&'a Map<String, Value>>, pointer: &str) -> Option<&'a Value> {
    lookup_in(doc?, pointer).filter(|v| !v.is_null())
}

fn lookup_in<'a>(doc: &'a Map<String, Value>, pointer: &str) -> Option<&'a Value> {
    let (first, rest) = match pointer.trim_start_matches('/').split_once('/') {
        Some((first, rest)) => (first, format!("/{rest}")),
        None => (pointer.trim_start_matches('/'), String::new()),
    };
    let first = first.replace("~1", "/").replace("~0", "~");
    let top = doc.get(&first)?;
    if rest.is_empty() {
        Some(top)
    } else {
        top.pointer(&rest)
    }
}

fn strings_of<'a>(
    items: &'a [Value],
    reject: &dyn Fn(String) -> Error,
) -> Result<Vec<&'a str>, Error> {
    if items.len() > MAX_GROUPS {
        return Err(reject(format!(
            "has {} entries; at most {MAX_GROUPS}",
            items.len()
        )));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            item.as_str().ok_or_else(|| {
                reject(format!(
                    "entry {i} is {}; each group must be a string",
                    quote_json(item)
                ))
            })
        })
        .collect()
}

fn split<'a>(
    text: &'a str,
    delimiter: &str,
    reject: &dyn Fn(String) -> Error,
) -> Result<Vec<&'a str>, Error> {
    if text.len() > MAX_DELIMITED_LEN {
        return Err(reject(format!(
            "is a string of {} bytes; at most {MAX_DELIMITED_LEN}",
            text.len()
        )));
    }
    let items: Vec<&str> = text
        .split(delimiter)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if items.len() > MAX_GROUPS {
        return Err(reject(format!(
            "has {} entries; at most {MAX_GROUPS}",
            items.len()
        )));
    }
    Ok(items)
}
