//! One reqwest client for one [`HttpSettings`] value, and its blocking `execute`.

use std::error::Error as _;
use std::sync::{Arc, Weak};
use std::time::Duration;

use oidc_sso_core::{
    parse_trust_anchors as core_parse_trust_anchors, usable_trust_anchors, Deadline, HttpClient,
    HttpError, HttpErrorKind, HttpSettings,
};
use reqwest::{redirect, Certificate, NoProxy, Proxy, Url};

use crate::runtime::OwnedRuntime;

/// Idle pooled connections are closed after this long (IdPs drop them anyway).
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// First allocation for a body of unknown length.
const INITIAL_BODY_CAPACITY: usize = 16 * 1024;

/// The client for one IdP's settings. Cheap to share: reqwest pools connections inside.
pub struct ReqwestHttpClient {
    client: reqwest::Client,
    runtime: Weak<OwnedRuntime>,
    max_response_bytes: usize,
    read_timeout_ms: u64,
}

impl std::fmt::Debug for ReqwestHttpClient {
    // Settings may carry proxy credentials: print only what is harmless.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReqwestHttpClient")
            .field("max_response_bytes", &self.max_response_bytes)
            .field("read_timeout_ms", &self.read_timeout_ms)
            .finish_non_exhaustive()
    }
}

impl ReqwestHttpClient {
    /// Builds the client. `default_trust_anchors_pem` applies when the settings name none.
    pub(crate) fn new(
        settings: &HttpSettings,
        default_trust_anchors_pem: Option<&str>,
        runtime: &Arc<OwnedRuntime>,
    ) -> Result<ReqwestHttpClient, HttpError> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .tls_built_in_root_certs(false)
            .connect_timeout(Duration::from_millis(settings.connect_timeout_ms))
            .timeout(Duration::from_millis(settings.read_timeout_ms))
            .redirect(redirect::Policy::none())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .user_agent(concat!("oidc-sso/", env!("CARGO_PKG_VERSION")))
            // No proxy from the environment: only what the settings say.
            .no_proxy();
        let anchors = settings
            .trust_anchors_pem
            .as_deref()
            .or(default_trust_anchors_pem);
        if let Some(pem) = anchors {
            for certificate in parse_trust_anchors(pem)? {
                builder = builder.add_root_certificate(certificate);
            }
        }
        if let Some(url) = settings.proxy_url.as_deref() {
            builder = builder.proxy(proxy(url, &settings.no_proxy)?);
        }
        let client = builder.build().map_err(|e| {
            HttpError::new(
                HttpErrorKind::Settings,
                format!("could not build the HTTP client: {}", chain(e)),
            )
        })?;
        Ok(ReqwestHttpClient {
            client,
            runtime: Arc::downgrade(runtime),
            max_response_bytes: settings.max_response_bytes,
            read_timeout_ms: settings.read_timeout_ms,
        })
    }

    /// Whether this client runs on `runtime` (clients of a stopped runtime are rebuilt).
    pub(crate) fn runs_on(&self, runtime: &Arc<OwnedRuntime>) -> bool {
        std::ptr::eq(self.runtime.as_ptr(), Arc::as_ptr(runtime))
    }

    async fn send(&self, request: reqwest::Request) -> Result<http::Response<Vec<u8>>, HttpError> {
        let host = host_of(request.url());
        let mut response = self
            .client
            .execute(request)
            .await
            .map_err(|e| self.map_error(&host, e))?;
        if let Some(announced) = response.content_length() {
            if announced > self.max_response_bytes as u64 {
                return Err(self.too_large(&host, &format!("announces {announced} bytes, more")));
            }
        }
        let capacity = response
            .content_length()
            .map_or(INITIAL_BODY_CAPACITY, |len| len as usize);
        let mut body = Vec::with_capacity(capacity.min(self.max_response_bytes));
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.map_error(&host, e))?
        {
            if body.len() + chunk.len() > self.max_response_bytes {
                return Err(self.too_large(&host, "is longer"));
            }
            body.extend_from_slice(&chunk);
        }
        let mut out = http::Response::new(body);
        *out.status_mut() = response.status();
        *out.version_mut() = response.version();
        *out.headers_mut() = std::mem::take(response.headers_mut());
        Ok(out)
    }

    fn too_large(&self, host: &str, what: &str) -> HttpError {
        HttpError::new(
            HttpErrorKind::TooLarge,
            format!(
                "the response from `{host}` {what} than the limit of {} bytes; \
                 check the URL or raise the IdP's maximum response size",
                self.max_response_bytes
            ),
        )
    }

    fn map_error(&self, host: &str, error: reqwest::Error) -> HttpError {
        let timeout = error.is_timeout();
        let connect = error.is_connect();
        let builder = error.is_builder();
        let detail = chain(error);
        if timeout {
            HttpError::new(
                HttpErrorKind::Timeout,
                format!(
                    "no complete answer from `{host}` within {} ms (or the login's \
                     http.loginDeadlineMs); check that the IdP is reachable from this server \
                     (firewall, proxy) or raise the timeout ({detail})",
                    self.read_timeout_ms
                ),
            )
        } else if connect {
            HttpError::new(
                HttpErrorKind::Connect,
                format!("could not connect to `{host}`: {detail}; check the URL, DNS, firewall, proxy and trusted certificates"),
            )
        } else if builder {
            HttpError::new(
                HttpErrorKind::Settings,
                format!("the request to `{host}` could not be built: {detail}"),
            )
        } else {
            HttpError::new(
                HttpErrorKind::Protocol,
                format!("the exchange with `{host}` failed: {detail}"),
            )
        }
    }
}

impl HttpClient for ReqwestHttpClient {
    fn execute(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, HttpError> {
        if tokio::runtime::Handle::try_current().is_ok() {
            // block_on would panic: this client is for blocking callers (JNI threads).
            return Err(HttpError::new(
                HttpErrorKind::Settings,
                "the blocking HTTP client was called from inside an async runtime",
            ));
        }
        // The login's deadline (oidc_sso_core::outage): this call may wait only for what
        // is left of it, and is not sent when nothing is.
        let own = Duration::from_millis(self.read_timeout_ms);
        let timeout = match request.extensions().get::<Deadline>() {
            Some(deadline) => deadline.timeout(own).ok_or_else(|| {
                HttpError::new(
                    HttpErrorKind::Deadline,
                    "the login's deadline passed before this call",
                )
            })?,
            None => own,
        };
        let owned = self.runtime.upgrade().ok_or_else(stopped)?;
        let runtime = owned.runtime().ok_or_else(stopped)?;
        let mut request = reqwest::Request::try_from(request).map_err(|e| {
            HttpError::new(
                HttpErrorKind::Settings,
                format!("invalid outbound request: {}", chain(e)),
            )
        })?;
        *request.timeout_mut() = Some(timeout);
        let result = runtime.block_on(self.send(request));
        // `owned` is dropped here, on the caller's thread: if `shutdown` ran meanwhile, this
        // is the last reference and stopping the threads happens outside the runtime.
        drop(owned);
        result
    }
}

fn stopped() -> HttpError {
    HttpError::new(
        HttpErrorKind::Connect,
        "the HTTP runtime was shut down (the plugin is being disabled)",
    )
}

/// The usable certificates of the bundle, read by the same functions that validated it
/// (`oidc_sso_core::parse_trust_anchors`): an admin's bundle passed them whole at validation;
/// from the host's default bundle (the JVM's anchors) the unusable ones are skipped.
fn parse_trust_anchors(pem: &str) -> Result<Vec<Certificate>, HttpError> {
    let usable = usable_trust_anchors(pem);
    if usable.is_empty() {
        let why = core_parse_trust_anchors(pem)
            .err()
            .unwrap_or_else(|| "no usable certificate".into());
        return Err(HttpError::new(
            HttpErrorKind::Settings,
            format!("the trusted certificates (PEM) cannot be used: {why}"),
        ));
    }
    usable
        .iter()
        .map(|der| {
            Certificate::from_der(der).map_err(|e| {
                HttpError::new(
                    HttpErrorKind::Settings,
                    format!("a trusted certificate cannot be loaded: {}", chain(e)),
                )
            })
        })
        .collect()
}

fn proxy(url: &str, no_proxy: &[String]) -> Result<Proxy, HttpError> {
    let proxy = Proxy::all(url).map_err(|e| {
        HttpError::new(
            HttpErrorKind::Settings,
            format!(
                "the proxy URL {} is not valid ({}); expected `http://[user:password@]host:port`",
                redacted(url),
                chain(e)
            ),
        )
    })?;
    Ok(proxy.no_proxy(NoProxy::from_string(&no_proxy.join(","))))
}

/// The proxy URL without its password, for messages.
fn redacted(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) => {
            if parsed.password().is_some() {
                // set_password only fails for URLs that cannot carry credentials.
                let _ = parsed.set_password(Some("[redacted]"));
            }
            format!("`{parsed}`")
        }
        Err(_) => "(unparsable, not shown)".to_owned(),
    }
}

fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port_or_known_default()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => "(no host)".to_owned(),
    }
}

/// The error and its causes on one line, without the URL (it may carry a query string).
fn chain(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
