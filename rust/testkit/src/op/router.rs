//! Several OPs behind one `HttpClientFactory`, for multi-IdP tests (mix-up, key
//! binding): each request goes to the OP whose issuer URL prefixes it; any other URL
//! is recorded as a stray request and fails to connect.

use std::sync::{Arc, Mutex};

use oidc_sso_core::{HttpClient, HttpClientFactory, HttpError, HttpErrorKind, HttpSettings};

use super::{endpoints, lock, TestOp};

/// Routes requests to OPs by URL prefix.
#[derive(Debug, Clone)]
pub struct OpRouter {
    ops: Vec<TestOp>,
    stray: Arc<Mutex<Vec<String>>>,
}

impl OpRouter {
    pub fn new(ops: &[&TestOp]) -> OpRouter {
        OpRouter {
            ops: ops.iter().map(|op| (*op).clone()).collect(),
            stray: Arc::default(),
        }
    }

    /// URLs requested that belong to no OP.
    pub fn stray_requests(&self) -> Vec<String> {
        lock(&self.stray).clone()
    }

    fn route(&self, url: &str) -> Option<&TestOp> {
        self.ops
            .iter()
            .filter(|op| {
                let base = op.issuer().trim_end_matches('/');
                url.strip_prefix(base)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
            })
            .max_by_key(|op| op.issuer().len())
    }
}

struct RouterClient {
    router: OpRouter,
    settings: HttpSettings,
}

impl HttpClientFactory for OpRouter {
    fn client(&self, settings: &HttpSettings) -> Result<Arc<dyn HttpClient>, HttpError> {
        Ok(Arc::new(RouterClient {
            router: self.clone(),
            settings: settings.clone(),
        }))
    }
}

impl HttpClient for RouterClient {
    fn execute(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, HttpError> {
        let url = request.uri().to_string();
        let Some(op) = self.router.route(&url) else {
            lock(&self.router.stray).push(url.clone());
            return Err(HttpError::new(
                HttpErrorKind::Connect,
                format!("test router: no OP at {url}"),
            ));
        };
        let timeout = super::call_timeout(&self.settings, &request)?;
        let response = endpoints::handle(op, request, timeout)?;
        if response.body().len() > self.settings.max_response_bytes {
            return Err(HttpError::new(HttpErrorKind::TooLarge, "body over the cap"));
        }
        Ok(response)
    }
}
