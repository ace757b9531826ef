//! Claim checks shared by ID tokens and signed userinfo responses (OIDC Core 3.1.3.7,
//! 5.3.2): `iss`, `aud`/`azp`, and NumericDate claims with the leeway applied in the
//! direction that favours rejection only beyond the configured skew.

use crate::Code;
use serde_json::{Map, Value};

use crate::text::{quote, quote_json};
use crate::types::{ClientId, Issuer};
use crate::Error;

/// Who the token must come from and be for.
#[derive(Debug, Clone, Copy)]
pub struct Audience<'a> {
    pub issuer: &'a Issuer,
    pub client_id: &'a ClientId,
    /// Audiences besides the client id the admin trusts (`trustedAudiences`).
    pub trusted: &'a [String],
}

fn shown(value: Option<&Value>) -> String {
    value.map(quote_json).unwrap_or_else(|| "missing".into())
}

/// Step 2: `iss` exactly the configured issuer.
pub fn check_issuer(
    claims: &Map<String, Value>,
    who: &Audience<'_>,
    what: &str,
) -> Result<(), Error> {
    match claims.get("iss").and_then(Value::as_str) {
        Some(iss) if iss == *who.issuer => Ok(()),
        found => Err(Error::auth(
            Code::InvalidIssuer,
            format!(
                "the {what}'s `iss` is {} but the issuer is `{}`; they must match exactly \
                 (check the IdP's issuer setting: trailing slash? tenant?)",
                found.map(quote).unwrap_or_else(|| "missing".into()),
                who.issuer
            ),
        )),
    }
}

/// Step 3: `aud` (a string or a non-empty array of strings) contains the client id and
/// no audience the admin did not list in `trustedAudiences`.
/// Steps 4-5: with several audiences `azp` is required; when present it is the client id.
pub fn check_audience(
    claims: &Map<String, Value>,
    who: &Audience<'_>,
    what: &str,
) -> Result<(), Error> {
    let audiences = audiences(claims.get("aud")).ok_or_else(|| {
        Error::auth(
            Code::InvalidAudience,
            format!(
                "the {what}'s `aud` is {} instead of a string or an array of strings naming \
                 the client id `{}`",
                shown(claims.get("aud")),
                who.client_id
            ),
        )
    })?;
    if !audiences.contains(&who.client_id.as_str()) {
        return Err(Error::auth(
            Code::InvalidAudience,
            format!(
                "the {what}'s `aud` is {} and does not name the client id `{}`; check the \
                 clientId",
                shown(claims.get("aud")),
                who.client_id
            ),
        ));
    }
    if let Some(untrusted) = audiences
        .iter()
        .find(|a| **a != *who.client_id && !who.trusted.iter().any(|t| t == *a))
    {
        return Err(Error::auth(
            Code::InvalidAudience,
            format!(
                "the {what} is also meant for {}, which is not in trustedAudiences \
                 (expected only `{}`); add it to trustedAudiences only if you trust that \
                 party with this user's tokens",
                quote(untrusted),
                who.client_id
            ),
        ));
    }
    check_authorized_party(claims, who, audiences.len() > 1, what)
}

/// The audiences, or `None` when `aud` is missing or not a string / array of strings.
fn audiences(aud: Option<&Value>) -> Option<Vec<&str>> {
    match aud? {
        Value::String(aud) => Some(vec![aud.as_str()]),
        Value::Array(items) if !items.is_empty() => {
            items.iter().map(Value::as_str).collect::<Option<Vec<_>>>()
        }
        _ => None,
    }
}

fn check_authorized_party(
    claims: &Map<String, Value>,
    who: &Audience<'_>,
    several_audiences: bool,
    what: &str,
) -> Result<(), Error> {
    match claims.get("azp") {
        None if several_audiences => Err(Error::auth(
            Code::InvalidAzp,
            format!(
                "the {what} has several audiences but no `azp`; expected `azp` = `{}`",
                who.client_id
            ),
        )),
        None => Ok(()),
        Some(Value::String(azp)) if *azp == *who.client_id => Ok(()),
        Some(other) => Err(Error::auth(
            Code::InvalidAzp,
            format!(
                "the {what}'s `azp` is {} instead of the client id `{}`",
                quote_json(other),
                who.client_id
            ),
        )),
    }
}

/// A NumericDate claim (RFC 7519 §2): a finite JSON number. `Ok(None)` when absent.
pub fn numeric_date(
    claims: &Map<String, Value>,
    name: &str,
    what: &str,
) -> Result<Option<f64>, Error> {
    match claims.get(name) {
        None => Ok(None),
        Some(value) => value
            .as_f64()
            .filter(|t| t.is_finite())
            .map(Some)
            .ok_or_else(|| {
                Error::auth(
                    Code::MalformedIdToken,
                    format!(
                        "the {what}'s `{name}` is {} instead of a number of seconds",
                        quote_json(value)
                    ),
                )
            }),
    }
}

/// A NumericDate claim that must be present.
pub fn required_date(claims: &Map<String, Value>, name: &str, what: &str) -> Result<f64, Error> {
    numeric_date(claims, name, what)?.ok_or_else(|| {
        Error::auth(
            Code::MalformedIdToken,
            format!("the {what} has no `{name}`; it must carry a number of seconds"),
        )
    })
}

/// Step 9: expired when `exp` <= now - leeway.
pub fn check_expiry(exp: f64, now: i64, leeway: i64, what: &str) -> Result<(), Error> {
    if exp <= (now - leeway) as f64 {
        return Err(Error::auth(
            Code::IdTokenExpired,
            format!(
                "the {what} expired at {exp} (now {now}, leeway {leeway} s); check the clocks \
                 of this server and the IdP, or clockSkewSeconds"
            ),
        ));
    }
    Ok(())
}

/// RFC 7519 §4.1.5: not valid before `nbf` (with the leeway).
pub fn check_not_before(
    claims: &Map<String, Value>,
    now: i64,
    leeway: i64,
    what: &str,
) -> Result<(), Error> {
    match numeric_date(claims, "nbf", what)? {
        Some(nbf) if nbf > (now + leeway) as f64 => Err(Error::auth(
            Code::IdTokenNotYetValid,
            format!(
                "the {what} is valid only from {nbf} (now {now}, leeway {leeway} s); check the \
                 clocks of this server and the IdP, or clockSkewSeconds"
            ),
        )),
        _ => Ok(()),
    }
}
