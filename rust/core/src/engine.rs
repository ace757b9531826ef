//! The engine: one validated configuration plus its caches. Shared as `Arc<Engine>`.
//! PLACEHOLDER SHAPES: the core helper replaces the bodies; the JSON shapes are the
//! contract in docs/architecture.md.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::{Clock, Error, HttpClientFactory};

/// What the host tells the core at engine creation (see docs/architecture.md).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostContext {
    pub base_url: String,
    #[serde(default)]
    pub node_id: Option<String>,
    pub callback_path: String,
    #[serde(default)]
    pub trust_anchors_pem: Option<String>,
    #[serde(default)]
    pub proxy: Option<HostProxy>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostProxy {
    pub url: String,
    #[serde(default)]
    pub no_proxy: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BeginLoginRequest {
    #[serde(default)]
    pub idp_id: Option<String>,
    #[serde(default)]
    pub return_to: Option<String>,
    pub browser_binding: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BeginLoginResponse {
    pub authorization_url: String,
    pub state: String,
    /// Opaque to the shim: stored under `state` and handed back at the callback.
    pub pending: serde_json::Value,
    pub expires_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompleteLoginRequest {
    #[serde(default)]
    pub pending: Option<serde_json::Value>,
    #[serde(default)]
    pub browser_binding: Option<String>,
    #[serde(default)]
    pub params: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    pub event: String,
    pub idp: Option<String>,
    pub subject: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginDecision {
    pub idp_id: String,
    pub issuer: String,
    pub subject: String,
    pub username: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub display_name: Option<String>,
    pub groups: Vec<String>,
    pub return_to: String,
    pub link_existing_accounts: bool,
    pub create_users: bool,
    pub audit: Vec<AuditEvent>,
}

/// One configuration, its IdPs' caches and HTTP clients.
pub struct Engine {
    #[allow(dead_code)]
    http: Arc<dyn HttpClientFactory>,
    #[allow(dead_code)]
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").finish_non_exhaustive()
    }
}

impl Engine {
    /// Validates the document and builds the engine. Makes no network call.
    pub fn new(
        _config_json: &[u8],
        _host: HostContext,
        http: Arc<dyn HttpClientFactory>,
        clock: Arc<dyn Clock>,
    ) -> Result<Engine, Error> {
        Ok(Engine { http, clock })
    }

    pub fn begin_login(&self, _req: &BeginLoginRequest) -> Result<BeginLoginResponse, Error> {
        Err(Error::Internal("engine not built yet".into()))
    }

    pub fn complete_login(&self, _req: &CompleteLoginRequest) -> Result<LoginDecision, Error> {
        Err(Error::Internal("engine not built yet".into()))
    }
}

/// Validates a configuration document; every problem at once (empty = valid).
pub fn validate_config(_config_json: &[u8]) -> Vec<crate::config::ConfigProblem> {
    Vec::new()
}
