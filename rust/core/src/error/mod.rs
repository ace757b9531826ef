//! The core's error type. Every variant has a stable [`Code`] (documented in
//! `docs/errors.md`), a kind that the JNI layer maps to a Java exception, and a
//! message for the admin that says what to check.

mod code;

use serde::{Deserialize, Serialize};

pub use code::{Code, CodeSource};

/// One problem in a configuration document: where (JSON pointer) and what to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigProblem {
    /// RFC 6901 pointer of the setting; `""` is the document as a whole.
    pub pointer: String,
    /// What is wrong and what to do.
    pub message: String,
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
    /// The configuration document (or the host context) has these problems.
    #[error("invalid configuration: {} problem(s)", .0.len())]
    InvalidConfig(Vec<ConfigProblem>),
    /// One admin-fixable problem found at run time (e.g. the IdP's discovery document
    /// contradicts the configured issuer): a specific code, the hint, and the JSON pointer
    /// of the setting to fix.
    #[error("{code}: {hint}")]
    Configuration {
        /// The specific code (`discovery_issuer_mismatch`, ...).
        code: Code,
        /// What the admin should check.
        hint: String,
        /// The JSON pointer of the setting to fix.
        pointer: String,
    },
    /// This login (or logout token) is refused.
    #[error("{code}: {hint}")]
    Authentication {
        /// Why, for the user's page and the audit log.
        code: Code,
        /// What the admin should check.
        hint: String,
    },
    /// The IdP could not be reached or answered badly; retryable.
    #[error("{code}: {hint}")]
    ProviderUnavailable {
        /// Why, for the user's page and the audit log.
        code: Code,
        /// What the admin should check.
        hint: String,
    },
    /// A bug.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// A refused login.
    pub fn auth(code: Code, hint: impl Into<String>) -> Self {
        Error::Authentication {
            code,
            hint: hint.into(),
        }
    }

    /// A configuration problem found at run time, tied to the setting at `pointer`.
    pub fn config(code: Code, pointer: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Configuration {
            code,
            hint: hint.into(),
            pointer: pointer.into(),
        }
    }

    /// An unreachable or misbehaving IdP.
    pub fn unavailable(code: Code, hint: impl Into<String>) -> Self {
        Error::ProviderUnavailable {
            code,
            hint: hint.into(),
        }
    }

    /// How the shim must treat it (which Java exception it becomes).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidConfig(_) | Error::Configuration { .. } => ErrorKind::Config,
            Error::Authentication { .. } => ErrorKind::Authentication,
            Error::ProviderUnavailable { .. } => ErrorKind::ProviderUnavailable,
            Error::Internal(_) => ErrorKind::Internal,
        }
    }

    /// The stable error code shown to users and admins.
    pub fn code(&self) -> Code {
        match self {
            Error::InvalidConfig(_) => Code::InvalidConfiguration,
            Error::Configuration { code, .. }
            | Error::Authentication { code, .. }
            | Error::ProviderUnavailable { code, .. } => *code,
            Error::Internal(_) => Code::InternalError,
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
