//! Bearer access tokens at the engine level: which IdP a token comes from (its unverified
//! `iss` among the IdPs with `bearer`, as for logout tokens; keys bound to that issuer),
//! then every check after the signature, then the username from the IdP's claim mapping.
//! A token that is not a JWS goes to the IdPs with `bearer.introspection` (RFC 7662), in
//! configuration order, until one calls it active; the same checks then apply to the
//! answer's members. With `introspection.jwts`, a valid JWT is asked about too.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::access_token::{self, AccessExpectations, UnverifiedAccessToken};
use crate::api::{BearerDecision, PassReason};
use crate::idp::Provider;
use crate::introspection::{self, Answer};
use crate::mapping::{self, Claims};
use crate::types::SigningAlg;
use crate::{Code, Error};

/// Longest header value read as a token (larger ones are refused by the JOSE layer too).
const MAX_TOKEN_BYTES: usize = crate::jose::MAX_TOKEN_BYTES;

/// Validates the bytes of `Authorization: Bearer <token>`.
pub(crate) fn validate_bearer(
    providers: &[Provider],
    token: &[u8],
    now: i64,
) -> Result<BearerDecision, Error> {
    let pass = |reason| Ok(BearerDecision::Pass { reason });
    if token.len() > MAX_TOKEN_BYTES {
        return pass(PassReason::NotJwt);
    }
    let Ok(text) = std::str::from_utf8(token).map(str::trim) else {
        return pass(PassReason::NotJwt);
    };
    let Some(token) = UnverifiedAccessToken::parse(text) else {
        if introspection::is_opaque_candidate(text) {
            return validate_opaque(providers, text, now);
        }
        return pass(PassReason::NotJwt);
    };
    let issuer = token.issuer();
    let mut same_issuer = providers
        .iter()
        .filter(|p| p.config.issuer == issuer)
        .peekable();
    if same_issuer.peek().is_none() {
        return pass(PassReason::UnknownIssuer);
    }
    let mut enabled = same_issuer.filter(|p| p.config.bearer.is_some()).peekable();
    let Some(first) = enabled.peek().copied() else {
        return pass(PassReason::BearerNotEnabled);
    };
    // With several IdPs of one issuer: the one whose audiences the token names; the
    // audience is checked again after the signature with that IdP's settings.
    let audiences = token.audiences();
    let provider = enabled
        .find(|p| {
            p.config
                .bearer
                .as_ref()
                .is_some_and(|b| b.audiences.iter().any(|a| audiences.contains(&a.as_str())))
        })
        .unwrap_or(first);
    let idp = &provider.config;
    let Some(bearer) = idp.bearer.as_ref() else {
        return pass(PassReason::BearerNotEnabled);
    };
    let expect = AccessExpectations {
        issuer: &idp.issuer,
        bearer,
        allowed_algorithms: &idp.allowed_algorithms,
        leeway: i64::try_from(idp.clock_skew_seconds).unwrap_or(i64::MAX),
        now,
    };
    // An IdP treated as down answers at once (the circuit), never a hang.
    provider.check_available()?;
    let calls = provider.calls();
    let metadata = provider.metadata(now, &calls)?;
    let keys =
        |kid: Option<&str>, alg: SigningAlg| provider.key_for(&metadata, kid, alg, now, &calls);
    let valid = access_token::validate_parsed(token, &expect, &keys)?;
    still_active_at_idp(provider, text, now)?;
    let claims = Claims {
        id_token: &valid.claims,
        userinfo: None,
    };
    let username = mapping::map_username(&idp.claims.username, claims)?;
    Ok(BearerDecision::Authenticated {
        idp_id: idp.id.to_string(),
        issuer: idp.issuer.to_string(),
        subject: valid.subject,
        username,
        scopes: valid.scopes,
        expires_at: valid.expires_at,
    })
}

/// With `bearer.introspection.jwts`, a JWT valid by its signature and claims must also be
/// active at the IdP (revocation and ended sessions, which the JWT cannot show before its
/// `exp`). An inactive answer refuses it: a JWT of a configured issuer is never a product's
/// token. An endpoint that fails refuses it too (503), never accepts it unchecked.
fn still_active_at_idp(provider: &Provider, token: &str, now: i64) -> Result<(), Error> {
    match provider.introspect_jwt(token, now) {
        None | Some(Ok(Answer::Active(_))) => Ok(()),
        Some(Ok(Answer::Inactive)) => Err(Error::auth(
            Code::AccessTokenInactive,
            format!(
                "the IdP `{}` answered `active: false` for this JWT access token (revoked, or \
                 its session ended at the IdP; bearer.introspection.jwts)",
                provider.config.id
            ),
        )),
        Some(Err(e)) => Err(e),
    }
}

/// An opaque token: the IdPs with `bearer.introspection`, in configuration order, until
/// one says `active: true`. Every IdP that introspects sees the opaque tokens the others
/// do not claim (docs/security.md): only IdPs trusted alike should have it on.
fn validate_opaque(providers: &[Provider], token: &str, now: i64) -> Result<BearerDecision, Error> {
    let mut asked = false;
    let mut failure = None;
    for provider in providers {
        match provider.introspect(token, now) {
            None => {}
            Some(Ok(Answer::Active(claims))) => return introspected(provider, claims, now),
            Some(Ok(Answer::Inactive)) => asked = true,
            Some(Err(e)) => {
                asked = true;
                failure.get_or_insert(e);
            }
        }
    }
    match (failure, asked) {
        (Some(e), _) => Err(e),
        (None, true) => Ok(BearerDecision::Pass {
            reason: PassReason::Inactive,
        }),
        (None, false) => Ok(BearerDecision::Pass {
            reason: PassReason::NotJwt,
        }),
    }
}

/// The checks of a JWT access token on an active introspection answer.
fn introspected(
    provider: &Provider,
    claims: Arc<Map<String, Value>>,
    now: i64,
) -> Result<BearerDecision, Error> {
    let idp = &provider.config;
    let Some(bearer) = idp.bearer.as_ref() else {
        return Ok(BearerDecision::Pass {
            reason: PassReason::BearerNotEnabled,
        });
    };
    let settings = bearer.introspection.as_ref();
    let expect = AccessExpectations {
        issuer: &idp.issuer,
        bearer,
        allowed_algorithms: &idp.allowed_algorithms,
        leeway: i64::try_from(idp.clock_skew_seconds).unwrap_or(i64::MAX),
        now,
    };
    let claims = Arc::unwrap_or_clone(claims);
    if let Some(settings) = settings {
        check_client_id(&claims, &settings.client_ids)?;
    }
    let valid = access_token::check_introspected(claims, &expect)?;
    let username = introspected_username(&idp.claims.username, &valid);
    let expires_at = if valid.expires_at > 0 {
        valid.expires_at
    } else {
        let cache = settings.map_or(0, |s| s.cache_seconds);
        now.saturating_add(i64::try_from(cache).unwrap_or(i64::MAX))
    };
    Ok(BearerDecision::Authenticated {
        idp_id: idp.id.to_string(),
        issuer: idp.issuer.to_string(),
        subject: valid.subject,
        username,
        scopes: valid.scopes,
        expires_at,
    })
}

/// With `introspection.clientIds`, the answer's `client_id` must be one of them.
fn check_client_id(claims: &Map<String, Value>, allowed: &[String]) -> Result<(), Error> {
    if allowed.is_empty() {
        return Ok(());
    }
    let client = claims.get("client_id").and_then(Value::as_str);
    if client.is_some_and(|c| allowed.iter().any(|a| a == c)) {
        return Ok(());
    }
    Err(Error::auth(
        Code::InvalidAudience,
        format!(
            "the introspected token's `client_id` is {} and none of \
             bearer.introspection.clientIds ({}): a token of another client",
            client
                .map(crate::text::quote)
                .unwrap_or_else(|| "missing".into()),
            allowed.join(", ")
        ),
    ))
}

/// The account is found by (issuer, sub); this name is for the log and the audit only:
/// the mapped username claim, else RFC 7662 `username`, else `sub`.
fn introspected_username(claim: &str, valid: &access_token::AccessToken) -> String {
    let claims = Claims {
        id_token: &valid.claims,
        userinfo: None,
    };
    mapping::map_username(claim, claims)
        .ok()
        .or_else(|| {
            valid
                .claims
                .get("username")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| valid.subject.clone())
}
