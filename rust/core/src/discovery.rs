//! OpenID Provider metadata (OIDC Discovery 1.0 §3, §4.3) and its per-IdP cache.

mod lookup;

pub use lookup::discover;

use crate::api::FetchCounts;
use crate::Code;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Map, Value};

use crate::config::IdpConfig;
use crate::outage::{self, Calls, SingleFlight};
use crate::text::quote_url;
use crate::{fetch, url_policy, Error, HttpClient};

/// How long fetched metadata is used before it is fetched again.
pub const METADATA_TTL_SECONDS: i64 = 3600;
/// After a failed refresh, stale metadata is used this long before the next try.
pub const METADATA_RETRY_SECONDS: i64 = 60;

/// The parts of the provider metadata the relying party uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderMetadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    pub userinfo_endpoint: Option<String>,
    /// RP-Initiated Logout 1.0 §2.1: where the browser goes to end the IdP session.
    pub end_session_endpoint: Option<String>,
    /// RFC 8414 §2 / RFC 7662: where opaque access tokens are introspected.
    pub introspection_endpoint: Option<String>,
    /// RFC 9207 §3: the OP always sends `iss` in authorization responses.
    pub authorization_response_iss_parameter_supported: bool,
}

/// Fetches and checks the IdP's discovery document. A document that contradicts the
/// configuration is a configuration error tied to `issuer_pointer` (the IdP's `issuer`
/// setting); an IdP that cannot be reached or answers garbage is unavailable.
pub(crate) fn fetch_metadata(
    idp: &IdpConfig,
    issuer_pointer: &str,
    client: &dyn HttpClient,
) -> Result<ProviderMetadata, Error> {
    let url = url_policy::discovery_url(&idp.issuer);
    let request = fetch::get_json_request(&url)?;
    let response = fetch::send(client, idp.http.max_response_bytes, "discovery", request)?;
    let status = response.status();
    if !status.is_success() {
        let code = if fetch::is_server_error(status) {
            Code::IdpUnavailable
        } else {
            Code::DiscoveryFailed
        };
        return Err(Error::unavailable(
            code,
            format!(
                "discovery `{url}` answered {status}; check the issuer URL of IdP `{}`",
                idp.id
            ),
        ));
    }
    let doc = fetch::json_object(response.body()).map_err(|why| {
        Error::unavailable(
            Code::DiscoveryFailed,
            format!("discovery `{url}` answered {why}"),
        )
    })?;
    parse_metadata(idp, issuer_pointer, &url, &doc)
}

/// Checks a discovery document against the configuration.
pub(crate) fn parse_metadata(
    idp: &IdpConfig,
    issuer_pointer: &str,
    url: &str,
    doc: &Map<String, Value>,
) -> Result<ProviderMetadata, Error> {
    // Discovery 1.0 §4.3: the issuer must be identical to the configured one, byte for byte.
    let issuer = doc.get("issuer").and_then(Value::as_str);
    if issuer != Some(idp.issuer.as_str()) {
        let found = issuer.map(quote_url).unwrap_or_else(|| "no issuer".into());
        return Err(Error::config(
            Code::DiscoveryIssuerMismatch,
            issuer_pointer,
            format!(
                "issuer mismatch: expected `{}` (found {found}) in `{url}`; set the IdP's \
                 issuer to exactly the value the IdP publishes (trailing slash? http or \
                 https? letter case?)",
                idp.issuer
            ),
        ));
    }
    let endpoint = |name: &str| required_endpoint(idp, issuer_pointer, url, doc, name);
    let optional = |name: &str| match doc.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => endpoint(name).map(Some),
    };
    let userinfo_endpoint = optional("userinfo_endpoint")?;
    let end_session_endpoint = optional("end_session_endpoint")?;
    let introspection_endpoint = optional("introspection_endpoint")?;
    Ok(ProviderMetadata {
        issuer: idp.issuer.to_string(),
        authorization_endpoint: endpoint("authorization_endpoint")?,
        token_endpoint: endpoint("token_endpoint")?,
        jwks_uri: endpoint("jwks_uri")?,
        userinfo_endpoint,
        end_session_endpoint,
        introspection_endpoint,
        authorization_response_iss_parameter_supported: doc
            .get("authorization_response_iss_parameter_supported")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

fn required_endpoint(
    idp: &IdpConfig,
    issuer_pointer: &str,
    url: &str,
    doc: &Map<String, Value>,
    name: &str,
) -> Result<String, Error> {
    let Some(raw) = doc.get(name).and_then(Value::as_str) else {
        return Err(Error::config(
            Code::DiscoveryFailed,
            issuer_pointer,
            format!(
                "discovery `{url}` has no `{name}` string; the IdP must publish it (is the \
                 issuer URL the IdP's OpenID Connect issuer?)"
            ),
        ));
    };
    url_policy::check_endpoint(raw, idp.insecure_allow_http_loopback)
        .map_err(|why| {
            Error::config(
                Code::DiscoveryFailed,
                issuer_pointer,
                format!(
                    "discovery `{url}`: `{name}` {} {why}; fix the IdP's published endpoints \
                     (or, for development only, set insecureAllowHttpLoopback)",
                    quote_url(raw)
                ),
            )
        })
        .map(|_| raw.to_string())
}

/// The metadata of one IdP, fetched lazily and refreshed after [`METADATA_TTL_SECONDS`].
/// Concurrent callers share one fetch (and its failure), each waiting no longer than its
/// own login's deadline; a failed refresh keeps the old metadata and retries after
/// [`METADATA_RETRY_SECONDS`]; a failure with nothing cached is remembered for a backoff
/// (2 s, doubling up to a minute), so logins do not each pay the IdP's timeout.
#[derive(Debug, Default)]
pub(crate) struct MetadataCache {
    state: Mutex<State>,
    fetching: SingleFlight,
}

#[derive(Debug, Default, Clone)]
struct State {
    metadata: Option<Arc<ProviderMetadata>>,
    /// When the metadata must be fetched again (or, after a failure, may be).
    refresh_at: i64,
    /// Bumped by every fetch attempt.
    generation: u64,
    last_error: Option<Error>,
    /// Failed attempts in a row.
    failures: u32,
    /// Every fetch, for `engineInfo` (`discoveryFetches`).
    fetches: FetchCounts,
}

impl MetadataCache {
    pub(crate) fn get(
        &self,
        now: i64,
        calls: &Calls<'_>,
        fetch: impl FnOnce() -> Result<ProviderMetadata, Error>,
    ) -> Result<Arc<ProviderMetadata>, Error> {
        // The usual case, fresh metadata, answered under the lock: one `Arc` clone per token,
        // not a copy of the whole state.
        let seen = {
            let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(fresh) = state.metadata.as_ref().filter(|_| now < state.refresh_at) {
                return Ok(fresh.clone());
            }
            state.clone()
        };
        if let Some(remembered) = seen.last_error.as_ref().filter(|_| now < seen.refresh_at) {
            // A recent failure with nothing cached: answered without asking the IdP again.
            return Err(remembered.clone());
        }
        calls.enter()?;
        let Some(_single_flight) = self.fetching.start(calls.deadline()) else {
            // Another login's fetch outlasted this login's deadline.
            let current = self.snapshot();
            return current
                .metadata
                .clone()
                .ok_or_else(|| calls.waited_too_long());
        };
        let current = self.snapshot();
        if current.generation != seen.generation {
            // Another caller fetched while this one waited: share its outcome.
            return outcome(&current);
        }
        // Fetch without holding `state`: readers of fresh metadata never wait on the network.
        let fetched = fetch();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.generation += 1;
        state.fetches.count(&fetched);
        match fetched {
            Ok(metadata) => {
                state.metadata = Some(Arc::new(metadata));
                state.refresh_at = now + METADATA_TTL_SECONDS;
                state.last_error = None;
                state.failures = 0;
            }
            Err(e) => {
                state.failures = state.failures.saturating_add(1);
                state.refresh_at = now
                    + if state.metadata.is_some() {
                        METADATA_RETRY_SECONDS
                    } else {
                        outage::failure_backoff(state.failures, outage::FAILURE_BACKOFF_SECONDS)
                    };
                state.last_error = Some(e);
            }
        }
        outcome(&state)
    }

    /// The fetches so far, successful and failed.
    pub(crate) fn fetches(&self) -> FetchCounts {
        self.snapshot().fetches
    }

    fn snapshot(&self) -> State {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The metadata (possibly stale after a failed refresh), else the last error.
fn outcome(state: &State) -> Result<Arc<ProviderMetadata>, Error> {
    match (&state.metadata, &state.last_error) {
        (Some(metadata), _) => Ok(metadata.clone()),
        (None, Some(e)) => Err(e.clone()),
        (None, None) => Err(Error::Internal("metadata cache without outcome".into())),
    }
}
