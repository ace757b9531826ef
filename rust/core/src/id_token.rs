//! ID token validation, OpenID Connect Core 1.0 §3.1.3.7, as a straight pipeline of
//! small checks. Each check names its step. Time comes from the injected clock.

use serde_json::{Map, Value};

use crate::codes::{
    ID_TOKEN_EXPIRED, INVALID_AUDIENCE, INVALID_AZP, INVALID_ISSUED_AT, INVALID_ISSUER,
    INVALID_NONCE, MALFORMED_ID_TOKEN, MISSING_SUBJECT,
};
use crate::jose;
use crate::jwks::VerificationKey;
use crate::text::{quote, quote_json};
use crate::types::SigningAlg;
use crate::Error;

/// Longest `sub` accepted (OIDC Core §2: at most 255 ASCII characters).
const MAX_SUBJECT_LEN: usize = 255;

/// What this flow expects of its ID token.
#[derive(Debug, Clone)]
pub struct Expectations<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub allowed_algorithms: &'a [SigningAlg],
    /// Allowed clock difference with the IdP, in seconds.
    pub leeway: i64,
    pub now: i64,
    /// When this login started: an ID token issued before it is not for this flow.
    pub flow_started_at: i64,
}

/// A validated ID token.
#[derive(Debug, Clone)]
pub struct IdToken {
    pub subject: String,
    pub claims: Map<String, Value>,
}

/// Looks up the verification key for a `kid` and algorithm (the IdP's JWKS cache).
pub type KeyLookup<'a> = dyn Fn(Option<&str>, SigningAlg) -> Result<VerificationKey, Error> + 'a;

/// Validates `token` for this flow.
pub fn validate(
    token: &str,
    expect: &Expectations<'_>,
    keys: &KeyLookup<'_>,
) -> Result<IdToken, Error> {
    // Step 1: no encryption is configured, so only a JWS in compact form is accepted.
    let jws = jose::parse_compact(token)?;
    // Step 7 (and RFC 8725): `alg` from the allow list, no `crit`, no key from the token.
    let header = jose::check_header(&jws.header, expect.allowed_algorithms)?;
    // Step 6: the signature, with a key from the issuer's `jwks_uri`. Checked before
    // any claim is trusted.
    let key = keys(header.kid.as_deref(), header.alg)?;
    jose::verify_signature(&jws, header.alg, &key)?;
    let claims = parse_claims(&jws.payload)?;
    check_issuer(&claims, expect)?;
    check_audience(&claims, expect)?;
    check_authorized_party(&claims, expect)?;
    check_expiry(&claims, expect)?;
    check_issued_at(&claims, expect)?;
    check_nonce(&claims, expect)?;
    let subject = check_subject(&claims)?;
    Ok(IdToken { subject, claims })
}

fn parse_claims(payload: &[u8]) -> Result<Map<String, Value>, Error> {
    match serde_json::from_slice::<Value>(payload) {
        Ok(Value::Object(claims)) => Ok(claims),
        _ => Err(Error::auth(
            MALFORMED_ID_TOKEN,
            "the ID token's payload is not a JSON object",
        )),
    }
}

/// Step 2: `iss` exactly the configured issuer.
fn check_issuer(claims: &Map<String, Value>, expect: &Expectations<'_>) -> Result<(), Error> {
    match claims.get("iss").and_then(Value::as_str) {
        Some(iss) if iss == expect.issuer => Ok(()),
        found => Err(Error::auth(
            INVALID_ISSUER,
            format!(
                "the ID token's `iss` is {} but the issuer is `{}`; they must match exactly",
                found.map(quote).unwrap_or_else(|| "missing".into()),
                expect.issuer
            ),
        )),
    }
}

/// Step 3: `aud` (a string or an array of strings) contains the client id.
/// Step 4: with several audiences, `azp` must be present.
fn check_audience(claims: &Map<String, Value>, expect: &Expectations<'_>) -> Result<(), Error> {
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let well_formed = match claims.get("aud") {
        Some(Value::Array(items)) => !items.is_empty() && audiences.len() == items.len(),
        other => other.is_some() && !audiences.is_empty(),
    };
    if !well_formed || !audiences.contains(&expect.client_id) {
        return Err(Error::auth(
            INVALID_AUDIENCE,
            format!(
                "the ID token's `aud` is {} and does not name the client id `{}`; check the \
                 clientId",
                claims
                    .get("aud")
                    .map(quote_json)
                    .unwrap_or_else(|| "missing".into()),
                expect.client_id
            ),
        ));
    }
    if audiences.len() > 1 && !claims.contains_key("azp") {
        return Err(Error::auth(
            INVALID_AZP,
            "the ID token has several audiences but no `azp` naming this client",
        ));
    }
    Ok(())
}

/// Step 5: `azp`, when present, is the client id.
fn check_authorized_party(
    claims: &Map<String, Value>,
    expect: &Expectations<'_>,
) -> Result<(), Error> {
    match claims.get("azp") {
        None => Ok(()),
        Some(Value::String(azp)) if azp == expect.client_id => Ok(()),
        Some(other) => Err(Error::auth(
            INVALID_AZP,
            format!(
                "the ID token's `azp` is {} instead of the client id `{}`",
                quote_json(other),
                expect.client_id
            ),
        )),
    }
}

/// A NumericDate claim (RFC 7519 §2): a JSON number, possibly fractional.
fn numeric_date(claims: &Map<String, Value>, name: &str) -> Result<f64, Error> {
    claims
        .get(name)
        .and_then(Value::as_f64)
        .filter(|t| t.is_finite())
        .ok_or_else(|| {
            Error::auth(
                MALFORMED_ID_TOKEN,
                format!(
                    "the ID token's `{name}` is {} instead of a number of seconds",
                    claims
                        .get(name)
                        .map(quote_json)
                        .unwrap_or_else(|| "missing".into())
                ),
            )
        })
}

/// Step 9: `exp` is in the future (with the leeway).
fn check_expiry(claims: &Map<String, Value>, expect: &Expectations<'_>) -> Result<(), Error> {
    let exp = numeric_date(claims, "exp")?;
    if (expect.now - expect.leeway) as f64 >= exp {
        return Err(Error::auth(
            ID_TOKEN_EXPIRED,
            format!(
                "the ID token expired at {exp} (now {}, leeway {} s); check the clocks of \
                 this server and the IdP, or clockSkewSeconds",
                expect.now, expect.leeway
            ),
        ));
    }
    Ok(())
}

/// Step 10: `iat` is present, not in the future and not older than this flow (with leeway).
fn check_issued_at(claims: &Map<String, Value>, expect: &Expectations<'_>) -> Result<(), Error> {
    let iat = numeric_date(claims, "iat")?;
    let problem = if iat > (expect.now + expect.leeway) as f64 {
        "in the future"
    } else if iat < (expect.flow_started_at - expect.leeway) as f64 {
        "before this login started"
    } else {
        return Ok(());
    };
    Err(Error::auth(
        INVALID_ISSUED_AT,
        format!(
            "the ID token was issued {problem} (iat {iat}, now {}, leeway {} s); check the \
             clocks of this server and the IdP, or clockSkewSeconds",
            expect.now, expect.leeway
        ),
    ))
}

/// Step 11: `nonce` equals the one sent in this flow's authorization request.
fn check_nonce(claims: &Map<String, Value>, expect: &Expectations<'_>) -> Result<(), Error> {
    match claims.get("nonce").and_then(Value::as_str) {
        Some(nonce) if nonce == expect.nonce => Ok(()),
        Some(_) => Err(Error::auth(
            INVALID_NONCE,
            "the ID token's `nonce` is not the one sent for this login (a replayed or \
             injected token)",
        )),
        None => Err(Error::auth(
            INVALID_NONCE,
            "the ID token has no `nonce`; the IdP must echo the nonce of the request",
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
            MISSING_SUBJECT,
            format!(
                "the ID token's `sub` is {} instead of a non-empty string",
                other.map(quote_json).unwrap_or_else(|| "missing".into())
            ),
        )),
    }
}

#[cfg(test)]
mod tests;
