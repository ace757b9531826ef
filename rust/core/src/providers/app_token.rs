//! App-only access tokens for a provider's own API (Microsoft Graph): the
//! client-credentials grant (RFC 6749 §4.4) at the IdP's token endpoint, with the IdP's
//! configured client authentication, cached until shortly before it expires.

use crate::Code;
use std::sync::Mutex;

use http::{header, Request};
use serde_json::Value;
use url::form_urlencoded;

use super::Failure;
use crate::config::IdpConfig;
use crate::text::{quote, quote_json};
use crate::types::{ClientSecret, TokenAuthMethod};
use crate::{client_assertion, fetch, token, HttpClient};

/// Renew this long before the token expires (and never keep one longer than half its life).
const RENEW_BEFORE_SECONDS: i64 = 60;
/// Longest lifetime trusted from `expires_in`.
const MAX_LIFETIME_SECONDS: i64 = 24 * 3600;

struct Cached {
    scope: String,
    value: String,
    renew_at: i64,
}

/// One cached app token per IdP. Debug never shows it.
#[derive(Default)]
pub(crate) struct AppTokenCache(Mutex<Option<Cached>>);

impl std::fmt::Debug for AppTokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppTokenCache([redacted])")
    }
}

impl AppTokenCache {
    /// A token for `scope`, from the cache or requested now. The lock is not held
    /// during the request.
    pub(crate) fn get(
        &self,
        idp: &IdpConfig,
        client: &dyn HttpClient,
        token_endpoint: &str,
        scope: &str,
        now: i64,
    ) -> Result<String, Failure> {
        if let Some(cached) = self.lock().as_ref() {
            if cached.scope == scope && now < cached.renew_at {
                return Ok(cached.value.clone());
            }
        }
        let (value, expires_in) = request(idp, client, token_endpoint, scope, now)?;
        if let Some(lifetime) = expires_in {
            let lifetime = lifetime.min(MAX_LIFETIME_SECONDS);
            let margin = RENEW_BEFORE_SECONDS.min(lifetime / 2);
            *self.lock() = Some(Cached {
                scope: scope.to_string(),
                value: value.clone(),
                renew_at: now + lifetime - margin,
            });
        }
        Ok(value)
    }

    /// Forgets the token (the API refused it: revoked, or permissions changed).
    pub(crate) fn invalidate(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Cached>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The token and its `expires_in`, if the answer had a usable one.
fn request(
    idp: &IdpConfig,
    client: &dyn HttpClient,
    token_endpoint: &str,
    scope: &str,
    now: i64,
) -> Result<(String, Option<i64>), Failure> {
    let request = build_request(idp, token_endpoint, scope, now)?;
    let max = idp.http.max_response_bytes;
    let response = fetch::send(client, max, "token endpoint (client credentials)", request)
        .map_err(|e| Failure::new(Code::GraphUnavailable, e.hint()))?;
    let status = response.status();
    if fetch::is_server_error(status) {
        return Err(Failure::new(
            Code::GraphUnavailable,
            format!("token endpoint `{token_endpoint}` answered {status}"),
        ));
    }
    let body = fetch::json_object(response.body()).map_err(|why| {
        let hint = format!("token endpoint `{token_endpoint}` answered {status} with {why}");
        Failure::new(Code::GraphTokenError, hint)
    })?;
    if !status.is_success() || body.contains_key("error") {
        let field = |n: &str| body.get(n).map(quote_json).unwrap_or_else(|| "none".into());
        return Err(Failure::new(
            Code::GraphTokenError,
            format!(
                "the token endpoint refused the client-credentials grant for scope {} with \
                 {status} {} ({}); allow this client the client-credentials grant and the \
                 application permission GroupMember.Read.All (with admin consent)",
                quote(scope),
                field("error"),
                field("error_description")
            ),
        ));
    }
    parse_success(&body)
}

/// RFC 6749 §4.4.2 with the IdP's client authentication (exactly one method).
fn build_request(
    idp: &IdpConfig,
    token_endpoint: &str,
    scope: &str,
    now: i64,
) -> Result<Request<Vec<u8>>, Failure> {
    let internal = |why: String| Failure::new(Code::GraphTokenError, why);
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", "client_credentials")
        .append_pair("scope", scope);
    let mut request = Request::post(token_endpoint)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    let secret = idp.client_secret.as_ref().map(ClientSecret::expose);
    match (idp.token_endpoint_auth_method, secret) {
        (TokenAuthMethod::ClientSecretBasic, Some(secret)) => {
            let basic = token::basic_credentials(idp, secret);
            request = request.header(header::AUTHORIZATION, basic);
        }
        (TokenAuthMethod::ClientSecretPost, Some(secret)) => {
            form.append_pair("client_id", &idp.client_id)
                .append_pair("client_secret", secret);
        }
        _ => {
            let assertion = client_assertion::client_assertion(idp, token_endpoint, now)
                .map_err(|e| internal(e.hint()))?
                .ok_or_else(|| internal("no credentials for the token request".into()))?;
            form.append_pair("client_id", &idp.client_id)
                .append_pair("client_assertion_type", client_assertion::JWT_BEARER)
                .append_pair("client_assertion", &assertion);
        }
    }
    request.body(form.finish().into_bytes()).map_err(|e| {
        internal(format!(
            "cannot build the request to `{token_endpoint}`: {e}"
        ))
    })
}

/// RFC 6749 §5.1: `access_token`, `token_type` `Bearer`, optional `expires_in`.
fn parse_success(body: &serde_json::Map<String, Value>) -> Result<(String, Option<i64>), Failure> {
    let token_type = body.get("token_type").and_then(Value::as_str);
    if !token_type.is_some_and(|t| t.eq_ignore_ascii_case("Bearer")) {
        return Err(Failure::new(
            Code::GraphTokenError,
            format!(
                "the client-credentials token_type is {} instead of `Bearer`",
                token_type.map(quote).unwrap_or_else(|| "missing".into())
            ),
        ));
    }
    let Some(value) = body
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_graphic()))
    else {
        return Err(Failure::new(
            Code::GraphTokenError,
            "the client-credentials answer has no usable `access_token`",
        ));
    };
    let expires_in = body
        .get("expires_in")
        .and_then(Value::as_i64)
        .filter(|s| *s > 0);
    Ok((value.to_string(), expires_in))
}
