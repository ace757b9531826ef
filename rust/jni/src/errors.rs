//! The one table from bridge errors to Java exceptions (docs/architecture.md).

use oidc_sso_core::{Code, ErrorKind, HttpError};

use crate::registry::StaleHandle;

/// Java exception classes (JNI internal names). Keep in sync with the Java package.
pub mod class {
    pub const CONFIG: &str = "io/oidcsso/plugin/nativebridge/OidcConfigException";
    pub const AUTHENTICATION: &str = "io/oidcsso/plugin/nativebridge/OidcAuthenticationException";
    pub const PROVIDER_UNAVAILABLE: &str =
        "io/oidcsso/plugin/nativebridge/OidcProviderUnavailableException";
    pub const INTERNAL: &str = "io/oidcsso/plugin/nativebridge/OidcInternalException";
    pub const PANIC: &str = "io/oidcsso/plugin/nativebridge/OidcNativePanicException";
    pub const ILLEGAL_STATE: &str = "java/lang/IllegalStateException";
}

/// Everything a bridge function can fail with.
#[derive(Debug)]
pub enum BridgeError {
    /// The core refused (configuration, authentication, provider, internal).
    Core(oidc_sso_core::Error),
    /// The handle is closed, stale or forged.
    StaleHandle(StaleHandle),
    /// The shim sent bytes that are not the JSON the contract describes (a shim bug).
    InvalidInput(String),
    /// The HTTP runtime could not be set up.
    Http(HttpError),
    /// A JNI call failed (an exception may already be pending: it is kept).
    Jni(jni::errors::Error),
}

impl std::fmt::Display for BridgeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BridgeError::Core(e) => write!(f, "{e}"),
            BridgeError::StaleHandle(e) => write!(f, "{e}"),
            BridgeError::InvalidInput(m) => write!(f, "{m}"),
            BridgeError::Http(e) => write!(f, "{e}"),
            BridgeError::Jni(e) => write!(f, "JNI call failed: {e}"),
        }
    }
}

impl std::error::Error for BridgeError {}

impl From<jni::errors::Error> for BridgeError {
    fn from(error: jni::errors::Error) -> Self {
        BridgeError::Jni(error)
    }
}

impl From<oidc_sso_core::Error> for BridgeError {
    fn from(error: oidc_sso_core::Error) -> Self {
        BridgeError::Core(error)
    }
}

impl From<StaleHandle> for BridgeError {
    fn from(error: StaleHandle) -> Self {
        BridgeError::StaleHandle(error)
    }
}

/// A Java exception to raise: its class and its constructor arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JavaException {
    pub class: &'static str,
    pub args: ExceptionArgs,
}

/// Which constructor of the class is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExceptionArgs {
    /// `(String message)`
    Message(String),
    /// `(String message, String problemsJson, String code)`
    Config {
        message: String,
        problems_json: String,
        code: String,
    },
    /// `(String message, String code, String adminHint)`: every class but `IllegalStateException`.
    Coded {
        message: String,
        code: String,
        admin_hint: String,
    },
}

impl ExceptionArgs {
    pub fn message(&self) -> &str {
        match self {
            ExceptionArgs::Message(message)
            | ExceptionArgs::Config { message, .. }
            | ExceptionArgs::Coded { message, .. } => message,
        }
    }
}

/// THE table: every bridge error to exactly one Java exception, and so to its kind and code
/// (the shim maps nothing itself).
pub fn java_exception(error: &BridgeError) -> JavaException {
    match error {
        BridgeError::Core(core) => core_exception(core),
        BridgeError::StaleHandle(stale) => message(class::ILLEGAL_STATE, stale.to_string()),
        BridgeError::InvalidInput(_) | BridgeError::Http(_) | BridgeError::Jni(_) => {
            internal(class::INTERNAL, Code::InternalError, error.to_string())
        }
    }
}

fn core_exception(error: &oidc_sso_core::Error) -> JavaException {
    match error.kind() {
        ErrorKind::Config => JavaException {
            class: class::CONFIG,
            args: ExceptionArgs::Config {
                message: error.to_string(),
                problems_json: problems_json(error),
                code: error.code().as_str().to_owned(),
            },
        },
        ErrorKind::Authentication => coded(class::AUTHENTICATION, error),
        ErrorKind::ProviderUnavailable => coded(class::PROVIDER_UNAVAILABLE, error),
        ErrorKind::Internal => internal(class::INTERNAL, error.code(), error.to_string()),
    }
}

/// The problems as the JSON array `[{pointer, message}]` the Java side exposes.
fn problems_json(error: &oidc_sso_core::Error) -> String {
    let problems = match error.problems() {
        problems if problems.is_empty() => None,
        problems => serde_json::to_string(&problems).ok(),
    };
    problems.unwrap_or_else(|| {
        serde_json::json!([{ "pointer": "", "message": error.hint() }]).to_string()
    })
}

/// The message of a panic caught at the boundary.
pub fn panic_exception(detail: &str) -> JavaException {
    internal(
        class::PANIC,
        Code::NativePanic,
        format!("oidc-sso native code panicked (a bug; the call was abandoned): {detail}"),
    )
}

/// A bug: the message is also the admin's hint.
fn internal(class: &'static str, code: Code, message: String) -> JavaException {
    JavaException {
        class,
        args: ExceptionArgs::Coded {
            admin_hint: message.clone(),
            message,
            code: code.as_str().to_owned(),
        },
    }
}

fn coded(class: &'static str, error: &oidc_sso_core::Error) -> JavaException {
    JavaException {
        class,
        args: ExceptionArgs::Coded {
            message: error.to_string(),
            code: error.code().as_str().to_owned(),
            admin_hint: error.hint(),
        },
    }
}

fn message(class: &'static str, message: String) -> JavaException {
    JavaException {
        class,
        args: ExceptionArgs::Message(message),
    }
}

#[cfg(test)]
mod tests {
    use oidc_sso_core::{Code, ConfigProblem, Error, HttpErrorKind};

    use super::*;

    const PACKAGE: &str = "io/oidcsso/plugin/nativebridge/";

    fn class_of(error: BridgeError) -> &'static str {
        java_exception(&error).class
    }

    #[test]
    fn table_when_each_error_then_its_java_class() {
        let cases = [
            (
                BridgeError::Core(Error::InvalidConfig(vec![])),
                class::CONFIG,
            ),
            (
                BridgeError::Core(Error::auth(Code::InvalidNonce, "h")),
                class::AUTHENTICATION,
            ),
            (
                BridgeError::Core(Error::unavailable(Code::DiscoveryFailed, "h")),
                class::PROVIDER_UNAVAILABLE,
            ),
            (
                BridgeError::Core(Error::Internal("x".into())),
                class::INTERNAL,
            ),
            (
                BridgeError::StaleHandle(StaleHandle(7)),
                class::ILLEGAL_STATE,
            ),
            (BridgeError::InvalidInput("x".into()), class::INTERNAL),
            (
                BridgeError::Http(HttpError::new(HttpErrorKind::Settings, "x")),
                class::INTERNAL,
            ),
            (
                BridgeError::Jni(jni::errors::Error::JavaException),
                class::INTERNAL,
            ),
        ];
        for (error, expected) in cases {
            let shown = error.to_string();
            assert_eq!(class_of(error), expected, "{shown}");
        }
    }

    #[test]
    fn table_when_every_class_then_in_the_bridge_package_or_java_lang() {
        for name in [
            class::CONFIG,
            class::AUTHENTICATION,
            class::PROVIDER_UNAVAILABLE,
            class::INTERNAL,
            class::PANIC,
        ] {
            assert!(name.starts_with(PACKAGE), "{name}");
        }
    }

    #[test]
    fn config_error_when_problems_then_carries_them_as_json_array() {
        let error = BridgeError::Core(Error::InvalidConfig(vec![ConfigProblem {
            pointer: "/idps/0/issuer".into(),
            message: "must be an https URL".into(),
        }]));

        let ExceptionArgs::Config { problems_json, .. } = java_exception(&error).args else {
            panic!("not a config exception");
        };

        let parsed: serde_json::Value =
            serde_json::from_str(&problems_json).unwrap_or(serde_json::Value::Null);
        assert_eq!(
            parsed,
            serde_json::json!([{"pointer": "/idps/0/issuer", "message": "must be an https URL"}])
        );
    }

    #[test]
    fn config_error_when_found_at_run_time_then_problem_at_pointer_and_specific_code() {
        let error = BridgeError::Core(Error::config(
            Code::DiscoveryIssuerMismatch,
            "/idps/1/issuer",
            "issuer mismatch: expected `a` (found `b`)",
        ));

        let exception = java_exception(&error);

        assert_eq!(exception.class, class::CONFIG);
        let ExceptionArgs::Config {
            problems_json,
            code,
            ..
        } = exception.args
        else {
            panic!("not a config exception");
        };
        assert_eq!(code, "discovery_issuer_mismatch");
        let parsed: serde_json::Value =
            serde_json::from_str(&problems_json).unwrap_or(serde_json::Value::Null);
        assert_eq!(
            parsed,
            serde_json::json!([{"pointer": "/idps/1/issuer",
                                "message": "issuer mismatch: expected `a` (found `b`)"}])
        );
    }

    #[test]
    fn config_error_when_document_invalid_then_code_invalid_configuration() {
        let error = BridgeError::Core(Error::InvalidConfig(vec![]));
        let ExceptionArgs::Config { code, .. } = java_exception(&error).args else {
            panic!("not a config exception");
        };
        assert_eq!(code, "invalid_configuration");
    }

    #[test]
    fn authentication_error_when_mapped_then_code_and_hint_carried() {
        let error = BridgeError::Core(Error::auth(Code::InvalidNonce, "the nonce did not match"));

        let args = java_exception(&error).args;

        assert_eq!(
            args,
            ExceptionArgs::Coded {
                message: "invalid_nonce: the nonce did not match".into(),
                code: "invalid_nonce".into(),
                admin_hint: "the nonce did not match".into(),
            }
        );
    }

    #[test]
    fn unavailable_error_when_mapped_then_code_and_hint_carried() {
        let error = BridgeError::Core(Error::unavailable(Code::JwksFailed, "timeout"));

        let ExceptionArgs::Coded {
            code, admin_hint, ..
        } = java_exception(&error).args
        else {
            panic!("not coded");
        };

        assert_eq!(
            (code.as_str(), admin_hint.as_str()),
            ("jwks_failed", "timeout")
        );
    }

    #[test]
    fn panic_exception_when_built_then_panic_class_with_detail_and_code() {
        let exception = panic_exception("boom at src/x.rs:1");

        assert_eq!(exception.class, class::PANIC);
        assert!(exception.args.message().contains("boom at src/x.rs:1"));
        let ExceptionArgs::Coded { code, .. } = exception.args else {
            panic!("not coded");
        };
        assert_eq!(code, "native_panic");
    }

    #[test]
    fn internal_error_when_mapped_then_internal_error_code_and_hint() {
        for error in [
            BridgeError::Core(Error::Internal("could not encode".into())),
            BridgeError::InvalidInput("not the contract's JSON".into()),
        ] {
            let ExceptionArgs::Coded {
                code, admin_hint, ..
            } = java_exception(&error).args
            else {
                panic!("not coded");
            };
            assert_eq!(code, "internal_error");
            assert!(!admin_hint.is_empty());
        }
    }
}
