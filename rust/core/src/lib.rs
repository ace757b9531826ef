//! `oidc-sso-core`: the OpenID Connect relying party of oidc-sso.
//!
//! Pure protocol and policy logic. HTTP ([`http_client::HttpClient`]) and time
//! ([`clock::Clock`]) are traits so every rule can be tested offline against a
//! scriptable provider. Nothing here knows about JNI or servlets.

pub mod alg;
pub mod authorize;
mod callback;
pub mod client_assertion;
pub mod clock;
pub mod config;
pub mod discovery;
pub mod engine;
pub mod error;
mod fetch;
#[doc(hidden)]
pub mod fuzzing;
mod host;
pub mod http_client;
pub mod id_token;
mod idp;
pub mod jose;
pub mod jwks;
pub mod jwt_claims;
pub mod logout;
pub mod logout_token;
pub mod mapping;
pub mod outage;
mod page_templates;
pub mod providers;
pub mod provisioning;
pub mod routing;
pub mod text;
mod token;
pub mod trust_anchors;
pub mod types;
pub mod url_policy;
mod userinfo;

pub use clock::{Clock, SystemClock};
pub use engine::{
    validate_config, AuditEvent, BeginLoginRequest, BeginLoginResponse, CompleteLoginRequest,
    Engine, HostContext, HostProxy, LoginDecision,
};
pub use error::{Code, CodeSource, ConfigProblem, Error, ErrorKind};
pub use http_client::{
    Deadline, HttpClient, HttpClientFactory, HttpError, HttpErrorKind, HttpSettings,
};
pub use types::{ClientSecret, SigningAlg, TokenAuthMethod};
