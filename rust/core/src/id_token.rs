//! ID token validation, OpenID Connect Core 1.0 §3.1.3.7, as a straight pipeline of
//! small checks. Each check names its step. Time comes from the injected clock.

use crate::Code;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{Map, Value};

use crate::jose;
use crate::jose::VerificationKey;
use crate::jwt_claims::{self, Audience};
use crate::text::{quote, quote_json};
use crate::types::{ClientId, Issuer, Nonce, SigningAlg};
use crate::Error;

/// Longest `sub` accepted (OIDC Core §2: at most 255 ASCII characters).
const MAX_SUBJECT_LEN: usize = 255;
const WHAT: &str = "ID token";

/// What this flow expects of its ID token.
#[derive(Debug, Clone)]
pub struct Expectations<'a> {
    pub issuer: &'a Issuer,
    pub client_id: &'a ClientId,
    /// Audiences besides the client id the admin trusts.
    pub trusted_audiences: &'a [String],
    pub nonce: &'a Nonce,
    pub allowed_algorithms: &'a [SigningAlg],
    /// Allowed clock difference with the IdP, in seconds.
    pub leeway: i64,
    pub now: i64,
    /// When this login started: an ID token issued before it is not for this flow.
    pub flow_started_at: i64,
    /// How old `iat` may be (`maxIdTokenAgeSeconds`).
    pub max_token_age: i64,
    /// The `max_age` sent in the authorization request, if any.
    pub max_age: Option<u64>,
    /// A re-authentication (websudo through the IdP) that started at this instant: `auth_time`
    /// is required and must not be before it (less the leeway).
    pub reauthenticated_since: Option<i64>,
    /// The access token issued with the ID token, for `at_hash`.
    pub access_token: Option<&'a str>,
}

impl Expectations<'_> {
    fn audience(&self) -> Audience<'_> {
        Audience {
            issuer: self.issuer,
            client_id: self.client_id,
            trusted: self.trusted_audiences,
        }
    }
}

/// A validated ID token.
#[derive(Debug, Clone)]
pub struct IdToken {
    pub subject: String,
    pub claims: Map<String, Value>,
}

/// Looks up the verification key for a `kid` and algorithm (the IdP's JWKS cache, or
/// the client secret for HMAC).
pub type KeyLookup<'a> = dyn Fn(Option<&str>, SigningAlg) -> Result<VerificationKey, Error> + 'a;

/// Validates `token` for this flow.
pub fn validate(
    token: &str,
    expect: &Expectations<'_>,
    keys: &KeyLookup<'_>,
) -> Result<IdToken, Error> {
    // Steps 1, 6-8: a compact JWS (no JWE), an allowed `alg`, no `crit`, no key from the
    // token, the signature by a key of this issuer. Checked before any claim is trusted.
    let (alg, claims) = verify_jws(token, WHAT, expect.allowed_algorithms, keys)?;
    let who = expect.audience();
    jwt_claims::check_issuer(&claims, &who, WHAT)?; // step 2
    jwt_claims::check_audience(&claims, &who, WHAT)?; // steps 3-5
    let exp = jwt_claims::required_date(&claims, "exp", WHAT)?;
    jwt_claims::check_expiry(exp, expect.now, expect.leeway, WHAT)?; // step 9
    jwt_claims::check_not_before(&claims, expect.now, expect.leeway, WHAT)?;
    check_issued_at(&claims, expect)?; // step 10
    check_nonce(&claims, expect)?; // step 11
    check_auth_time(&claims, expect)?; // step 13
    check_access_token_hash(&claims, alg, expect.access_token)?; // 3.1.3.8
    let subject = check_subject(&claims)?;
    Ok(IdToken { subject, claims })
}

/// The JWS part shared with signed userinfo: parse, header rules, key, signature, and
/// the payload as a JSON object.
pub(crate) fn verify_jws(
    token: &str,
    what: &str,
    allowed: &[SigningAlg],
    keys: &KeyLookup<'_>,
) -> Result<(SigningAlg, Map<String, Value>), Error> {
    let jws = jose::parse_compact(token, what)?;
    let header = jose::check_header(&jws.header, allowed, what)?;
    let key = keys(header.kid.as_deref(), header.alg)?;
    jose::verify_signature(&jws, header.alg, &key, what)?;
    match serde_json::from_slice::<Value>(&jws.payload) {
        Ok(Value::Object(claims)) => Ok((header.alg, claims)),
        _ => Err(Error::auth(
            Code::MalformedIdToken,
            format!("the {what}'s payload is not a JSON object"),
        )),
    }
}

fn issued_at_error(problem: &str, iat: f64, expect: &Expectations<'_>, setting: &str) -> Error {
    Error::auth(
        Code::InvalidIssuedAt,
        format!(
            "the ID token was issued {problem} (iat {iat}, now {}, leeway {} s); check the \
             clocks of this server and the IdP, or {setting}",
            expect.now, expect.leeway
        ),
    )
}

/// Step 10: `iat` is present, not in the future, not older than this flow and not older
/// than `maxIdTokenAgeSeconds` (each with the leeway).
fn check_issued_at(claims: &Map<String, Value>, expect: &Expectations<'_>) -> Result<(), Error> {
    let iat = jwt_claims::required_date(claims, "iat", WHAT)?;
    let (now, leeway) = (expect.now, expect.leeway);
    if iat > (now + leeway) as f64 {
        return Err(issued_at_error(
            "in the future",
            iat,
            expect,
            "clockSkewSeconds",
        ));
    }
    if iat < (now - expect.max_token_age - leeway) as f64 {
        let problem = format!("more than {} s ago", expect.max_token_age);
        return Err(issued_at_error(
            &problem,
            iat,
            expect,
            "maxIdTokenAgeSeconds",
        ));
    }
    if iat < (expect.flow_started_at - leeway) as f64 {
        return Err(issued_at_error(
            "before this login started",
            iat,
            expect,
            "clockSkewSeconds",
        ));
    }
    Ok(())
}

/// Step 11: `nonce` equals the one sent in this flow's authorization request. A logout
/// or access token in the ID-token slot has none.
fn check_nonce(claims: &Map<String, Value>, expect: &Expectations<'_>) -> Result<(), Error> {
    match claims.get("nonce").and_then(Value::as_str) {
        Some(nonce) if nonce == *expect.nonce => Ok(()),
        Some(_) => Err(Error::auth(
            Code::InvalidNonce,
            "the ID token's `nonce` is not the one sent for this login (a replayed or \
             injected token)",
        )),
        None => Err(Error::auth(
            Code::InvalidNonce,
            "the ID token has no `nonce`; the IdP must echo the nonce of the request (or \
             this is not an ID token: a logout or access token?)",
        )),
    }
}

/// Step 13: when `max_age` was requested, `auth_time` is required, and the user must
/// have authenticated within `max_age` (plus leeway), not in the future.
fn check_auth_time(claims: &Map<String, Value>, expect: &Expectations<'_>) -> Result<(), Error> {
    let auth_time = jwt_claims::numeric_date(claims, "auth_time", WHAT)
        .map_err(|e| Error::auth(Code::InvalidAuthTime, e.hint()))?;
    if let Some(since) = expect.reauthenticated_since {
        check_reauthenticated(auth_time, since, expect)?;
    }
    let Some(max_age) = expect.max_age else {
        return Ok(());
    };
    let (now, leeway) = (expect.now, expect.leeway);
    let Some(auth_time) = auth_time else {
        return Err(Error::auth(
            Code::InvalidAuthTime,
            format!(
                "maxAgeSeconds ({max_age}) was requested but the ID token has no `auth_time`; \
                 the IdP must honour max_age"
            ),
        ));
    };
    let age = now as f64 - auth_time;
    if auth_time > (now + leeway) as f64 || age > (max_age as f64) + leeway as f64 {
        return Err(Error::auth(
            Code::InvalidAuthTime,
            format!(
                "the user authenticated at {auth_time} ({age} s ago) but maxAgeSeconds is \
                 {max_age} (leeway {leeway} s); the IdP did not force a fresh sign-in"
            ),
        ));
    }
    Ok(())
}

/// A re-authentication proves a sign-in at the IdP after it started: an `auth_time` from
/// before (an IdP that ignored `prompt=login` and `max_age=0` and answered from its session)
/// or none at all is refused, and so is one in the future.
fn check_reauthenticated(
    auth_time: Option<f64>,
    since: i64,
    expect: &Expectations<'_>,
) -> Result<(), Error> {
    let (now, leeway) = (expect.now, expect.leeway);
    let Some(auth_time) = auth_time else {
        return Err(Error::auth(
            Code::ReauthenticationNotFresh,
            "the re-authentication's ID token has no `auth_time`; the IdP must honour \
             max_age=0 and send it",
        ));
    };
    if auth_time < (since - leeway) as f64 || auth_time > (now + leeway) as f64 {
        return Err(Error::auth(
            Code::ReauthenticationNotFresh,
            format!(
                "the user authenticated at {auth_time} but the re-authentication started at \
                 {since} (leeway {leeway} s); the IdP did not force a fresh sign-in"
            ),
        ));
    }
    Ok(())
}

/// OIDC Core 3.1.3.8: `at_hash`, when present, is the left half of the hash (of the ID
/// token's `alg`) of the access token, base64url-encoded.
fn check_access_token_hash(
    claims: &Map<String, Value>,
    alg: SigningAlg,
    access_token: Option<&str>,
) -> Result<(), Error> {
    let Some(at_hash) = claims.get("at_hash") else {
        return Ok(());
    };
    let expected =
        access_token.map(|token| URL_SAFE_NO_PAD.encode(alg.left_half_hash(token.as_bytes())));
    match (at_hash.as_str(), expected) {
        (Some(found), Some(expected)) if found == expected => Ok(()),
        _ => Err(Error::auth(
            Code::InvalidAtHash,
            format!(
                "the ID token's `at_hash` {} does not match the access token it came with \
                 ({alg}); the access token was swapped or the IdP computes at_hash wrongly",
                quote_json(at_hash)
            ),
        )),
    }
}

/// OIDC Core §2: `sub` is a non-empty string of at most 255 characters.
fn check_subject(claims: &Map<String, Value>) -> Result<String, Error> {
    match claims.get("sub") {
        Some(Value::String(sub)) if !sub.is_empty() && sub.len() <= MAX_SUBJECT_LEN => {
            Ok(sub.clone())
        }
        other => Err(Error::auth(
            Code::MissingSubject,
            format!(
                "the ID token's `sub` is {} instead of a non-empty string",
                other.map(quote_json).unwrap_or_else(|| quote("missing"))
            ),
        )),
    }
}

#[cfg(test)]
mod tests;
