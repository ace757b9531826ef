//! The callback checks made BEFORE any call to the IdP (RFC 6749 §10.12, RFC 9207,
//! OIDC Core 3.1.2.5-3.1.2.6): a stale, replayed, foreign or failed response never
//! reaches the token endpoint.

use crate::Code;
use std::collections::BTreeMap;

use crate::api::CompleteLoginRequest;
use crate::authorize::{binding_hash, PendingLogin, PENDING_LOGIN_VERSION};
use crate::text::quote;
use crate::Error;

/// The pending login of this callback, checked against the browser and the `state`.
pub(crate) fn check_pending(req: &CompleteLoginRequest, now: i64) -> Result<PendingLogin, Error> {
    let Some(stored) = &req.pending else {
        return Err(Error::auth(
            Code::LoginExpiredOrReplayed,
            "no pending login for this callback: the callback was replayed (back button, old \
             tab), the pending login expired, or the login cookie was lost (check that the \
             browser keeps cookies across the redirect to the IdP)",
        ));
    };
    let pending: PendingLogin = serde_json::from_value(stored.clone()).map_err(|e| {
        Error::auth(
            Code::InvalidPendingLogin,
            format!(
                "the stored pending login is unreadable ({e}); was it written by another version?"
            ),
        )
    })?;
    if pending.version != PENDING_LOGIN_VERSION {
        return Err(Error::auth(
            Code::InvalidPendingLogin,
            format!("the stored pending login has version {}", pending.version),
        ));
    }
    let bound = req
        .browser_binding
        .as_deref()
        .is_some_and(|b| binding_hash(b) == pending.browser_binding_hash);
    if !bound {
        return Err(Error::auth(
            Code::StateNotBound,
            "this callback comes from another browser than the one that started the login \
             (login CSRF?), or the binding cookie was lost",
        ));
    }
    if req.params.get("state").map(String::as_str) != Some(pending.state.as_str()) {
        return Err(Error::auth(
            Code::InvalidState,
            "the callback's `state` is not the one of this login",
        ));
    }
    if now >= pending.expires_at {
        return Err(Error::auth(
            Code::LoginExpired,
            format!(
                "the login was started {} s ago and expired after {} s; start again \
                 (pendingLoginTtlSeconds)",
                now - pending.created_at,
                pending.expires_at - pending.created_at
            ),
        ));
    }
    Ok(pending)
}

/// The authorization response: RFC 9207 `iss` when present, then an IdP `error`,
/// then the `code`.
pub(crate) fn check_response(
    params: &BTreeMap<String, String>,
    pending: &PendingLogin,
) -> Result<String, Error> {
    if let Some(iss) = params.get("iss").filter(|iss| **iss != pending.issuer) {
        return Err(Error::auth(
            Code::IssuerMismatch,
            format!(
                "the authorization response comes from {} but this login went to `{}` \
                 (IdP mix-up?)",
                quote(iss),
                pending.issuer
            ),
        ));
    }
    if let Some(error) = params.get("error") {
        let description = params
            .get("error_description")
            .map(|d| format!(" ({})", quote(d)))
            .unwrap_or_default();
        return Err(Error::auth(
            Code::IdpError,
            format!("the IdP refused the login: {}{description}", quote(error)),
        ));
    }
    match params.get("code") {
        Some(code) if !code.is_empty() => Ok(code.clone()),
        _ => Err(Error::auth(
            Code::MissingCode,
            "the callback has neither `code` nor `error`; the IdP must use response_type=code",
        )),
    }
}

/// RFC 9207 §2.4: an OP that advertises `authorization_response_iss_parameter_supported`
/// always sends `iss`; a response without it is refused.
pub(crate) fn check_iss_present(
    params: &BTreeMap<String, String>,
    pending: &PendingLogin,
    advertised: bool,
) -> Result<(), Error> {
    if advertised && !params.contains_key("iss") {
        return Err(Error::auth(
            Code::IssuerMismatch,
            format!(
                "the IdP `{}` advertises the RFC 9207 `iss` parameter but the response has \
                 none (IdP mix-up?)",
                pending.issuer
            ),
        ));
    }
    Ok(())
}
