//! The UserInfo request (OIDC Core §5.3): Bearer access token; a JSON object, or a
//! signed JWT (`application/jwt`) validated like an ID token (signature by the issuer's
//! keys, allowed `alg`, `iss`, `aud`); its `sub` must be the ID token's (§5.3.2; a
//! mismatch rejects the login, it is not dropped). Distributed claims
//! (`_claim_sources`) are never fetched.

use crate::Code;
use http::{header, Request};
use serde_json::{Map, Value};

use crate::id_token::{self, KeyLookup};
use crate::jwt_claims::{self, Audience};
use crate::text::quote;
use crate::types::SigningAlg;
use crate::{fetch, Error, HttpClient};

const WHAT: &str = "signed userinfo";

fn invalid(hint: String) -> Error {
    Error::auth(Code::InvalidUserinfoResponse, hint)
}

/// What the userinfo endpoint answered, by content type.
#[derive(Debug)]
pub(crate) enum UserinfoBody {
    Json(Map<String, Value>),
    /// The compact JWS of a signed response, not yet validated.
    Jwt(String),
}

/// Fetches the answer of `endpoint` for this access token.
pub(crate) fn fetch_userinfo(
    client: &dyn HttpClient,
    max_bytes: usize,
    endpoint: &str,
    access_token: &str,
) -> Result<UserinfoBody, Error> {
    let request = Request::get(endpoint)
        .header(header::ACCEPT, "application/json, application/jwt")
        .header(header::AUTHORIZATION, format!("Bearer {access_token}"))
        .body(Vec::new())
        .map_err(|e| Error::Internal(format!("cannot build the userinfo request: {e}")))?;
    let response = fetch::send(client, max_bytes, "userinfo endpoint", request)?;
    let status = response.status();
    if fetch::is_server_error(status) {
        return Err(Error::unavailable(
            Code::IdpUnavailable,
            format!("userinfo endpoint `{endpoint}` answered {status}; the IdP is in trouble"),
        ));
    }
    if !status.is_success() {
        return Err(invalid(format!(
            "userinfo endpoint `{endpoint}` answered {status}; check that the access token \
             grants the requested scopes, or set fetchUserinfo to false"
        )));
    }
    match media_type(response.headers()).as_str() {
        "application/json" => fetch::json_object(response.body())
            .map(UserinfoBody::Json)
            .map_err(|why| invalid(format!("userinfo endpoint `{endpoint}` answered {why}"))),
        "application/jwt" => std::str::from_utf8(response.body())
            .map(|jwt| UserinfoBody::Jwt(jwt.trim().to_string()))
            .map_err(|_| {
                invalid(format!(
                    "userinfo endpoint `{endpoint}` sent a non-text JWT"
                ))
            }),
        other => Err(invalid(format!(
            "userinfo endpoint `{endpoint}` answered content type {}; expected \
             application/json or application/jwt",
            quote(other)
        ))),
    }
}

/// The media type without parameters, lower case; empty when absent.
fn media_type(headers: &http::HeaderMap) -> String {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).to_ascii_lowercase())
        .unwrap_or_default();
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// What a signed userinfo response must satisfy.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SignedExpectations<'a> {
    pub(crate) audience: Audience<'a>,
    pub(crate) allowed_algorithms: &'a [SigningAlg],
    pub(crate) leeway: i64,
    pub(crate) now: i64,
}

/// OIDC Core §5.3.2: a signed response is validated like an ID token: the issuer's keys,
/// an allowed `alg`, `iss` and `aud`, and `exp`/`nbf` when present.
pub(crate) fn validate_signed(
    jwt: &str,
    expect: &SignedExpectations<'_>,
    keys: &KeyLookup<'_>,
) -> Result<Map<String, Value>, Error> {
    let (_, claims) =
        id_token::verify_jws(jwt, WHAT, expect.allowed_algorithms, keys).map_err(|e| {
            match e.code() {
                Code::MalformedIdToken => invalid(e.hint()),
                _ => e,
            }
        })?;
    jwt_claims::check_issuer(&claims, &expect.audience, WHAT)?;
    jwt_claims::check_audience(&claims, &expect.audience, WHAT)?;
    if let Some(exp) = jwt_claims::numeric_date(&claims, "exp", WHAT)? {
        jwt_claims::check_expiry(exp, expect.now, expect.leeway, WHAT)?;
    }
    jwt_claims::check_not_before(&claims, expect.now, expect.leeway, WHAT)?;
    Ok(claims)
}

/// §5.3.2: the userinfo `sub` must exactly equal the ID token's.
pub(crate) fn check_subject(claims: &Map<String, Value>, subject: &str) -> Result<(), Error> {
    match claims.get("sub").and_then(Value::as_str) {
        Some(sub) if sub == subject => Ok(()),
        found => Err(Error::auth(
            Code::UserinfoSubMismatch,
            format!(
                "the userinfo `sub` is {} but the ID token's is {}; the answer is for \
                 another user (token substitution?) and the login is refused",
                found.map(quote).unwrap_or_else(|| "missing".into()),
                quote(subject)
            ),
        )),
    }
}
