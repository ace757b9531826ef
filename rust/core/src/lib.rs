//! `oidc-sso-core`: the OpenID Connect relying party of oidc-sso.
//!
//! Pure protocol and policy logic. HTTP ([`http_client::HttpClient`]) and time
//! ([`clock::Clock`]) are traits so every rule can be tested offline against a
//! scriptable provider. Nothing here knows about JNI or servlets.

pub mod clock;
pub mod config;
pub mod engine;
pub mod error;
pub mod http_client;

pub use clock::{Clock, SystemClock};
pub use engine::{
    validate_config, AuditEvent, BeginLoginRequest, BeginLoginResponse, CompleteLoginRequest, Engine,
    HostContext, HostProxy,
    LoginDecision,
};
pub use error::{Error, ErrorKind};
pub use http_client::{HttpClient, HttpClientFactory, HttpError, HttpErrorKind, HttpSettings};
