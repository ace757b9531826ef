//! The core's error type. Every variant has a stable code (documented in
//! `docs/errors.md`), a kind that the JNI layer maps to a Java exception, and a
//! message for the admin that says what to check.

use crate::config::ConfigProblem;

/// The stable error codes (see `docs/errors.md`). Tests and the shim compare against these.
pub mod codes {
    // Provider unavailable (retryable).
    pub const IDP_UNAVAILABLE: &str = "idp_unavailable";
    pub const DISCOVERY_FAILED: &str = "discovery_failed";
    pub const DISCOVERY_ISSUER_MISMATCH: &str = "discovery_issuer_mismatch";
    pub const JWKS_FAILED: &str = "jwks_failed";
    /// The IdP failed `http.circuitFailureThreshold` times in a row: calls fail fast until
    /// a background probe succeeds (crate::outage).
    pub const IDP_CIRCUIT_OPEN: &str = "idp_circuit_open";
    /// The IdP already has `http.maxConcurrentCalls` logins talking to it.
    pub const IDP_BUSY: &str = "idp_busy";
    /// The login used up `http.loginDeadlineMs` before its next call to the IdP.
    pub const LOGIN_DEADLINE_EXCEEDED: &str = "login_deadline_exceeded";

    // Login start.
    pub const UNKNOWN_IDP: &str = "unknown_idp";
    pub const INVALID_REQUEST: &str = "invalid_request";
    pub const UNKNOWN_ISSUER: &str = "unknown_issuer";

    // Callback, before any call to the IdP.
    pub const LOGIN_EXPIRED_OR_REPLAYED: &str = "login_expired_or_replayed";
    pub const INVALID_PENDING_LOGIN: &str = "invalid_pending_login";
    pub const STATE_NOT_BOUND: &str = "state_not_bound";
    pub const INVALID_STATE: &str = "invalid_state";
    pub const LOGIN_EXPIRED: &str = "login_expired";
    pub const IDP_CHANGED: &str = "idp_changed";
    pub const ISSUER_MISMATCH: &str = "issuer_mismatch";
    pub const CALLBACK_MISMATCH: &str = "callback_mismatch";
    pub const IDP_ERROR: &str = "idp_error";
    pub const MISSING_CODE: &str = "missing_code";

    // Token endpoint.
    pub const TOKEN_ERROR: &str = "token_error";

    // ID token (OIDC Core 3.1.3.7).
    pub const MALFORMED_ID_TOKEN: &str = "malformed_id_token";
    pub const UNEXPECTED_TOKEN_TYPE: &str = "unexpected_token_type";
    pub const UNSUPPORTED_ALGORITHM: &str = "unsupported_algorithm";
    pub const UNSUPPORTED_CRITICAL_HEADER: &str = "unsupported_critical_header";
    pub const UNKNOWN_SIGNING_KEY: &str = "unknown_signing_key";
    pub const AMBIGUOUS_SIGNING_KEY: &str = "ambiguous_signing_key";
    pub const INVALID_SIGNATURE: &str = "invalid_signature";
    pub const INVALID_ISSUER: &str = "invalid_issuer";
    pub const INVALID_AUDIENCE: &str = "invalid_audience";
    pub const INVALID_AZP: &str = "invalid_azp";
    pub const ID_TOKEN_EXPIRED: &str = "id_token_expired";
    pub const ID_TOKEN_NOT_YET_VALID: &str = "id_token_not_yet_valid";
    pub const INVALID_ISSUED_AT: &str = "invalid_issued_at";
    pub const INVALID_NONCE: &str = "invalid_nonce";
    pub const INVALID_AUTH_TIME: &str = "invalid_auth_time";
    pub const INVALID_AT_HASH: &str = "invalid_at_hash";
    pub const MISSING_SUBJECT: &str = "missing_subject";

    // Userinfo.
    pub const INVALID_USERINFO_RESPONSE: &str = "invalid_userinfo_response";
    pub const USERINFO_SUB_MISMATCH: &str = "userinfo_sub_mismatch";

    // Claim mapping.
    pub const MISSING_USERNAME_CLAIM: &str = "missing_username_claim";
    pub const INVALID_USERNAME_CLAIM: &str = "invalid_username_claim";
    pub const INVALID_CLAIM: &str = "invalid_claim";
    pub const INVALID_GROUPS_CLAIM: &str = "invalid_groups_claim";

    // Back-channel logout token (Back-Channel Logout 1.0 §2.6).
    pub const MALFORMED_LOGOUT_TOKEN: &str = "malformed_logout_token";
    pub const UNKNOWN_LOGOUT_ISSUER: &str = "unknown_logout_issuer";
    pub const LOGOUT_TOKEN_EXPIRED: &str = "logout_token_expired";
    pub const INVALID_LOGOUT_EVENT: &str = "invalid_logout_event";
    pub const MISSING_LOGOUT_SUBJECT: &str = "missing_logout_subject";
    pub const LOGOUT_TOKEN_HAS_NONCE: &str = "logout_token_has_nonce";
    pub const MISSING_JTI: &str = "missing_jti";

    /// Every code above, for documentation checks.
    pub const ALL: &[&str] = &[
        IDP_UNAVAILABLE,
        DISCOVERY_FAILED,
        DISCOVERY_ISSUER_MISMATCH,
        JWKS_FAILED,
        IDP_CIRCUIT_OPEN,
        IDP_BUSY,
        LOGIN_DEADLINE_EXCEEDED,
        UNKNOWN_IDP,
        INVALID_REQUEST,
        UNKNOWN_ISSUER,
        CALLBACK_MISMATCH,
        LOGIN_EXPIRED_OR_REPLAYED,
        INVALID_PENDING_LOGIN,
        STATE_NOT_BOUND,
        INVALID_STATE,
        LOGIN_EXPIRED,
        IDP_CHANGED,
        ISSUER_MISMATCH,
        IDP_ERROR,
        MISSING_CODE,
        TOKEN_ERROR,
        MALFORMED_ID_TOKEN,
        UNEXPECTED_TOKEN_TYPE,
        UNSUPPORTED_ALGORITHM,
        UNSUPPORTED_CRITICAL_HEADER,
        UNKNOWN_SIGNING_KEY,
        AMBIGUOUS_SIGNING_KEY,
        INVALID_SIGNATURE,
        INVALID_ISSUER,
        INVALID_AUDIENCE,
        INVALID_AZP,
        ID_TOKEN_EXPIRED,
        ID_TOKEN_NOT_YET_VALID,
        INVALID_ISSUED_AT,
        INVALID_NONCE,
        INVALID_AUTH_TIME,
        INVALID_AT_HASH,
        MISSING_SUBJECT,
        INVALID_USERINFO_RESPONSE,
        USERINFO_SUB_MISMATCH,
        MISSING_USERNAME_CLAIM,
        INVALID_USERNAME_CLAIM,
        INVALID_CLAIM,
        INVALID_GROUPS_CLAIM,
        MALFORMED_LOGOUT_TOKEN,
        UNKNOWN_LOGOUT_ISSUER,
        LOGOUT_TOKEN_EXPIRED,
        INVALID_LOGOUT_EVENT,
        MISSING_LOGOUT_SUBJECT,
        LOGOUT_TOKEN_HAS_NONCE,
        MISSING_JTI,
    ];
}

/// How the shim must treat an error. The JNI bridge maps each kind to one Java exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The configuration is wrong: the admin must fix it.
    Config,
    /// This login is rejected (bad state, bad token, ...).
    Authentication,
    /// The IdP could not be reached or answered badly; retryable.
    ProviderUnavailable,
    /// A bug.
    Internal,
}

/// The core's error. `code` is stable; `hint` is for the admin (never contains secrets or tokens).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("invalid configuration: {} problem(s)", .0.len())]
    InvalidConfig(Vec<ConfigProblem>),
    /// One admin-fixable problem found at run time (e.g. the IdP's discovery document
    /// contradicts the configured issuer): a specific code, the hint, and the JSON pointer
    /// of the setting to fix.
    #[error("{code}: {hint}")]
    Configuration {
        code: &'static str,
        hint: String,
        pointer: String,
    },
    #[error("{code}: {hint}")]
    Authentication { code: &'static str, hint: String },
    #[error("{code}: {hint}")]
    ProviderUnavailable { code: &'static str, hint: String },
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn auth(code: &'static str, hint: impl Into<String>) -> Self {
        Error::Authentication {
            code,
            hint: hint.into(),
        }
    }

    /// A configuration problem found at run time, tied to the setting at `pointer`.
    pub fn config(code: &'static str, pointer: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Configuration {
            code,
            hint: hint.into(),
            pointer: pointer.into(),
        }
    }

    pub fn unavailable(code: &'static str, hint: impl Into<String>) -> Self {
        Error::ProviderUnavailable {
            code,
            hint: hint.into(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidConfig(_) | Error::Configuration { .. } => ErrorKind::Config,
            Error::Authentication { .. } => ErrorKind::Authentication,
            Error::ProviderUnavailable { .. } => ErrorKind::ProviderUnavailable,
            Error::Internal(_) => ErrorKind::Internal,
        }
    }

    /// The stable error code shown to users and admins.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidConfig(_) => "invalid_configuration",
            Error::Configuration { code, .. }
            | Error::Authentication { code, .. }
            | Error::ProviderUnavailable { code, .. } => code,
            Error::Internal(_) => "internal_error",
        }
    }

    /// The settings to fix, as `(JSON pointer, message)`; empty unless a Config error.
    pub fn problems(&self) -> Vec<ConfigProblem> {
        match self {
            Error::InvalidConfig(problems) => problems.clone(),
            Error::Configuration { hint, pointer, .. } => vec![ConfigProblem {
                pointer: pointer.clone(),
                message: hint.clone(),
            }],
            _ => Vec::new(),
        }
    }

    /// What the admin should check.
    pub fn hint(&self) -> String {
        match self {
            Error::InvalidConfig(problems) => problems
                .iter()
                .map(|p| format!("{}: {}", p.pointer, p.message))
                .collect::<Vec<_>>()
                .join("\n"),
            Error::Configuration { hint, .. }
            | Error::Authentication { hint, .. }
            | Error::ProviderUnavailable { hint, .. } => hint.clone(),
            Error::Internal(m) => m.clone(),
        }
    }
}
