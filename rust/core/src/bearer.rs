//! Bearer access tokens at the engine level: which IdP a token comes from (its unverified
//! `iss` among the IdPs with `bearer`, as for logout tokens; keys bound to that issuer),
//! then every check after the signature, then the username from the IdP's claim mapping.

use crate::access_token::{self, AccessExpectations, UnverifiedAccessToken};
use crate::api::{BearerDecision, PassReason};
use crate::idp::Provider;
use crate::mapping::{self, Claims};
use crate::types::SigningAlg;
use crate::Error;

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
    let Some(token) = std::str::from_utf8(token)
        .ok()
        .and_then(|t| UnverifiedAccessToken::parse(t.trim()))
    else {
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
