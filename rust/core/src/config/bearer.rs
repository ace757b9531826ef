//! `bearer` of one IdP: which JWT access tokens (RFC 9068) of this IdP authenticate an API
//! request (`Authorization: Bearer`, RFC 6750) without a browser session.

use serde_json::Value;

use super::reader::{type_name, Object, Problems};
use crate::text::quote;

const MAX_AUDIENCES: usize = 20;
const MAX_SCOPES: usize = 50;
const MAX_CLAIMS: usize = 20;
const MAX_VALUE_LEN: usize = 255;

/// Bearer access tokens of one IdP. `None` on the IdP = no bearer tokens from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BearerConfig {
    /// At least one: the token's `aud` must name one of them (RFC 9068 §4).
    pub audiences: Vec<String>,
    /// Every one must be granted (`scope` string or `scp` array); else 403 `insufficient_scope`.
    pub required_scopes: Vec<String>,
    /// Claims that must be present with exactly this string value (or contain it, for an
    /// array claim).
    pub required_claims: Vec<(String, String)>,
    /// Also accept `typ` `JWT` or no `typ` (IdPs that do not implement RFC 9068, such as
    /// Keycloak); by default only `at+jwt`.
    pub accept_jwt_typ: bool,
    /// Opaque tokens (not a JWS) through RFC 7662 introspection; `None` = off.
    pub introspection: Option<IntrospectionConfig>,
}

/// `bearer.introspection`: the IdP's introspection endpoint answers for opaque tokens
/// (and, with `jwts`, for this IdP's JWTs too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntrospectionConfig {
    /// The endpoint; `None` = discovery's `introspection_endpoint`.
    pub endpoint: Option<String>,
    /// How long an `active: true` answer is reused (never past the token's `exp`).
    pub cache_seconds: u64,
    /// How long an `active: false` answer is reused.
    pub inactive_cache_seconds: u64,
    /// When not empty, the answer's `client_id` must be one of these.
    pub client_ids: Vec<String>,
    /// Also JWT access tokens of this IdP, after every local check: a JWT revoked at the
    /// IdP, or whose session ended there, stops working within `cache_seconds` (IdPs such
    /// as Keycloak issue only JWTs, and end them before their `exp`).
    pub jwts: bool,
}

pub const DEFAULT_INTROSPECTION_CACHE_SECONDS: u64 = 60;
pub const MAX_INTROSPECTION_CACHE_SECONDS: u64 = 300;
pub const DEFAULT_INACTIVE_CACHE_SECONDS: u64 = 10;
pub const MAX_INACTIVE_CACHE_SECONDS: u64 = 60;
const MAX_CLIENT_IDS: usize = 20;

/// Reads `bearer`; `Some(None)` when absent or `enabled: false`, `None` on a problem.
pub(super) fn read_bearer(
    obj: &mut Object<'_>,
    allow_http_loopback: bool,
    p: &mut Problems,
) -> Option<Option<BearerConfig>> {
    let pointer = obj.at("bearer");
    let Some(value) = obj.get("bearer") else {
        return Some(None);
    };
    let first = p.0.len();
    let mut bearer = Object::new(value, &pointer, p)?;
    let enabled = bearer.boolean("enabled", true, p);
    let audiences = tokens(&mut bearer, "audiences", MAX_AUDIENCES, p);
    let required_scopes = tokens(&mut bearer, "requiredScopes", MAX_SCOPES, p);
    let required_claims = read_required_claims(&mut bearer, p);
    let accept_jwt_typ = bearer.boolean("acceptJwtTyp", false, p);
    let introspection = read_introspection(&mut bearer, allow_http_loopback, p);
    let audiences = audiences.unwrap_or_default();
    if enabled && audiences.is_empty() && !bearer.has("audiences") {
        p.add(
            &format!("{pointer}/audiences"),
            "is required: list the audience (`aud`) the IdP puts into access tokens for this \
             product (a token for another API must not work here)",
        );
    }
    bearer.finish(p);
    if p.0.len() > first || !enabled {
        return (p.0.len() == first).then_some(None);
    }
    Some(Some(BearerConfig {
        audiences,
        required_scopes: required_scopes.unwrap_or_default(),
        required_claims: required_claims.unwrap_or_default(),
        accept_jwt_typ,
        introspection: introspection.flatten(),
    }))
}

/// `bearer.introspection`; `Some(None)` when absent or `enabled: false`.
fn read_introspection(
    bearer: &mut Object<'_>,
    allow_http_loopback: bool,
    p: &mut Problems,
) -> Option<Option<IntrospectionConfig>> {
    let pointer = bearer.at("introspection");
    let Some(value) = bearer.get("introspection") else {
        return Some(None);
    };
    let first = p.0.len();
    let mut obj = Object::new(value, &pointer, p)?;
    let enabled = obj.boolean("enabled", true, p);
    let endpoint = obj.string("endpoint", false, p).and_then(|raw| {
        match crate::url_policy::check_endpoint(&raw, allow_http_loopback) {
            Ok(_) => Some(raw),
            Err(why) => {
                p.add(
                    &format!("{pointer}/endpoint"),
                    format!("{} {why}", quote(&raw)),
                );
                None
            }
        }
    });
    let cache_seconds = obj.integer(
        "cacheSeconds",
        DEFAULT_INTROSPECTION_CACHE_SECONDS,
        (1, MAX_INTROSPECTION_CACHE_SECONDS),
        p,
    );
    let inactive_cache_seconds = obj.integer(
        "inactiveCacheSeconds",
        DEFAULT_INACTIVE_CACHE_SECONDS,
        (1, MAX_INACTIVE_CACHE_SECONDS),
        p,
    );
    let client_ids = tokens(&mut obj, "clientIds", MAX_CLIENT_IDS, p);
    let jwts = obj.boolean("jwts", false, p);
    obj.finish(p);
    if p.0.len() > first || !enabled {
        return (p.0.len() == first).then_some(None);
    }
    Some(Some(IntrospectionConfig {
        endpoint,
        cache_seconds,
        inactive_cache_seconds,
        client_ids: client_ids.unwrap_or_default(),
        jwts,
    }))
}

/// A list of 1 to `max` distinct printable strings without spaces (absent = empty list,
/// except that an explicitly empty `audiences` is reported).
fn tokens(
    obj: &mut Object<'_>,
    key: &'static str,
    max: usize,
    p: &mut Problems,
) -> Option<Vec<String>> {
    let at = obj.at(key);
    let items = obj.strings(key, p)?;
    if items.is_empty() && key == "audiences" {
        p.add(&at, "must list at least one audience");
    }
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for (item, pointer) in items {
        if !printable_token(&item) {
            p.add(
                &pointer,
                format!(
                    "must be 1 to {MAX_VALUE_LEN} printable characters without spaces, found {}",
                    quote(&item)
                ),
            );
        } else if out.contains(&item) {
            p.add(&pointer, format!("{} is listed twice", quote(&item)));
        } else {
            out.push(item);
        }
    }
    if out.len() > max {
        p.add(&at, format!("lists {} entries; at most {max}", out.len()));
    }
    Some(out)
}

fn printable_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_VALUE_LEN
        && !s.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// `requiredClaims`: an object of claim name -> required string value.
fn read_required_claims(obj: &mut Object<'_>, p: &mut Problems) -> Option<Vec<(String, String)>> {
    let at = obj.at("requiredClaims");
    let map = match obj.get("requiredClaims")? {
        Value::Object(map) => map,
        other => {
            p.add(
                &at,
                format!(
                    "must be an object of claim name to required string value, found {}",
                    type_name(other)
                ),
            );
            return None;
        }
    };
    if map.len() > MAX_CLAIMS {
        p.add(
            &at,
            format!("lists {} claims; at most {MAX_CLAIMS}", map.len()),
        );
        return None;
    }
    let mut out = Vec::with_capacity(map.len());
    for (name, value) in map {
        let pointer = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
        match value {
            Value::String(v)
                if printable_token(name) && !v.is_empty() && v.len() <= MAX_VALUE_LEN =>
            {
                out.push((name.clone(), v.clone()));
            }
            other => p.add(
                &pointer,
                format!(
                    "must be a non-empty string of at most {MAX_VALUE_LEN} characters (the \
                     value the claim must have), found {}",
                    type_name(other)
                ),
            ),
        }
    }
    Some(out)
}
