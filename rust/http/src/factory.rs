//! Builds and caches one client per distinct [`HttpSettings`] value.

use std::sync::{Arc, Mutex, PoisonError};

use oidc_sso_core::{HttpClient, HttpClientFactory, HttpError, HttpSettings};

use crate::client::ReqwestHttpClient;
use crate::runtime;

/// Distinct settings per engine are few (one per IdP); the cap only bounds a misuse.
const MAX_CACHED_CLIENTS: usize = 32;

/// The [`HttpClientFactory`] the JNI bridge hands to the core.
///
/// `default_trust_anchors_pem` (the JVM's anchors, from the host context) applies to
/// every client whose settings name no bundle of their own.
pub struct ReqwestHttpClientFactory {
    default_trust_anchors_pem: Option<String>,
    cache: Mutex<Vec<(HttpSettings, Arc<ReqwestHttpClient>)>>,
}

impl std::fmt::Debug for ReqwestHttpClientFactory {
    // The cached settings may carry proxy credentials: never print them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReqwestHttpClientFactory")
            .field(
                "has_default_trust_anchors",
                &self.default_trust_anchors_pem.is_some(),
            )
            .finish_non_exhaustive()
    }
}

impl Default for ReqwestHttpClientFactory {
    fn default() -> Self {
        ReqwestHttpClientFactory::new(None)
    }
}

impl ReqwestHttpClientFactory {
    pub fn new(default_trust_anchors_pem: Option<String>) -> ReqwestHttpClientFactory {
        ReqwestHttpClientFactory {
            default_trust_anchors_pem,
            cache: Mutex::new(Vec::new()),
        }
    }

    /// The concrete client (the trait method returns it type-erased).
    pub fn reqwest_client(
        &self,
        settings: &HttpSettings,
    ) -> Result<Arc<ReqwestHttpClient>, HttpError> {
        let runtime = runtime::current()?;
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        // Clients of a stopped runtime cannot work any more: forget them.
        cache.retain(|(_, client)| client.runs_on(&runtime));
        if let Some((_, client)) = cache.iter().find(|(cached, _)| cached == settings) {
            return Ok(Arc::clone(client));
        }
        let client = Arc::new(ReqwestHttpClient::new(
            settings,
            self.default_trust_anchors_pem.as_deref(),
            &runtime,
        )?);
        if cache.len() >= MAX_CACHED_CLIENTS {
            cache.remove(0);
        }
        cache.push((settings.clone(), Arc::clone(&client)));
        Ok(client)
    }
}

impl HttpClientFactory for ReqwestHttpClientFactory {
    fn client(&self, settings: &HttpSettings) -> Result<Arc<dyn HttpClient>, HttpError> {
        let client: Arc<dyn HttpClient> = self.reqwest_client(settings)?;
        Ok(client)
    }
}
