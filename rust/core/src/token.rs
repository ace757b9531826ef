//! The code exchange at the token endpoint (OIDC Core 3.1.3.1-3.1.3.4, RFC 6749 §4.1.3).

use crate::Code;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http::{header, Request};
use serde_json::{Map, Value};
use url::form_urlencoded;

use crate::config::IdpConfig;
use crate::text::{quote, quote_json};
use crate::types::{ClientSecret, TokenAuthMethod};
use crate::{client_assertion, fetch, Error, HttpClient};

/// What the token endpoint returned. Debug never shows the tokens.
pub struct TokenResponse {
    pub id_token: String,
    pub access_token: String,
    /// The response's `Date` header (RFC 9110 §6.6.1) as Unix seconds, when it parsed:
    /// the test login's clock reading.
    pub server_date: Option<i64>,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenResponse([redacted])")
    }
}

/// One code exchange.
#[derive(Debug)]
pub struct CodeExchange<'a> {
    pub token_endpoint: &'a str,
    pub code: &'a str,
    pub redirect_uri: &'a str,
    pub pkce_verifier: &'a str,
    /// Now, for the client assertion's `iat`/`exp`.
    pub now: i64,
}

/// Exchanges the code; the client authenticates as configured.
pub(crate) fn exchange_code(
    idp: &IdpConfig,
    client: &dyn HttpClient,
    exchange: &CodeExchange<'_>,
) -> Result<TokenResponse, Error> {
    let request = build_request(idp, exchange)?;
    let response = fetch::send(
        client,
        idp.http.max_response_bytes,
        "token endpoint",
        request,
    )?;
    let status = response.status();
    let url = exchange.token_endpoint;
    if fetch::is_server_error(status) {
        return Err(Error::unavailable(
            Code::IdpUnavailable,
            format!("token endpoint `{url}` answered {status}; the IdP is in trouble"),
        ));
    }
    let body = fetch::json_object(response.body()).map_err(|why| {
        token_error(format!(
            "token endpoint `{url}` answered {status} with {why}"
        ))
    })?;
    if !status.is_success() || body.contains_key("error") {
        return Err(token_error(describe_error(status, &body)));
    }
    let server_date = response
        .headers()
        .get(header::DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(fetch::parse_http_date);
    parse_success(&body).map(|tokens| TokenResponse {
        server_date,
        ..tokens
    })
}

fn token_error(hint: String) -> Error {
    Error::auth(Code::TokenError, hint)
}

/// RFC 6749 §4.1.3 with §2.3.1 client authentication and RFC 7636 §4.5 `code_verifier`.
pub(crate) fn build_request(
    idp: &IdpConfig,
    exchange: &CodeExchange<'_>,
) -> Result<Request<Vec<u8>>, Error> {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", "authorization_code")
        .append_pair("code", exchange.code)
        .append_pair("redirect_uri", exchange.redirect_uri)
        .append_pair("code_verifier", exchange.pkce_verifier);
    authenticated_post(
        idp,
        exchange.token_endpoint,
        form,
        exchange.now,
        "token request",
    )
}

/// A form POST to one of the IdP's endpoints (token, introspection) with the client's
/// authentication as configured (RFC 6749 §2.3.1, RFC 7523 §2.2).
pub(crate) fn authenticated_post(
    idp: &IdpConfig,
    endpoint: &str,
    mut form: form_urlencoded::Serializer<'_, String>,
    now: i64,
    what: &str,
) -> Result<Request<Vec<u8>>, Error> {
    let mut request = Request::post(endpoint)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    // Credentials go one way only: Basic, or the form, or an assertion; never two.
    let secret = idp.client_secret.as_ref().map(ClientSecret::expose);
    match (idp.token_endpoint_auth_method, secret) {
        (TokenAuthMethod::ClientSecretBasic, Some(secret)) => {
            request = request.header(header::AUTHORIZATION, basic_credentials(idp, secret));
        }
        (TokenAuthMethod::ClientSecretPost, Some(secret)) => {
            form.append_pair("client_id", &idp.client_id)
                .append_pair("client_secret", secret);
        }
        _ => {
            let assertion = client_assertion::client_assertion(idp, endpoint, now)?
                .ok_or_else(|| Error::Internal(format!("no credentials for the {what}")))?;
            form.append_pair("client_id", &idp.client_id)
                .append_pair("client_assertion_type", client_assertion::JWT_BEARER)
                .append_pair("client_assertion", &assertion);
        }
    }
    request
        .body(form.finish().into_bytes())
        .map_err(|e| Error::Internal(format!("cannot build the {what} to `{endpoint}`: {e}")))
}

/// RFC 6749 §2.3.1: id and secret are form-urlencoded BEFORE the Basic encoding, so a
/// `:` or `%` in either survives.
pub(crate) fn basic_credentials(idp: &IdpConfig, secret: &str) -> String {
    let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let pair = format!("{}:{}", encode(&idp.client_id), encode(secret));
    format!("Basic {}", STANDARD.encode(pair))
}

/// RFC 6749 §5.2 error response, shown escaped.
fn describe_error(status: http::StatusCode, body: &Map<String, Value>) -> String {
    let field = |name: &str| {
        body.get(name)
            .map(quote_json)
            .unwrap_or_else(|| "none".into())
    };
    let advice = match body.get("error").and_then(Value::as_str) {
        Some("invalid_client") => {
            "check clientId, clientSecret (or privateKeyJwt) and tokenEndpointAuthMethod"
        }
        Some("invalid_grant") => "the code expired or was used already, or redirect_uri differs",
        _ => "check the IdP's log for this client",
    };
    format!(
        "the token endpoint answered {status} with error {} ({}); {advice}",
        field("error"),
        field("error_description")
    )
}

/// RFC 6749 §5.1 / OIDC Core 3.1.3.3: `id_token`, `access_token` and `token_type`
/// `Bearer` (case-insensitive).
fn parse_success(body: &Map<String, Value>) -> Result<TokenResponse, Error> {
    let token_type = body.get("token_type").and_then(Value::as_str);
    if !token_type.is_some_and(|t| t.eq_ignore_ascii_case("Bearer")) {
        return Err(token_error(format!(
            "the token endpoint's token_type is {} instead of `Bearer`",
            token_type.map(quote).unwrap_or_else(|| "missing".into())
        )));
    }
    let text = |name: &str| {
        body.get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let Some(id_token) = text("id_token") else {
        return Err(token_error(
            "the token endpoint returned no `id_token`; check that the `openid` scope is \
             granted to this client"
                .into(),
        ));
    };
    let Some(access_token) = text("access_token") else {
        return Err(token_error(
            "the token endpoint returned no `access_token`".into(),
        ));
    };
    Ok(TokenResponse {
        id_token,
        access_token,
        server_date: None,
    })
}

#[cfg(test)]
mod tests;
