//! `validateLogoutToken` (Back-Channel Logout 1.0 §2.6) and `endSessionUrl`
//! (RP-Initiated Logout 1.0 §2).

use serde::{Deserialize, Serialize};

/// `validateLogoutToken`'s request: the form parameter the IdP POSTed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogoutTokenRequest {
    /// The `logout_token` as received.
    pub logout_token: String,
}

/// A valid logout token: whose sessions end. `jti` is for the shim's single-use record,
/// kept until `exp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogoutTokenDecision {
    /// The IdP whose keys verified the token.
    pub idp_id: String,
    /// Its issuer.
    pub issuer: String,
    /// The user whose sessions end (when the token names one).
    pub sub: Option<String>,
    /// The IdP session whose sessions end (when the token names one).
    pub sid: Option<String>,
    /// The token's id, used once.
    pub jti: String,
    /// When the token stops being accepted anyway (its `exp`, else `iat` plus the maximum
    /// token age), leeway included: the `jti` record must live at least this long.
    pub exp: i64,
}

/// The compact form of a [`LogoutTokenDecision`]: `validateLogoutToken`'s answer over JNI
/// (docs/architecture.md, "The compact logout answer"; golden bytes in
/// `tests/data/contract/LogoutTokenDecision.compact.hex`), decoded by hand in Java
/// (`LogoutTokenCodec`) instead of by reflection. Big-endian:
///
/// `version: u8 = 1`, `flags: u8` (bit 0 `sub` present, bit 1 `sid` present), then each
/// string as `u16 length || UTF-8` in this order: `idpId`, `issuer`, `sub` (when present),
/// `sid` (when present), `jti`; then `exp: i64`.
pub const COMPACT_LOGOUT_VERSION: u8 = 1;

impl LogoutTokenDecision {
    /// The compact form; an error only for a string longer than 65,535 bytes, which the
    /// configuration and the claim rules never let through.
    pub fn to_compact(&self) -> Result<Vec<u8>, crate::Error> {
        let mut out = Vec::new();
        write_compact_logout(
            &mut out,
            &CompactLogout {
                idp_id: &self.idp_id,
                issuer: &self.issuer,
                sub: self.sub.as_deref(),
                sid: self.sid.as_deref(),
                jti: &self.jti,
                exp: self.exp,
            },
        )?;
        Ok(out)
    }
}

/// A [`LogoutTokenDecision`] with borrowed strings: what [`write_compact_logout`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompactLogout<'a> {
    /// [`LogoutTokenDecision::idp_id`].
    pub idp_id: &'a str,
    /// [`LogoutTokenDecision::issuer`].
    pub issuer: &'a str,
    /// [`LogoutTokenDecision::sub`].
    pub sub: Option<&'a str>,
    /// [`LogoutTokenDecision::sid`].
    pub sid: Option<&'a str>,
    /// [`LogoutTokenDecision::jti`].
    pub jti: &'a str,
    /// [`LogoutTokenDecision::exp`].
    pub exp: i64,
}

/// Writes the compact form of a logout decision into `out` (cleared first; grown at most
/// once, to the exact size). An error, with `out` left empty, only for a string longer than
/// 65,535 bytes.
pub fn write_compact_logout(
    out: &mut Vec<u8>,
    answer: &CompactLogout<'_>,
) -> Result<(), crate::Error> {
    let strings = [
        Some(answer.idp_id),
        Some(answer.issuer),
        answer.sub,
        answer.sid,
        Some(answer.jti),
    ];
    if let Some(long) = strings
        .iter()
        .flatten()
        .find(|s| s.len() > usize::from(u16::MAX))
    {
        out.clear();
        return Err(crate::Error::Internal(format!(
            "a logout decision string of {} bytes does not fit the compact answer",
            long.len()
        )));
    }
    let size = 2 + 8 + strings.iter().flatten().map(|s| 2 + s.len()).sum::<usize>();
    out.clear();
    out.reserve_exact(size);
    out.push(COMPACT_LOGOUT_VERSION);
    out.push(u8::from(answer.sub.is_some()) | (u8::from(answer.sid.is_some()) << 1));
    for text in strings.into_iter().flatten() {
        // Checked above: every string fits a u16 length.
        let len = u16::try_from(text.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    out.extend_from_slice(&answer.exp.to_be_bytes());
    Ok(())
}

/// `endSessionUrl`'s request: the session being ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndSessionRequest {
    /// The IdP the session was bound with.
    pub idp_id: String,
    /// The issuer the session was bound with: a session of a re-pointed IdP gets no URL.
    pub issuer: String,
    /// The ID token of the login, kept server-side in the session.
    #[serde(default)]
    pub id_token_hint: Option<String>,
}

/// Where to send the browser after the local session ended. `url` is `None` when the IdP
/// has no `end_session_endpoint` (the shim then shows its own logged-out page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndSessionResponse {
    /// The IdP's end-session URL with its parameters.
    pub url: Option<String>,
    /// The `state` sent along (none for an IdP with its own logout URL).
    pub state: Option<String>,
    /// Where the IdP sends the browser afterwards.
    pub post_logout_redirect_uri: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(sub: Option<&str>, sid: Option<&str>) -> LogoutTokenDecision {
        LogoutTokenDecision {
            idp_id: "kc".into(),
            issuer: "https://é.example".into(),
            sub: sub.map(str::to_owned),
            sid: sid.map(str::to_owned),
            jti: "j".into(),
            exp: -2,
        }
    }

    #[test]
    fn to_compact_when_sid_only_then_flag_2_and_no_sub_bytes() {
        let bytes = decision(None, Some("s1")).to_compact().unwrap();
        let mut expected = vec![1, 0b10, 0, 2, b'k', b'c', 0, 18];
        expected.extend("https://é.example".as_bytes());
        expected.extend([0, 2, b's', b'1', 0, 1, b'j']);
        expected.extend((-2i64).to_be_bytes());
        assert_eq!(bytes, expected);
    }

    #[test]
    fn to_compact_when_sub_only_or_both_then_flags_1_and_3() {
        assert_eq!(decision(Some("u"), None).to_compact().unwrap()[1], 0b01);
        let both = decision(Some("u"), Some("s")).to_compact().unwrap();
        assert_eq!(both[1], 0b11);
        assert_eq!(
            both.len(),
            2 + (2 + 2) + (2 + 18) + (2 + 1) + (2 + 1) + (2 + 1) + 8
        );
    }

    #[test]
    fn to_compact_when_string_over_65535_bytes_then_internal_error_not_truncated() {
        let mut long = decision(Some("u"), None);
        long.issuer = "x".repeat(65_536);
        let error = long.to_compact().unwrap_err();
        assert_eq!(error.code(), crate::Code::InternalError);
        long.issuer = "x".repeat(65_535);
        assert!(long.to_compact().is_ok());
    }
}
