//! `oidc-sso-http`: the reqwest-based [`HttpClient`](oidc_sso_core::HttpClient) behind the core.
//!
//! What it guarantees, per [`HttpSettings`](oidc_sso_core::HttpSettings):
//! - redirects are returned as they are, never followed (a 3xx from a token endpoint is an
//!   error the core reports, not something to chase);
//! - a connect timeout and an overall timeout that covers reading the body;
//! - the response body is read in chunks and abandoned as soon as it passes
//!   `max_response_bytes` (also when `Content-Length` announces more);
//! - trust anchors come only from the PEM bundle it is given (the JVM's anchors by default):
//!   no built-in roots, no system proxy, no automatic decompression.
//!
//! Calls are blocking for the caller: they run on a small tokio runtime owned by this crate
//! (threads named `oidc-sso-http-N`), driven by `block_on` from the caller's own thread.
//! [`shutdown`] stops those threads; they never touch the JVM.

mod client;
mod factory;
mod runtime;

pub use client::ReqwestHttpClient;
pub use factory::ReqwestHttpClientFactory;
pub use runtime::shutdown;
