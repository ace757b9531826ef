//! RFC 7662 token introspection: an opaque bearer token (not a JWS) is sent to the IdP's
//! introspection endpoint, with the client's own authentication, and the answer is
//! remembered briefly by the SHA-256 of the token (never the token itself, [`cache`]).
//! The call goes through the IdP's client and outage guard (URL policy, timeouts,
//! `http.maxResponseBytes`, circuit and bulkhead), so a down endpoint costs one bounded
//! wait and then, with the circuit open, nothing (docs/security.md, "Bearer tokens").

mod cache;

use std::sync::Arc;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use url::form_urlencoded;

pub(crate) use cache::{IntrospectionCache, TokenKey};

use crate::config::IdpConfig;
use crate::outage::Calls;
use crate::text::quote_json;
use crate::{fetch, token, Code, Error};

/// Longest opaque token sent to an IdP (opaque tokens are short handles; a longer value
/// is something else and stays with the product).
pub(crate) const MAX_OPAQUE_TOKEN_BYTES: usize = 4096;

/// What the IdP said about a token: what is cached.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Answer {
    /// `active: true` with the answer's members (the token's claims).
    Active(Arc<Map<String, Value>>),
    /// `active: false`: unknown, revoked, expired or not this IdP's.
    Inactive,
}

/// The cache key of a token: its SHA-256.
pub(crate) fn token_key(token: &str) -> TokenKey {
    Sha256::digest(token.as_bytes()).into()
}

/// True when `token` may be an opaque token (RFC 6750 `b64token`, at most
/// [`MAX_OPAQUE_TOKEN_BYTES`]) and is not shaped like a compact JWS (two dots).
pub(crate) fn is_opaque_candidate(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty()
        && token.len() <= MAX_OPAQUE_TOKEN_BYTES
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
        && body.bytes().filter(|&b| b == b'.').count() != 2
}

/// One introspection request (RFC 7662 §2.1) and its answer (§2.2).
pub(crate) fn introspect(
    idp: &IdpConfig,
    endpoint: &str,
    token: &str,
    calls: &Calls<'_>,
    now: i64,
) -> Result<Answer, Error> {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("token", token)
        .append_pair("token_type_hint", "access_token");
    let request = token::authenticated_post(idp, endpoint, form, now, "introspection request")?;
    let max = idp.http.max_response_bytes;
    let response = fetch::send(calls, max, "introspection endpoint", request)?;
    let status = response.status();
    if !status.is_success() {
        let advice = if fetch::is_server_error(status) {
            "the IdP is in trouble"
        } else {
            "check clientId and the client's credentials, and that the IdP lets this client \
             introspect tokens"
        };
        return Err(failed(format!(
            "introspection endpoint `{endpoint}` answered {status}; {advice}"
        )));
    }
    let body = fetch::json_object(response.body()).map_err(|why| {
        failed(format!(
            "introspection endpoint `{endpoint}` answered {why}"
        ))
    })?;
    parse_answer(body, endpoint)
}

/// `active` decides; any other shape is the IdP breaking RFC 7662, not a verdict on the token.
pub(crate) fn parse_answer(body: Map<String, Value>, endpoint: &str) -> Result<Answer, Error> {
    match body.get("active") {
        Some(Value::Bool(true)) => Ok(Answer::Active(Arc::new(body))),
        Some(Value::Bool(false)) => Ok(Answer::Inactive),
        other => Err(failed(format!(
            "introspection endpoint `{endpoint}` answered `active` {} instead of true or false \
             (RFC 7662 §2.2)",
            other.map(quote_json).unwrap_or_else(|| "missing".into())
        ))),
    }
}

fn failed(hint: String) -> Error {
    Error::unavailable(Code::IdpUnavailable, hint)
}

/// Until when (unix seconds) an answer is reused: an active one for `cache_seconds` but
/// never past its `exp`; an inactive one for `inactive_seconds`.
pub(crate) fn reuse_until(
    answer: &Answer,
    now: i64,
    cache_seconds: u64,
    inactive_seconds: u64,
) -> i64 {
    let after = |s: u64| now.saturating_add(i64::try_from(s).unwrap_or(i64::MAX));
    match answer {
        Answer::Inactive => after(inactive_seconds),
        Answer::Active(claims) => {
            let exp = claims.get("exp").and_then(Value::as_f64).map(|e| e as i64);
            let until = after(cache_seconds);
            exp.map_or(until, |exp| until.min(exp))
        }
    }
}

#[cfg(test)]
mod tests;
