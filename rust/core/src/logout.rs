//! Logout at the engine level: which IdP a logout token comes from (by its `iss`, among
//! the configured IdPs; keys bound to that issuer, never a merged set), and the
//! RP-initiated logout URL (RP-Initiated Logout 1.0 §2).

use url::Url;

use crate::api::{CompactLogout, EndSessionRequest, EndSessionResponse, LogoutTokenDecision};
use crate::authorize::FlowSecrets;
use crate::config::IdpConfig;
use crate::idp::Provider;
use crate::jose::{self, JwsBuffers};
use crate::jwt_claims::Audience;
use crate::logout_token::{
    self, LogoutExpectations, LogoutTokenRef, UnverifiedClaims, UnverifiedLogoutToken,
};
use crate::text::quote;
use crate::types::SigningAlg;
use crate::{Code, Error};

/// Longest ID token accepted as `id_token_hint` (it goes into a URL).
const MAX_HINT_BYTES: usize = 16 * 1024;

/// The ID token's `sid` (OIDC Front-Channel Logout 1.0 §3), when it is a usable string.
pub(crate) fn sid_of(claims: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    claims
        .get("sid")
        .and_then(serde_json::Value::as_str)
        .filter(|s| !s.is_empty() && s.len() <= 255 && !s.chars().any(char::is_control))
        .map(str::to_owned)
}

/// Back-Channel Logout 1.0 §2.6 for a token of any configured IdP (not blank: the callers
/// check that first).
pub(crate) fn validate_logout_token(
    providers: &[Provider],
    token: &str,
    now: i64,
) -> Result<LogoutTokenDecision, Error> {
    let jws = logout_token::parse(token)?;
    let token = UnverifiedLogoutToken::new(jws.parts());
    with_valid_logout_token(providers, token, now, owned_decision)
}

/// [`validate_logout_token`] for the token's bytes as the IdP POSTed them: the plain token
/// through `jose::parse_plain` (no UTF-8 check of its own, the parts decoded into this frame's
/// buffers), anything else checked as text and split by `jose::parse_compact`, as before.
pub(crate) fn validate_logout_token_bytes(
    providers: &[Provider],
    token: &[u8],
    now: i64,
) -> Result<LogoutTokenDecision, Error> {
    with_valid_logout_token_bytes(providers, token, now, owned_decision)
}

fn owned_decision(idp: &IdpConfig, valid: LogoutTokenRef<'_>) -> LogoutTokenDecision {
    let valid = valid.into_owned();
    LogoutTokenDecision {
        idp_id: idp.id.to_string(),
        issuer: idp.issuer.to_string(),
        sub: valid.sub,
        sid: valid.sid,
        jti: valid.jti,
        exp: valid.remember_until,
    }
}

/// [`validate_logout_token_bytes`] answering in the compact form, written into `out` from the
/// strings where they are (the IdP's configuration, the token's payload): nothing copied
/// first.
pub(crate) fn validate_logout_token_compact(
    providers: &[Provider],
    token: &[u8],
    now: i64,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    with_valid_logout_token_bytes(providers, token, now, |idp, valid| {
        crate::api::write_compact_logout(
            out,
            &CompactLogout {
                idp_id: idp.id.as_str(),
                issuer: idp.issuer.as_str(),
                sub: valid.sub.as_deref(),
                sid: valid.sid.as_deref(),
                jti: &valid.jti,
                exp: valid.remember_until,
            },
        )
    })?
}

/// [`with_valid_logout_token`] for the token's bytes: the plain token split into buffers
/// owned by this frame, else the bytes checked as text (`it is not UTF-8 text`, blank) and
/// split as before, so every refusal keeps its code and message.
fn with_valid_logout_token_bytes<R>(
    providers: &[Provider],
    token: &[u8],
    now: i64,
    answer: impl FnOnce(&IdpConfig, LogoutTokenRef<'_>) -> R,
) -> Result<R, Error> {
    let mut buffers = JwsBuffers::default();
    if let Some(jws) = jose::parse_plain(token, &mut buffers) {
        let token = UnverifiedLogoutToken::new_plain(jws.parts());
        return with_valid_logout_token(providers, token, now, answer);
    }
    let token = logout_token::check_token_bytes(token)?;
    let jws = logout_token::parse(token)?;
    let token = UnverifiedLogoutToken::new(jws.parts());
    with_valid_logout_token(providers, token, now, answer)
}

/// Validates the split token and hands its IdP and valid claims (borrowed from the token) to
/// `answer`.
fn with_valid_logout_token<R>(
    providers: &[Provider],
    token: UnverifiedLogoutToken<'_>,
    now: i64,
    answer: impl FnOnce(&IdpConfig, LogoutTokenRef<'_>) -> R,
) -> Result<R, Error> {
    // One parse: the unverified `iss` picks the IdP, then that IdP's keys verify this token.
    let claims = token.claims()?;
    let provider = provider_for_issuer(providers, claims.issuer()?, &claims)?;
    let idp = &provider.config;
    let expect = LogoutExpectations {
        audience: Audience {
            issuer: &idp.issuer,
            client_id: &idp.client_id,
            trusted: &idp.trusted_audiences,
        },
        allowed_algorithms: &idp.allowed_algorithms,
        leeway: seconds(idp.clock_skew_seconds),
        now,
        max_token_age: seconds(idp.max_id_token_age_seconds),
    };
    let calls = provider.calls();
    let metadata = provider.metadata(now, &calls)?;
    let keys =
        |kid: Option<&str>, alg: SigningAlg| provider.key_for(&metadata, kid, alg, now, &calls);
    let valid = logout_token::validate_borrowed(&token, &claims, &expect, &keys)?;
    Ok(answer(idp, valid))
}

/// The IdP whose issuer is exactly `issuer`; with several, the one whose client id the
/// token names (the signature and `aud` are checked afterwards with that IdP's settings).
fn provider_for_issuer<'p>(
    providers: &'p [Provider],
    issuer: &str,
    claims: &UnverifiedClaims<'_>,
) -> Result<&'p Provider, Error> {
    let mut same_issuer = providers.iter().filter(|p| p.config.issuer == issuer);
    let first = same_issuer.clone().next().ok_or_else(|| {
        let known: Vec<_> = providers.iter().map(|p| p.config.issuer.as_str()).collect();
        Error::auth(
            Code::UnknownLogoutIssuer,
            format!(
                "the logout token's `iss` {} is not the issuer of any configured IdP ({}); \
                 issuers are compared exactly",
                quote(issuer),
                known.join(", ")
            ),
        )
    })?;
    Ok(same_issuer
        .find(|p| claims.has_audience(p.config.client_id.as_str()))
        .unwrap_or(first))
}

/// RP-Initiated Logout 1.0 §2: `end_session_endpoint` with `id_token_hint`, `client_id`,
/// the registered `post_logout_redirect_uri` and a fresh `state`.
pub(crate) fn end_session_url(
    providers: &[Provider],
    default_post_logout_uri: &str,
    req: &EndSessionRequest,
    now: i64,
) -> Result<EndSessionResponse, Error> {
    let provider = providers
        .iter()
        .find(|p| p.config.id == req.idp_id && p.config.issuer == req.issuer)
        .ok_or_else(|| {
            Error::auth(
                Code::UnknownIdp,
                format!(
                    "no IdP with id {} and issuer {} (reconfigured since the login?)",
                    quote(&req.idp_id),
                    quote(&req.issuer)
                ),
            )
        })?;
    let idp = &provider.config;
    let post_logout_redirect_uri = idp
        .post_logout_redirect_uri
        .clone()
        .unwrap_or_else(|| default_post_logout_uri.to_string());
    if let Some(url) = provider.end_session_url(&post_logout_redirect_uri) {
        // An IdP with its own logout (Amazon Cognito): no discovery needed, no `state`
        // (the IdP does not return one).
        return Ok(EndSessionResponse {
            url: Some(url),
            state: None,
            post_logout_redirect_uri,
        });
    }
    let metadata = provider.metadata(now, &provider.calls())?;
    let Some(endpoint) = metadata.end_session_endpoint.as_deref() else {
        return Ok(EndSessionResponse {
            url: None,
            state: None,
            post_logout_redirect_uri,
        });
    };
    let state = FlowSecrets::generate().state;
    let mut url = Url::parse(endpoint)
        .map_err(|e| Error::Internal(format!("end_session_endpoint passed its checks: {e}")))?;
    {
        let mut query = url.query_pairs_mut();
        if let Some(hint) = req
            .id_token_hint
            .as_deref()
            .filter(|h| !h.is_empty() && h.len() <= MAX_HINT_BYTES)
        {
            query.append_pair("id_token_hint", hint);
        }
        query.append_pair("client_id", &idp.client_id);
        query.append_pair("post_logout_redirect_uri", &post_logout_redirect_uri);
        query.append_pair("state", &state);
    }
    Ok(EndSessionResponse {
        url: Some(url.into()),
        state: Some(state.into()),
        post_logout_redirect_uri,
    })
}

fn seconds(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
