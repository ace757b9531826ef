//! The shared harness: an engine wired to a test OP and a fake clock.

use std::collections::BTreeMap;
use std::sync::Arc;

use oidc_sso_core::{
    BeginLoginRequest, BeginLoginResponse, CompleteLoginRequest, Engine, Error, FetchCounts,
    HostContext, LoginDecision,
};
use oidc_sso_testkit::op::{CLIENT_ID, CLIENT_SECRET};
use oidc_sso_testkit::{FakeClock, TestOp};
use serde_json::{json, Value};

pub const ISSUER: &str = "https://idp.example.com/realms/main";
pub const BASE_URL: &str = "https://jira.example.com";
pub const CALLBACK_PATH: &str = "/plugins/servlet/oidc-sso/callback";
pub const REDIRECT_URI: &str = "https://jira.example.com/plugins/servlet/oidc-sso/callback";
pub const BINDING: &str = "binding-cookie-value";

pub fn host() -> HostContext {
    HostContext {
        base_url: BASE_URL.into(),
        callback_path: CALLBACK_PATH.into(),
        ..HostContext::default()
    }
}

/// A valid document for the test OP, with `changes` merged into the IdP entry.
pub fn config(issuer: &str, changes: Value) -> Value {
    let mut idp = json!({
        "id": "test", "displayName": "Test IdP", "issuer": issuer,
        "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET,
        "allowedAlgorithms": ["RS256", "ES256"],
        "scopes": ["openid", "profile", "email", "groups"],
    });
    for (key, value) in changes.as_object().expect("changes is an object") {
        idp[key] = value.clone();
    }
    json!({"schemaVersion": 1, "idps": [idp]})
}

pub struct Harness {
    pub op: TestOp,
    pub clock: Arc<FakeClock>,
    pub engine: Engine,
}

impl Harness {
    pub fn new() -> Harness {
        Harness::with_config(json!({}))
    }

    /// The default setup with `changes` merged into the IdP configuration.
    pub fn with_config(changes: Value) -> Harness {
        let clock = Arc::new(FakeClock::default());
        let op = TestOp::new(ISSUER, clock.clone());
        let engine = engine_for(&op, &clock, &config(ISSUER, changes));
        Harness { op, clock, engine }
    }

    pub fn begin(&self) -> BeginLoginResponse {
        self.engine
            .begin_login(&BeginLoginRequest {
                idp_id: None,
                return_to: Some("/browse/X-1".into()),
                browser_binding: BINDING.into(),
                test_login: false,
                reauthenticate: false,
            })
            .expect("begin_login")
    }

    /// The browser's trip through the OP: the callback parameters.
    pub fn authorize(&self, begin: &BeginLoginResponse) -> BTreeMap<String, String> {
        self.op
            .authorize(&begin.authorization_url)
            .expect("the OP accepts the request")
    }

    pub fn complete(
        &self,
        begin: &BeginLoginResponse,
        params: BTreeMap<String, String>,
    ) -> Result<LoginDecision, Error> {
        self.engine.complete_login(&CompleteLoginRequest {
            pending: Some(begin.pending.clone()),
            browser_binding: Some(BINDING.into()),
            params,
            callback_path: None,
        })
    }

    /// A whole login.
    /// The first IdP's `(discoveryFetches, jwksFetches)` as `engineInfo` reports them.
    pub fn fetches(&self) -> (FetchCounts, FetchCounts) {
        let info = self.engine.info();
        let idp = &info.idps[0];
        (idp.discovery_fetches, idp.jwks_fetches)
    }

    pub fn login(&self) -> Result<LoginDecision, Error> {
        let begin = self.begin();
        let params = self.authorize(&begin);
        self.complete(&begin, params)
    }
}

/// IdP settings for tests of the caches' single flight with many concurrent logins:
/// a bulkhead large enough not to refuse any of them (outage.rs tests the bulkhead).
pub fn wide_bulkhead() -> Value {
    json!({"http": {"maxConcurrentCalls": 1000}})
}

pub fn engine_for(op: &TestOp, clock: &Arc<FakeClock>, config: &Value) -> Engine {
    Engine::new(
        config.to_string().as_bytes(),
        host(),
        Arc::new(op.clone()),
        clock.clone(),
    )
    .expect("valid configuration")
}

/// The error code of a result, or "accepted".
pub fn verdict<T>(result: &Result<T, Error>) -> &'static str {
    match result {
        Ok(_) => "accepted",
        Err(e) => e.code().as_str(),
    }
}
