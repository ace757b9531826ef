//! `engineInfo` (one engine: its IdPs and each one's availability) and `libraryInfo` (what
//! the library offers before any configuration exists: its version, the IdP presets, the
//! error codes). For the admin UI and the health endpoint; never a secret.

use serde::{Deserialize, Serialize};

/// `engineInfo`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EngineInfo {
    /// The configuration schema version this engine read.
    pub schema_version: u64,
    /// `pendingLoginTtlSeconds`.
    pub pending_login_ttl_seconds: u64,
    /// The shared redirect URI (base URL + callback path).
    pub redirect_uri: String,
    /// Every configured IdP, in document order.
    pub idps: Vec<IdpInfo>,
    /// `signIn.websudoViaIdp`: `sso-sessions` or `off`.
    pub websudo_via_idp: String,
}

/// One configured IdP as the admin UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdpInfo {
    /// Its `id`.
    pub id: String,
    /// Its `displayName`.
    pub display_name: String,
    /// Its `issuer`.
    pub issuer: String,
    /// The preset it is built on (`keycloak`, `entra`, ...), if any.
    pub preset: Option<String>,
    /// Its `createUsers`.
    pub create_users: bool,
    /// Its `linkExistingAccounts`.
    pub link_existing_accounts: bool,
    /// Its `insecureAllowHttpLoopback`.
    pub insecure_allow_http_loopback: bool,
    /// `client_secret_basic`, `client_secret_post`, `client_secret_jwt` or `private_key_jwt`.
    pub token_endpoint_auth_method: String,
    /// Its `allowedAlgorithms` (`RS256`, ...).
    pub allowed_algorithms: Vec<String>,
    /// The quirks it runs with.
    pub quirks: IdpQuirksInfo,
    /// Circuit state and since when, calls in flight (docs/config.md "When an IdP is down").
    pub availability: IdpAvailability,
    /// Discovery documents fetched for the metadata cache (the circuit's probes not counted).
    pub discovery_fetches: FetchCounts,
    /// Key sets fetched from the IdP's `jwks_uri`.
    pub jwks_fetches: FetchCounts,
    /// Its `bearer` section is on: JWT access tokens of its issuer are checked.
    pub bearer: bool,
    /// With `bearer.introspection` on: its introspection answers since this engine was
    /// built; `None` when the IdP introspects no opaque tokens (the shim then passes a
    /// token that is not a JWS to the product without asking the core, when no IdP does).
    pub introspections: Option<IntrospectionCounts>,
}

/// The introspection answers of one IdP since this engine was built. `active`, `inactive`
/// and `failed` are requests sent to the IdP (one per token per cache period, shared by
/// concurrent callers); `cache_hits` are answers given without asking it (cached, or
/// shared with a request in flight).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntrospectionCounts {
    /// The IdP said `active: true`.
    pub active: u64,
    /// The IdP said `active: false`.
    pub inactive: u64,
    /// No usable answer: unreachable, an error status, a refused body, the circuit open.
    pub failed: u64,
    /// Answered from the cache or by a request in flight for the same token.
    pub cache_hits: u64,
}

/// Fetches of one document from one IdP since this engine was built (a reload builds a new
/// engine, so every IdP starts again from zero). A fetch that concurrent callers share
/// counts once; answers from the cache, and calls refused by the circuit or the bulkhead
/// before asking the IdP, count not at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FetchCounts {
    /// Fetches whose answer was used (the cache took it).
    pub ok: u64,
    /// Fetches that failed: unreachable, an error status, or a document that was refused.
    pub failed: u64,
}

impl FetchCounts {
    /// Adds one outcome.
    pub(crate) fn count<T, E>(&mut self, outcome: &Result<T, E>) {
        match outcome {
            Ok(_) => self.ok = self.ok.saturating_add(1),
            Err(_) => self.failed = self.failed.saturating_add(1),
        }
    }
}

/// The quirks of one IdP that change what is sent to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdpQuirksInfo {
    /// `quirks.tokenEndpointAsAudience`.
    pub token_endpoint_as_audience: bool,
}

/// Whether an IdP is considered up, for the admin page and the health endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CircuitState {
    /// Calls go to the IdP.
    Closed,
    /// Calls fail at once; a background probe checks the IdP.
    Open,
}

/// One IdP's availability (`idps[i].availability`). Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdpAvailability {
    /// Open or closed.
    pub state: CircuitState,
    /// When the circuit last opened or closed (or the engine started).
    pub since: i64,
    /// Failed calls in a row.
    pub consecutive_failures: u64,
    /// What the last failure was (never a token or a secret).
    pub last_failure: Option<String>,
    /// When it happened.
    pub last_failure_at: Option<i64>,
    /// While open: when the background probe runs next.
    pub next_probe_at: Option<i64>,
    /// Failed probes since the circuit opened.
    pub failed_probes: u64,
    /// Logins talking to (or waiting for) the IdP now.
    pub logins_in_flight: u64,
    /// The bulkhead's size (`http.maxConcurrentCalls`).
    pub max_concurrent_calls: u64,
}

/// `libraryInfo`'s answer: what the admin UI needs before any engine exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LibraryInfo {
    /// The native library's version.
    pub version: String,
    /// The configuration schema version it reads.
    pub schema_version: u64,
    /// Every IdP preset with its parameters and defaults (docs/idp/).
    pub presets: Vec<PresetInfo>,
}

/// One IdP preset, as the admin UI offers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PresetInfo {
    /// The value of an IdP's `preset`.
    pub name: String,
    /// The product's name.
    pub display_name: String,
    /// The values the admin fills in (`presetParameters`).
    pub parameters: Vec<PresetParameter>,
    /// The fields the preset fills, with `{parameter}` placeholders.
    pub defaults: serde_json::Value,
    /// What the admin should know about this IdP.
    pub notes: Vec<String>,
    /// The step-by-step guide, relative to the repository (and the docs shipped with it).
    pub guide: String,
}

/// One parameter of a preset, as the admin UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PresetParameter {
    /// Its name in `presetParameters`.
    pub name: String,
    /// What it is.
    pub description: String,
    /// A value of the right shape.
    pub example: String,
    /// Needed unless the document sets every field the parameter fills.
    pub required: bool,
    /// The value used when it is not given.
    pub default: Option<String>,
}
