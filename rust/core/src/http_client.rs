//! Outbound HTTP as a trait: `http::Request<Vec<u8>>` in, `http::Response<Vec<u8>>` out.
//!
//! The implementation (crate `oidc-sso-http`) must follow no redirects, apply the
//! connect/read timeouts and cap the response size given in [`HttpSettings`].

use std::sync::Arc;
use std::time::{Duration, Instant};

/// Per-IdP outbound HTTP settings (merged from the IdP's config and the host defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpSettings {
    /// Longest wait for a connection.
    pub connect_timeout_ms: u64,
    /// Longest wait for the whole answer.
    pub read_timeout_ms: u64,
    /// Largest answer read; a larger one fails with `TooLarge`.
    pub max_response_bytes: usize,
    /// PEM bundle of trusted roots. `None`: the host's defaults (the JVM trust anchors).
    pub trust_anchors_pem: Option<String>,
    /// Proxy URL (`http://user:pass@host:port`), `None` for direct.
    pub proxy_url: Option<String>,
    /// Hosts that bypass the proxy.
    pub no_proxy: Vec<String>,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            connect_timeout_ms: 5_000,
            read_timeout_ms: 10_000,
            max_response_bytes: 1024 * 1024,
            trust_anchors_pem: None,
            proxy_url: None,
            no_proxy: Vec::new(),
        }
    }
}

/// Why an outbound call failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpErrorKind {
    /// Could not connect (DNS, refused, TLS handshake).
    Connect,
    /// Connect or read timeout.
    Timeout,
    /// The body exceeded `max_response_bytes`.
    TooLarge,
    /// Anything else on the wire (reset, malformed HTTP).
    Protocol,
    /// The settings could not be applied (bad proxy URL, unparsable CA bundle).
    Settings,
    /// Not sent: the IdP's circuit is open after consecutive failures (crate::outage).
    CircuitOpen,
    /// Not sent: the IdP's calls in flight are at `http.maxConcurrentCalls`.
    Busy,
    /// Not sent: the login's deadline (`http.loginDeadlineMs`) has passed.
    Deadline,
}

/// A failed outbound call: its kind and a message for the admin (no secrets).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct HttpError {
    /// What went wrong.
    pub kind: HttpErrorKind,
    /// For the admin; never a secret or a token.
    pub message: String,
}

impl HttpError {
    /// An error of this kind.
    pub fn new(kind: HttpErrorKind, message: impl Into<String>) -> Self {
        HttpError {
            kind,
            message: message.into(),
        }
    }
}

/// The latest instant a request may still be waiting for its answer: the login's
/// deadline. Carried in the request's extensions; an implementation gives the call the
/// timeout `min(read timeout, time left)`, and fails it at once when no time is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline(pub Instant);

impl Deadline {
    /// The timeout of a call that may take `own` but must end by this deadline;
    /// `None` when the deadline has passed.
    pub fn timeout(self, own: Duration) -> Option<Duration> {
        let left = self.0.checked_duration_since(Instant::now())?;
        (!left.is_zero()).then(|| own.min(left))
    }
}

/// One outbound call. Redirect responses (3xx) are returned as they are, never followed.
pub trait HttpClient: Send + Sync {
    /// Sends the request and returns the answer, whatever its status.
    fn execute(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, HttpError>;
}

/// Builds a client for one IdP's settings.
pub trait HttpClientFactory: Send + Sync {
    /// A client with these settings; `Settings` when they cannot be applied.
    fn client(&self, settings: &HttpSettings) -> Result<Arc<dyn HttpClient>, HttpError>;
}
