//! Claims -> the user's attributes. Claim names are configured per IdP. The ID token's
//! claims win; userinfo fills only what the ID token lacks (the ID token is signed).
//! Wrong types are rejected, never coerced.

use crate::Code;
use serde_json::{Map, Value};

use crate::config::ClaimNames;
use crate::text::quote_json;
use crate::Error;

/// Longest username, email or display name accepted, in characters.
pub const MAX_ATTRIBUTE_LEN: usize = 255;

/// The user's attributes from one login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub username: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub display_name: Option<String>,
    pub groups: Vec<String>,
    /// True only when the configured groups claim was present (ID token or userinfo).
    /// An empty `groups` with this false means "the IdP said nothing about groups":
    /// the shim must then keep the user's groups instead of removing them all.
    pub groups_claim_present: bool,
}

/// The claims of one login: the ID token's first, then userinfo's.
#[derive(Debug, Clone, Copy)]
pub struct Claims<'a> {
    pub id_token: &'a Map<String, Value>,
    pub userinfo: Option<&'a Map<String, Value>>,
}

impl<'a> Claims<'a> {
    /// The claim and the document it came from (`null` counts as absent).
    fn source_of(&self, name: &str) -> Option<&'a Map<String, Value>> {
        let has = |m: &Map<String, Value>| m.get(name).is_some_and(|v| !v.is_null());
        [Some(self.id_token), self.userinfo]
            .into_iter()
            .flatten()
            .find(|m| has(m))
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.source_of(name).and_then(|m| m.get(name))
    }
}

/// Everything but the groups, which the IdP's group sync reads by path
/// ([`crate::provisioning::claimed_groups`]).
pub fn map_profile(names: &ClaimNames, claims: Claims<'_>) -> Result<Identity, Error> {
    let (email, email_verified) = map_email(&names.email, claims)?;
    Ok(Identity {
        username: map_username(&names.username, claims)?,
        email,
        email_verified,
        display_name: optional_text(&names.display_name, claims)?,
        groups: Vec::new(),
        groups_claim_present: false,
    })
}

/// The username from the claim `name` (also for bearer access tokens, whose claims are
/// the only document).
pub fn map_username(name: &str, claims: Claims<'_>) -> Result<String, Error> {
    let Some(value) = claims.get(name) else {
        return Err(Error::auth(
            Code::MissingUsernameClaim,
            format!(
                "neither the ID token nor userinfo has the username claim `{name}`; set \
                 claims.username to a claim the IdP sends, or make the IdP send `{name}`"
            ),
        ));
    };
    match value.as_str() {
        Some(s) if is_clean_text(s) && s.trim() == s => Ok(s.to_string()),
        _ => Err(Error::auth(
            Code::InvalidUsernameClaim,
            format!(
                "the username claim `{name}` is {}; it must be a non-empty string of at most \
                 {MAX_ATTRIBUTE_LEN} characters without control characters or surrounding spaces",
                quote_json(value)
            ),
        )),
    }
}

fn is_clean_text(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= MAX_ATTRIBUTE_LEN && !s.chars().any(char::is_control)
}

/// An optional text attribute: absent or empty is `None`, a non-string is an error.
fn optional_text(name: &str, claims: Claims<'_>) -> Result<Option<String>, Error> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) if is_clean_text(s) => Ok(Some(s.clone())),
        Some(other) => Err(Error::auth(
            Code::InvalidClaim,
            format!(
                "the claim `{name}` is {}; it must be a string of at most \
                 {MAX_ATTRIBUTE_LEN} characters without control characters",
                quote_json(other)
            ),
        )),
    }
}

/// The email and whether the IdP verified it: `email_verified` is read from the same
/// document as the email and counts only as the boolean `true`.
fn map_email(name: &str, claims: Claims<'_>) -> Result<(Option<String>, bool), Error> {
    let email = optional_text(name, claims)?;
    if let Some(address) = &email {
        if !address.contains('@') || address.chars().any(char::is_whitespace) {
            return Err(Error::auth(
                Code::InvalidClaim,
                format!("the email claim `{name}` is not an email address"),
            ));
        }
    }
    let verified = email.is_some()
        && claims
            .source_of(name)
            .and_then(|source| source.get("email_verified"))
            .is_some_and(|v| v == &Value::Bool(true));
    Ok((email, verified))
}

#[cfg(test)]
mod tests;
