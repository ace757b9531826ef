//! Back-channel logout token validation, OpenID Connect Back-Channel Logout 1.0 §2.4 and
//! §2.6, as a straight pipeline of small checks in the spec's order. The JOSE part is
//! the ID token's (compact JWS, allowed `alg`, no `crit`, no key from the token, a key of
//! the token's issuer only) with explicit typing `logout+jwt`.

use std::borrow::Cow;

use crate::Code;
use serde_json::{Map, Value};

use crate::api::LogoutTokenRequest;
use crate::id_token::KeyLookup;
use crate::jose::{self, TokenType};
use crate::jwt_claims::{self, Audience};
use crate::text::quote_json;
use crate::types::SigningAlg;
use crate::Error;
use typed::TypedClaims;

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

/// [`LogoutToken`] with its strings borrowed from the payload when the typed path read them
/// (owned when the JSON-map rules did): the answer written without copying them first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutTokenRef<'p> {
    pub sub: Option<Cow<'p, str>>,
    pub sid: Option<Cow<'p, str>>,
    pub jti: Cow<'p, str>,
    pub remember_until: i64,
}

impl LogoutTokenRef<'_> {
    pub fn into_owned(self) -> LogoutToken {
        LogoutToken {
            sub: self.sub.map(Cow::into_owned),
            sid: self.sid.map(Cow::into_owned),
            jti: self.jti.into_owned(),
            remember_until: self.remember_until,
        }
    }
}

impl From<LogoutToken> for LogoutTokenRef<'_> {
    fn from(valid: LogoutToken) -> Self {
        LogoutTokenRef {
            sub: valid.sub.map(Cow::Owned),
            sid: valid.sid.map(Cow::Owned),
            jti: Cow::Owned(valid.jti),
            remember_until: valid.remember_until,
        }
    }
}

/// A logout token split and base64-decoded, nothing verified yet. Before the signature is
/// checked only its `iss` and `aud` can be read ([`UnverifiedLogoutToken::claims`]), and only
/// to pick the IdP whose keys then verify it (§2.6); the claims are checked after the
/// signature, from that same parse.
#[derive(Debug)]
pub struct UnverifiedLogoutToken<'t> {
    jws: jose::JwsRef<'t>,
    /// Split by `jose::parse_plain`: its payload is first offered to the strict reader.
    plain: bool,
}

/// A logout token's payload parsed once: typed and borrowed from the payload when every member
/// the rules read has its valid type (the fast path, `typed.rs`), else the JSON map.
#[derive(Debug)]
pub struct UnverifiedClaims<'p>(Parsed<'p>);

#[derive(Debug)]
enum Parsed<'p> {
    Typed(TypedClaims<'p>),
    Map(Map<String, Value>),
}

/// A logout token split into a compact JWS (its payload is read by
/// [`UnverifiedLogoutToken::claims`]).
pub fn parse(token: &str) -> Result<jose::CompactJws<'_>, Error> {
    jose::parse_compact(token, WHAT).map_err(rename_malformed)
}

impl<'t> UnverifiedLogoutToken<'t> {
    /// The token's parts, from [`parse`] or from `jose::parse_plain` (the same parts).
    pub fn new(jws: jose::JwsRef<'t>) -> Self {
        UnverifiedLogoutToken { jws, plain: false }
    }

    /// A token split by `jose::parse_plain`: [`Self::claims`] first tries the strict reader
    /// (`TypedClaims::read_plain`), which answers exactly what the serde path answers or
    /// leaves the payload to it.
    pub fn new_plain(jws: jose::JwsRef<'t>) -> Self {
        UnverifiedLogoutToken { jws, plain: true }
    }

    /// The payload, which must be a JSON object.
    pub fn claims(&self) -> Result<UnverifiedClaims<'t>, Error> {
        let payload = self.jws.payload;
        let typed = match self.plain {
            true => TypedClaims::read_plain(payload).or_else(|| TypedClaims::parse(payload)),
            false => TypedClaims::parse(payload),
        };
        match typed {
            Some(typed) => Ok(UnverifiedClaims(Parsed::Typed(typed))),
            None => Ok(UnverifiedClaims(Parsed::Map(claims_map(self.jws.payload)?))),
        }
    }
}

/// Whether the strict reader agrees with serde on a payload (for the tests and the fuzz
/// target): `None` when the reader leaves it to serde, else whether both read the same.
pub(crate) fn plain_claims_agree(payload: &[u8]) -> Option<bool> {
    TypedClaims::read_plain(payload).map(|plain| Some(plain) == TypedClaims::parse(payload))
}

/// Whether the strict reader reads a payload (for the bench, through `fuzzing`).
pub(crate) fn read_plain_claims(payload: &[u8]) -> bool {
    std::hint::black_box(TypedClaims::read_plain(payload)).is_some()
}

/// Whether serde reads a payload into the typed struct (for the bench, through `fuzzing`).
pub(crate) fn read_serde_claims(payload: &[u8]) -> bool {
    std::hint::black_box(TypedClaims::parse(payload)).is_some()
}

fn claims_map(payload: &[u8]) -> Result<Map<String, Value>, Error> {
    match serde_json::from_slice::<Value>(payload) {
        Ok(Value::Object(claims)) => Ok(claims),
        _ => Err(malformed("the payload is not a JSON object")),
    }
}

impl UnverifiedClaims<'_> {
    /// The unverified `iss`; a token without one names no IdP.
    pub fn issuer(&self) -> Result<&str, Error> {
        let iss = match &self.0 {
            Parsed::Typed(typed) => typed.iss.as_deref(),
            Parsed::Map(claims) => claims.get("iss").and_then(Value::as_str),
        };
        iss.ok_or_else(|| malformed("it has no `iss` string"))
    }

    /// Whether `aud` is among [`Self::audiences`] (without collecting them).
    pub fn has_audience(&self, aud: &str) -> bool {
        match &self.0 {
            Parsed::Typed(typed) => typed
                .aud
                .as_ref()
                .is_some_and(|all| all.as_slice().iter().any(|a| a == aud)),
            Parsed::Map(claims) => match claims.get("aud") {
                Some(Value::String(one)) => one == aud,
                Some(Value::Array(items)) => items.iter().any(|a| a.as_str() == Some(aud)),
                _ => false,
            },
        }
    }

    /// The unverified `aud` strings (none when `aud` is missing or of another type).
    pub fn audiences(&self) -> Vec<&str> {
        match &self.0 {
            Parsed::Typed(typed) => typed
                .aud
                .iter()
                .flat_map(|all| all.as_slice())
                .map(Cow::as_ref)
                .collect(),
            Parsed::Map(claims) => match claims.get("aud") {
                Some(Value::String(aud)) => vec![aud.as_str()],
                Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            },
        }
    }
}

/// Validates a logout token with the keys of the IdP whose `iss` it names (§2.6).
pub fn validate(
    token: &str,
    expect: &LogoutExpectations<'_>,
    keys: &KeyLookup<'_>,
) -> Result<LogoutToken, Error> {
    let jws = parse(token)?;
    let token = UnverifiedLogoutToken::new(jws.parts());
    let claims = token.claims()?;
    validate_parsed(&token, claims, expect, keys)
}

/// [`validate`] for a token already parsed to pick its IdP.
pub fn validate_parsed(
    token: &UnverifiedLogoutToken<'_>,
    claims: UnverifiedClaims<'_>,
    expect: &LogoutExpectations<'_>,
    keys: &KeyLookup<'_>,
) -> Result<LogoutToken, Error> {
    validate_borrowed(token, &claims, expect, keys).map(LogoutTokenRef::into_owned)
}

/// [`validate_parsed`] with the answer's strings borrowed from `claims`.
pub fn validate_borrowed<'c>(
    token: &UnverifiedLogoutToken<'_>,
    claims: &'c UnverifiedClaims<'_>,
    expect: &LogoutExpectations<'_>,
    keys: &KeyLookup<'_>,
) -> Result<LogoutTokenRef<'c>, Error> {
    verify_jws(token, expect, keys).map_err(rename_malformed)?; // steps 1-2
    match &claims.0 {
        Parsed::Typed(typed) => match typed.accept(expect) {
            Some(valid) => Ok(valid),
            // A rule is broken: the map's checks say which, with its code and message.
            None => check_claims(&claims_map(token.jws.payload)?, expect).map(Into::into),
        },
        Parsed::Map(claims) => check_claims(claims, expect).map(Into::into),
    }
}

/// Steps 3 to 7 on the JSON map, in the spec's order.
fn check_claims(
    claims: &Map<String, Value>,
    expect: &LogoutExpectations<'_>,
) -> Result<LogoutToken, Error> {
    let who = &expect.audience;
    jwt_claims::check_issuer(claims, who, WHAT)?; // step 3
    jwt_claims::check_audience(claims, who, WHAT)?;
    let iat = check_issued_at(claims, expect)?;
    let exp = check_expiry(claims, expect)?;
    check_events(claims)?; // step 4
    let (sub, sid) = check_subject_or_session(claims)?; // step 5
    check_no_nonce(claims)?; // step 6
    let jti = check_jti(claims)?; // step 7 is the shim's: `jti` single use
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
    let jws = parse(token)?;
    let token = UnverifiedLogoutToken::new(jws.parts());
    let claims = token.claims()?;
    let audiences = claims.audiences().into_iter().map(str::to_owned).collect();
    Ok((claims.issuer()?.to_owned(), audiences))
}

/// A token that is not even a JWS is refused before anything else.
pub fn check_request(req: &LogoutTokenRequest) -> Result<&str, Error> {
    check_token(&req.logout_token)
}

/// [`check_request`] for the token's bytes: a JWS is ASCII, so bytes that are not UTF-8 are
/// a malformed token.
pub fn check_token_bytes(token: &[u8]) -> Result<&str, Error> {
    let token = std::str::from_utf8(token).map_err(|_| malformed("it is not UTF-8 text"))?;
    check_token(token)
}

fn check_token(token: &str) -> Result<&str, Error> {
    let token = token.trim();
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
/// when present, signed by a key of this IdP with an allowed algorithm.
fn verify_jws(
    token: &UnverifiedLogoutToken<'_>,
    expect: &LogoutExpectations<'_>,
    keys: &KeyLookup<'_>,
) -> Result<(), Error> {
    let header = jose::check_header_borrowed(
        token.jws.header,
        expect.allowed_algorithms,
        WHAT,
        TokenType::Logout,
    )?;
    let key = keys(header.kid.as_deref(), header.alg)?;
    jose::verify_signature_ref(&token.jws, header.alg, &key, WHAT)
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
mod typed;
