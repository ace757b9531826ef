//! `oidc-sso-core`: the OpenID Connect relying party of oidc-sso.
//!
//! Pure protocol and policy logic. HTTP ([`HttpClient`]) and time ([`Clock`]) are traits
//! so every rule can be tested offline against a scriptable provider. Nothing here knows
//! about JNI or servlets.
//!
//! The public surface is flat: the [`Engine`] and [`validate_config`], the contract types
//! that cross JNI (module `api`, re-exported here), the error type with its [`Code`]s,
//! and the HTTP and clock traits. Every module is private.
//!
//! The modules form layers that point one way; a module uses only modules listed before
//! it (`tests/login/layering.rs` reads the sources and fails otherwise):
//! 1. foundations: `text`, `clock`, `alg`, `types`, `error`, `http_client`, `trust_anchors`;
//! 2. leaf policies: `url_policy` (the whole return-to policy), `page_templates` (the
//!    template environment and its bounds);
//! 3. the contract: `api`;
//! 4. the configuration: `config`;
//! 5. the protocol: `outage`, `fetch`, `jose`, `jwks`, `jwt_claims`, `id_token`,
//!    `logout_token`, `access_token`, `discovery`, `client_assertion`, `token`, `introspection`,
//!    `userinfo`, `authorize`;
//! 6. the policies: `mapping`, `provisioning`, `providers`, `routing`;
//! 7. run time: `idp` (one IdP's caches and client), `callback`, `logout`, `bearer`,
//!    `test_login`, `token_summary`;
//! 8. the facade: `engine`, `preview` (the admin's dry run and template preview) (and the hidden `fuzzing` entry points for `fuzz/`).

#![warn(missing_docs)]

// 1. Foundations.
mod alg;
mod clock;
mod error;
mod http_client;
mod text;
mod trust_anchors;
mod types;

// 2. Leaf policies.
mod page_templates;
mod url_policy;

// 3. The contract.
mod api;

// 4. The configuration.
mod config;

// 5. The protocol.
mod access_token;
mod authorize;
mod client_assertion;
mod discovery;
mod fetch;
mod id_token;
mod introspection;
mod jose;
mod jwks;
mod jwt_claims;
mod logout_token;
mod outage;
mod token;
mod userinfo;

// 6. The policies.
mod mapping;
mod providers;
mod provisioning;
mod routing;

// 7. Run time.
mod bearer;
mod callback;
mod idp;
mod logout;
mod test_login;
mod token_summary;

// 8. The facade.
mod engine;
#[doc(hidden)]
pub mod fuzzing;
mod preview;

pub use api::*;
pub use clock::{Clock, SystemClock};
pub use config::{preset_catalog, MAX_DOCUMENT_BYTES, MAX_PROBLEMS, SCHEMA_VERSION};
pub use discovery::discover;
pub use engine::{library_info, validate_config, Engine};
pub use error::{Code, CodeSource, ConfigProblem, Error, ErrorKind};
pub use http_client::{
    Deadline, HttpClient, HttpClientFactory, HttpError, HttpErrorKind, HttpSettings,
};
pub use preview::{groups_dry_run, template_preview};
pub use trust_anchors::{parse_trust_anchors, usable_trust_anchors};
pub use types::{ClientSecret, SigningAlg, TokenAuthMethod};
