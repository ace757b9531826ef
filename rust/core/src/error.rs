//! The core's error type. Every variant has a stable code (documented in
//! `docs/errors.md`), a kind that the JNI layer maps to a Java exception, and a
//! message for the admin that says what to check.

use crate::config::ConfigProblem;

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

    pub fn unavailable(code: &'static str, hint: impl Into<String>) -> Self {
        Error::ProviderUnavailable {
            code,
            hint: hint.into(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidConfig(_) => ErrorKind::Config,
            Error::Authentication { .. } => ErrorKind::Authentication,
            Error::ProviderUnavailable { .. } => ErrorKind::ProviderUnavailable,
            Error::Internal(_) => ErrorKind::Internal,
        }
    }

    /// The stable error code shown to users and admins.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidConfig(_) => "invalid_configuration",
            Error::Authentication { code, .. } | Error::ProviderUnavailable { code, .. } => code,
            Error::Internal(_) => "internal_error",
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
            Error::Authentication { hint, .. } | Error::ProviderUnavailable { hint, .. } => {
                hint.clone()
            }
            Error::Internal(m) => m.clone(),
        }
    }
}
