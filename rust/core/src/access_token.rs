//! JWT access tokens (RFC 9068) presented as `Authorization: Bearer` (RFC 6750): the JOSE
//! rules of ID tokens (compact JWS, allowed `alg` without HMAC, no `crit`, keys of the
//! token's issuer only) with explicit typing `at+jwt`, then `iss`, `exp`/`nbf`, `aud`
//! against the allowlist, scopes and the required claims, all after the signature.

use serde_json::{Map, Value};

use crate::config::BearerConfig;
use crate::id_token::KeyLookup;
use crate::jose::{self, TokenType};
use crate::jwt_claims;
use crate::text::{quote, quote_json};
use crate::types::{Issuer, SigningAlg};
use crate::{Code, Error};

const WHAT: &str = "access token";
/// Longest `sub` accepted.
const MAX_SUB_LEN: usize = 255;
/// Most scopes read from one token.
const MAX_SCOPES: usize = 200;

/// A token split and its payload parsed once; nothing verified. Before the signature only
/// `iss` and `aud` are read, and only to pick the IdP whose keys then verify this parse.
#[derive(Debug)]
pub struct UnverifiedAccessToken<'t> {
    jws: jose::CompactJws<'t>,
    claims: Map<String, Value>,
}

impl<'t> UnverifiedAccessToken<'t> {
    /// `None` when it is not a compact JWS with a JSON object payload and an `iss` string:
    /// then it is no token of ours (an opaque token, a product's personal access token).
    pub fn parse(token: &'t str) -> Option<Self> {
        let jws = jose::parse_compact(token, WHAT).ok()?;
        match serde_json::from_slice::<Value>(&jws.payload) {
            Ok(Value::Object(claims)) if claims.get("iss").is_some_and(Value::is_string) => {
                Some(UnverifiedAccessToken { jws, claims })
            }
            _ => None,
        }
    }

    /// The unverified `iss`.
    pub fn issuer(&self) -> &str {
        self.claims.get("iss").and_then(Value::as_str).unwrap_or("")
    }

    /// The unverified `aud` strings (none when missing or of another type).
    pub fn audiences(&self) -> Vec<&str> {
        audiences(&self.claims)
    }
}

/// What a bearer token of one IdP must satisfy.
#[derive(Debug, Clone, Copy)]
pub struct AccessExpectations<'a> {
    pub issuer: &'a Issuer,
    pub bearer: &'a BearerConfig,
    /// The IdP's `allowedAlgorithms`; HMAC ones are never used for access tokens.
    pub allowed_algorithms: &'a [SigningAlg],
    pub leeway: i64,
    pub now: i64,
}

/// A valid access token: its claims (for the username), `sub`, scopes and `exp`.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessToken {
    pub claims: Map<String, Value>,
    pub subject: String,
    pub scopes: Vec<String>,
    pub expires_at: i64,
}

/// Every check, the signature first; then the claims from the same parse.
pub fn validate_parsed(
    token: UnverifiedAccessToken<'_>,
    expect: &AccessExpectations<'_>,
    keys: &KeyLookup<'_>,
) -> Result<AccessToken, Error> {
    // A token signed with the client secret could be minted by anyone holding that
    // secret (every node, the IdP's admin console): access tokens need the IdP's own keys.
    let algorithms: Vec<SigningAlg> = expect
        .allowed_algorithms
        .iter()
        .copied()
        .filter(|a| !a.is_hmac())
        .collect();
    let plain_jwt = expect.bearer.accept_jwt_typ;
    let header = jose::check_header_typed(
        &token.jws.header,
        &algorithms,
        WHAT,
        TokenType::Access { plain_jwt },
    )?;
    let key = keys(header.kid.as_deref(), header.alg)?;
    jose::verify_signature(&token.jws, header.alg, &key, WHAT)?;
    let claims = token.claims;
    check_issuer(&claims, expect.issuer)?;
    let expires_at = check_times(&claims, expect)?;
    check_audience(&claims, &expect.bearer.audiences)?;
    let subject = check_subject(&claims)?;
    let scopes = granted_scopes(&claims)?;
    check_required_scopes(&scopes, &expect.bearer.required_scopes)?;
    check_required_claims(&claims, &expect.bearer.required_claims)?;
    Ok(AccessToken {
        claims,
        subject,
        scopes,
        expires_at,
    })
}

/// The checks after the signature, on an RFC 7662 introspection answer that said
/// `active: true` (the IdP vouches for the token, so there is no signature): `iss` when
/// present, `exp` when present (RFC 7662 §2.2 makes it optional), `nbf`, `aud` against the
/// allowlist, `sub`, scopes and the required claims, with the same codes as a JWT.
pub(crate) fn check_introspected(
    claims: Map<String, Value>,
    expect: &AccessExpectations<'_>,
) -> Result<AccessToken, Error> {
    if claims.contains_key("iss") {
        check_issuer(&claims, expect.issuer)?;
    }
    let expires_at = if claims.contains_key("exp") {
        Some(check_times(&claims, expect)?)
    } else {
        let expired = |e: Error| Error::auth(Code::AccessTokenExpired, e.hint());
        jwt_claims::check_not_before(&claims, expect.now, expect.leeway, WHAT).map_err(expired)?;
        None
    };
    check_audience(&claims, &expect.bearer.audiences)?;
    let subject = check_subject(&claims)?;
    let scopes = granted_scopes(&claims)?;
    check_required_scopes(&scopes, &expect.bearer.required_scopes)?;
    check_required_claims(&claims, &expect.bearer.required_claims)?;
    Ok(AccessToken {
        claims,
        subject,
        scopes,
        expires_at: expires_at.unwrap_or(0),
    })
}

fn check_issuer(claims: &Map<String, Value>, issuer: &Issuer) -> Result<(), Error> {
    match claims.get("iss").and_then(Value::as_str) {
        Some(iss) if iss == *issuer => Ok(()),
        other => Err(Error::auth(
            Code::InvalidIssuer,
            format!(
                "the {WHAT}'s `iss` is {} instead of `{issuer}`",
                other.map(quote).unwrap_or_else(|| "missing".into())
            ),
        )),
    }
}

/// `exp` required (RFC 9068 §2.2) and in the future; `nbf`, when present, not in the
/// future; both with the IdP's `clockSkewSeconds`.
fn check_times(claims: &Map<String, Value>, expect: &AccessExpectations<'_>) -> Result<i64, Error> {
    let expired = |e: Error| Error::auth(Code::AccessTokenExpired, e.hint());
    let exp = jwt_claims::required_date(claims, "exp", WHAT).map_err(expired)?;
    jwt_claims::check_expiry(exp, expect.now, expect.leeway, WHAT).map_err(expired)?;
    jwt_claims::check_not_before(claims, expect.now, expect.leeway, WHAT).map_err(expired)?;
    Ok(exp as i64)
}

fn audiences(claims: &Map<String, Value>) -> Vec<&str> {
    match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// `aud` names at least one audience of the allowlist.
fn check_audience(claims: &Map<String, Value>, allowed: &[String]) -> Result<(), Error> {
    if audiences(claims)
        .iter()
        .any(|a| allowed.iter().any(|b| b == a))
    {
        return Ok(());
    }
    Err(Error::auth(
        Code::InvalidAudience,
        format!(
            "the {WHAT}'s `aud` is {} and names none of bearer.audiences ({}): a token for \
             another API",
            claims
                .get("aud")
                .map(quote_json)
                .unwrap_or_else(|| "missing".into()),
            allowed.join(", ")
        ),
    ))
}

fn check_subject(claims: &Map<String, Value>) -> Result<String, Error> {
    match claims.get("sub") {
        Some(Value::String(s))
            if !s.is_empty() && s.len() <= MAX_SUB_LEN && !s.chars().any(char::is_control) =>
        {
            Ok(s.clone())
        }
        other => Err(Error::auth(
            Code::MissingSubject,
            format!(
                "the {WHAT}'s `sub` is {} instead of a string of 1 to {MAX_SUB_LEN} printable \
                 characters (RFC 9068 §2.2)",
                other.map(quote_json).unwrap_or_else(|| "missing".into())
            ),
        )),
    }
}

/// The scopes of `scope` (a space-separated string, RFC 9068 §2.2.3) or `scp` (an array
/// of strings, or a string, as Entra ID and Okta send).
fn granted_scopes(claims: &Map<String, Value>) -> Result<Vec<String>, Error> {
    let wrong = |name: &str, value: &Value| {
        Error::auth(
            Code::InvalidClaim,
            format!(
                "the {WHAT}'s `{name}` is {} instead of a string or an array of strings",
                quote_json(value)
            ),
        )
    };
    let mut scopes = Vec::new();
    for name in ["scope", "scp"] {
        match claims.get(name) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => {
                scopes.extend(s.split(' ').filter(|s| !s.is_empty()).map(String::from))
            }
            Some(Value::Array(items)) => {
                for item in items {
                    scopes.push(item.as_str().ok_or_else(|| wrong(name, item))?.to_string());
                }
            }
            Some(other) => return Err(wrong(name, other)),
        }
    }
    scopes.truncate(MAX_SCOPES);
    Ok(scopes)
}

fn check_required_scopes(granted: &[String], required: &[String]) -> Result<(), Error> {
    let missing: Vec<&str> = required
        .iter()
        .filter(|r| !granted.contains(r))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::auth(
        Code::InsufficientScope,
        format!(
            "the {WHAT} lacks the scope(s) {} of bearer.requiredScopes (granted: {})",
            missing.join(" "),
            if granted.is_empty() {
                "none".to_string()
            } else {
                granted.join(" ")
            }
        ),
    ))
}

/// Each required claim is the configured string, or an array containing it.
fn check_required_claims(
    claims: &Map<String, Value>,
    required: &[(String, String)],
) -> Result<(), Error> {
    for (name, value) in required {
        let ok = match claims.get(name) {
            Some(Value::String(s)) => s == value,
            Some(Value::Array(items)) => items.iter().any(|i| i.as_str() == Some(value)),
            _ => false,
        };
        if !ok {
            return Err(Error::auth(
                Code::RequiredClaimMismatch,
                format!(
                    "the {WHAT}'s `{name}` is {} but bearer.requiredClaims asks for {}",
                    claims
                        .get(name)
                        .map(quote_json)
                        .unwrap_or_else(|| "missing".into()),
                    quote(value)
                ),
            ));
        }
    }
    Ok(())
}
