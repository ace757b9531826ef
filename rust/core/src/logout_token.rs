//! Back-channel logout token validation, OpenID Connect Back-Channel Logout 1.0 §2.4 and
//! §2.6, as a straight pipeline of small checks in the spec's order. The JOSE part is
//! the ID token's (compact JWS, allowed `alg`, no `crit`, no key from the token, a key of
//! the token's issuer only) with explicit typing `logout+jwt`.

use crate::Code;
use serde_json::{Map, Value};

use crate::api::LogoutTokenRequest;
use crate::id_token::KeyLookup;
use crate::jose::{self, TokenType};
use crate::jwt_claims::{self, Audience};
use crate::text::quote_json;
use crate::types::SigningAlg;
use crate::Error;

/// The event a logout token must carry (§2.4), with a JSON object as its value.
pub const BACKCHANNEL_LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";
/// Longest `sub`, `sid` and `jti` accepted.
const MAX_ID_LEN: usize = 255;
const WHAT: &str = "logout token";

/// What a logout token of one IdP must satisfy.
#[derive(Debug, Clone)]
pub struct LogoutExpectations<'a> {
    pub audience: Audience<'a>,
    pub allowed_algorithms: &'a [SigningAlg],
    pub leeway: i64,
    pub now: i64,
    /// How old `iat` may be (`maxIdTokenAgeSeconds`).
    pub max_token_age: i64,
}

/// The claims of a valid logout token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutToken {
    pub sub: Option<String>,
    pub sid: Option<String>,
    pub jti: String,
    pub remember_until: i64,
}

/// A logout token split and its payload parsed once, nothing verified yet. Before the
/// signature is checked only its `iss` and `aud` can be read, and only to pick the IdP whose
/// keys then verify it (§2.6); the claims are checked after the signature, from this same parse.
#[derive(Debug)]
pub struct UnverifiedLogoutToken<'t> {
    jws: jose::CompactJws<'t>,
    claims: Map<String, Value>,
}

impl<'t> UnverifiedLogoutToken<'t> {
    /// A compact JWS whose payload is a JSON object.
    pub fn parse(token: &'t str) -> Result<Self, Error> {
        let jws = jose::parse_compact(token, WHAT).map_err(rename_malformed)?;
        let claims = match serde_json::from_slice::<Value>(&jws.payload) {
            Ok(Value::Object(claims)) => claims,
            _ => return Err(malformed("the payload is not a JSON object")),
        };
        Ok(UnverifiedLogoutToken { jws, claims })
    }

    /// The unverified `iss`; a token without one names no IdP.
    pub fn issuer(&self) -> Result<&str, Error> {
        match self.claims.get("iss") {
            Some(Value::String(iss)) => Ok(iss),
            _ => Err(malformed("it has no `iss` string")),
        }
    }

    /// The unverified `aud` strings (none when `aud` is missing or of another type).
    pub fn audiences(&self) -> Vec<&str> {
        match self.claims.get("aud") {
            Some(Value::String(aud)) => vec![aud.as_str()],
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }
}

/// Validates a logout token with the keys of the IdP whose `iss` it names (§2.6).
pub fn validate(
    token: &str,
    expect: &LogoutExpectations<'_>,
    keys: &KeyLookup<'_>,
) -> Result<LogoutToken, Error> {
    validate_parsed(UnverifiedLogoutToken::parse(token)?, expect, keys)
}

/// [`validate`] for a token already parsed to pick its IdP.
pub fn validate_parsed(
    token: UnverifiedLogoutToken<'_>,
    expect: &LogoutExpectations<'_>,
    keys: &KeyLookup<'_>,
) -> Result<LogoutToken, Error> {
    let claims = verify_jws(token, expect, keys).map_err(rename_malformed)?; // steps 1-2
    let who = &expect.audience;
    jwt_claims::check_issuer(&claims, who, WHAT)?; // step 3
    jwt_claims::check_audience(&claims, who, WHAT)?;
    let iat = check_issued_at(&claims, expect)?;
    let exp = check_expiry(&claims, expect)?;
    check_events(&claims)?; // step 4
    let (sub, sid) = check_subject_or_session(&claims)?; // step 5
    check_no_nonce(&claims)?; // step 6
    let jti = check_jti(&claims)?; // step 7 is the shim's: `jti` single use
    let oldest_accepted = iat + expect.max_token_age;
    Ok(LogoutToken {
        sub,
        sid,
        jti,
        remember_until: exp.unwrap_or(oldest_accepted).min(oldest_accepted) + expect.leeway,
    })
}

/// The unverified `iss` and `aud` of a compact JWS: only to pick the IdP whose keys then
/// verify it.
pub fn unverified_issuer(token: &str) -> Result<(String, Vec<String>), Error> {
    let token = UnverifiedLogoutToken::parse(token)?;
    let audiences = token.audiences().into_iter().map(str::to_owned).collect();
    Ok((token.issuer()?.to_owned(), audiences))
}

/// A token that is not even a JWS is refused before anything else.
pub fn check_request(req: &LogoutTokenRequest) -> Result<&str, Error> {
    let token = req.logout_token.trim();
    if token.is_empty() {
        return Err(Error::auth(
            Code::InvalidRequest,
            "the back-channel logout request has no `logout_token`",
        ));
    }
    Ok(token)
}

fn malformed(why: &str) -> Error {
    Error::auth(
        Code::MalformedLogoutToken,
        format!("the {WHAT} is malformed: {why}"),
    )
}

/// The JOSE layer reports malformed tokens with the ID token's code; here it is ours.
fn rename_malformed(e: Error) -> Error {
    match e {
        Error::Authentication {
            code: Code::MalformedIdToken,
            hint,
        } => Error::auth(Code::MalformedLogoutToken, hint),
        other => other,
    }
}

/// Steps 1-2: a compact JWS whose header passes the RFC 8725 rules with `typ` `logout+jwt`
/// when present, signed by a key of this IdP with an allowed algorithm. Only then are the
/// claims handed out.
fn verify_jws(
    token: UnverifiedLogoutToken<'_>,
    expect: &LogoutExpectations<'_>,
    keys: &KeyLookup<'_>,
) -> Result<Map<String, Value>, Error> {
    let header = jose::check_header_typed(
        &token.jws.header,
        expect.allowed_algorithms,
        WHAT,
        TokenType::Logout,
    )?;
    let key = keys(header.kid.as_deref(), header.alg)?;
    jose::verify_signature(&token.jws, header.alg, &key, WHAT)?;
    Ok(token.claims)
}

/// Step 3 (`iat` as in ID tokens): present, numeric, not in the future, not older than
/// `maxIdTokenAgeSeconds`, each with the leeway.
fn check_issued_at(
    claims: &Map<String, Value>,
    expect: &LogoutExpectations<'_>,
) -> Result<i64, Error> {
    let invalid = |why: String| {
        Error::auth(
            Code::InvalidIssuedAt,
            format!(
                "the {WHAT}'s `iat` {why} (now {}, leeway {} s); check the clocks of this \
                 server and the IdP, clockSkewSeconds or maxIdTokenAgeSeconds",
                expect.now, expect.leeway
            ),
        )
    };
    let iat = match claims.get("iat") {
        None => return Err(invalid("is missing".into())),
        Some(value) => value
            .as_f64()
            .filter(|t| t.is_finite())
            .ok_or_else(|| invalid(format!("is {} instead of a number", quote_json(value))))?,
    };
    if iat > (expect.now + expect.leeway) as f64 {
        return Err(invalid(format!("{iat} is in the future")));
    }
    if iat < (expect.now - expect.max_token_age - expect.leeway) as f64 {
        return Err(invalid(format!(
            "{iat} is more than {} s ago (a replayed token?)",
            expect.max_token_age
        )));
    }
    Ok(iat as i64)
}

/// Step 3 (`exp` as in ID tokens), when present: numeric and in the future.
fn check_expiry(
    claims: &Map<String, Value>,
    expect: &LogoutExpectations<'_>,
) -> Result<Option<i64>, Error> {
    let Some(exp) = jwt_claims::numeric_date(claims, "exp", WHAT).map_err(rename_malformed)? else {
        return Ok(None);
    };
    jwt_claims::check_expiry(exp, expect.now, expect.leeway, WHAT)
        .map_err(|e| Error::auth(Code::LogoutTokenExpired, e.hint()))?;
    Ok(Some(exp as i64))
}

/// Step 4: `events` is an object whose member for the back-channel logout event is an
/// object (§2.4: "whose value is a JSON object").
fn check_events(claims: &Map<String, Value>) -> Result<(), Error> {
    let event = match claims.get("events") {
        Some(Value::Object(events)) => events.get(BACKCHANNEL_LOGOUT_EVENT),
        Some(other) => {
            return Err(Error::auth(
                Code::InvalidLogoutEvent,
                format!(
                    "the {WHAT}'s `events` is {} instead of a JSON object",
                    quote_json(other)
                ),
            ))
        }
        None => None,
    };
    match event {
        Some(Value::Object(_)) => Ok(()),
        Some(other) => Err(Error::auth(
            Code::InvalidLogoutEvent,
            format!(
                "the {WHAT}'s event `{BACKCHANNEL_LOGOUT_EVENT}` is {} instead of a JSON object",
                quote_json(other)
            ),
        )),
        None => Err(Error::auth(
            Code::InvalidLogoutEvent,
            format!(
                "the {WHAT} has no `events` member `{BACKCHANNEL_LOGOUT_EVENT}` (is this a \
                 logout token?)"
            ),
        )),
    }
}

/// Step 5: a `sub`, a `sid`, or both; each a non-empty string of at most 255 characters.
fn check_subject_or_session(
    claims: &Map<String, Value>,
) -> Result<(Option<String>, Option<String>), Error> {
    let sub = identifier(claims, "sub", Code::MissingLogoutSubject)?;
    let sid = identifier(claims, "sid", Code::MissingLogoutSubject)?;
    if sub.is_none() && sid.is_none() {
        return Err(Error::auth(
            Code::MissingLogoutSubject,
            format!("the {WHAT} has neither `sub` nor `sid`: it names no session to end"),
        ));
    }
    Ok((sub, sid))
}

/// Step 6: a logout token never carries a `nonce` (so an ID token cannot pass as one).
fn check_no_nonce(claims: &Map<String, Value>) -> Result<(), Error> {
    if claims.contains_key("nonce") {
        return Err(Error::auth(
            Code::LogoutTokenHasNonce,
            format!("the {WHAT} carries a `nonce`, which is forbidden (an ID token?)"),
        ));
    }
    Ok(())
}

/// §2.4: `jti` is required; the shim keeps it to refuse a second use.
fn check_jti(claims: &Map<String, Value>) -> Result<String, Error> {
    identifier(claims, "jti", Code::MissingJti)?.ok_or_else(|| {
        Error::auth(
            Code::MissingJti,
            format!("the {WHAT} has no `jti`; it is required so a replay can be refused"),
        )
    })
}

/// An optional identifier claim: absent, or a printable string of 1 to 255 characters.
fn identifier(
    claims: &Map<String, Value>,
    name: &str,
    code: Code,
) -> Result<Option<String>, Error> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::String(s))
            if !s.is_empty() && s.len() <= MAX_ID_LEN && !s.chars().any(char::is_control) =>
        {
            Ok(Some(s.clone()))
        }
        Some(other) => Err(Error::auth(
            code,
            format!(
                "the {WHAT}'s `{name}` is {} instead of a string of 1 to {MAX_ID_LEN} \
                 printable characters",
                quote_json(other)
            ),
        )),
    }
}

#[cfg(test)]
mod tests;
