//! A scriptable in-process OpenID Provider. It serves discovery, JWKS, token and
//! userinfo through the core's `HttpClientFactory`/`HttpClient` traits, acts like a
//! real OP by default (checks client authentication, single-use codes, `redirect_uri`
//! and PKCE), misbehaves on demand through its [`Script`], and records every request.

pub mod client_auth;
mod endpoints;
pub mod graph;
mod router;

pub use router::OpRouter;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use oidc_sso_core::{
    Clock, Deadline, HttpClient, HttpClientFactory, HttpError, HttpErrorKind, HttpSettings,
};
use serde_json::{json, Value};

use crate::clock::FakeClock;
use crate::keys::TestKey;
use crate::token::TokenBuilder;

pub const CLIENT_ID: &str = "oidc-sso-test";
/// Has `:`, `%`, `+` and a space: proves the Basic credentials are form-encoded first.
/// 64 bytes: long enough to key HS256, HS384 and HS512 (RFC 7518 §3.2).
pub const CLIENT_SECRET: &str = "s3cret:with%odd+chars &more-0123456789-abcdefghijklmnopqrstuvwxy";
pub const DISCOVERY_PATH: &str = "/.well-known/openid-configuration";
pub const AUTHORIZE_PATH: &str = "/authorize";
pub const TOKEN_PATH: &str = "/token";
pub const JWKS_PATH: &str = "/jwks";
pub const USERINFO_PATH: &str = "/userinfo";
pub const END_SESSION_PATH: &str = "/logout";

/// A fixed answer for one path, replacing the OP's own.
#[derive(Debug, Clone)]
pub enum Canned {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    Fail(HttpErrorKind),
}

impl Canned {
    pub fn json(status: u16, body: Value) -> Canned {
        Canned::body(status, "application/json", body.to_string().into_bytes())
    }

    pub fn body(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Canned {
        Canned::Respond {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub fn redirect(location: &str) -> Canned {
        Canned::Respond {
            status: 302,
            headers: vec![("location".into(), location.into())],
            body: Vec::new(),
        }
    }
}

/// Produces the ID token string from the builder the OP prepared.
pub type IdTokenFn = Arc<dyn Fn(TokenBuilder) -> String + Send + Sync>;
/// Changes the token endpoint's JSON answer.
pub type TokenResponseFn = Arc<dyn Fn(&mut Value) + Send + Sync>;

/// What the OP does. Every field can be changed by a test through [`TestOp::script`].
#[derive(Clone)]
pub struct Script {
    /// The discovery document served.
    pub discovery: Value,
    /// Signs the ID tokens.
    pub signing_key: TestKey,
    /// The JWKs served at the JWKS endpoint.
    pub jwks: Vec<Value>,
    /// Delay before answering a path, canned answers included (to pile up concurrent
    /// requests or simulate a slow IdP).
    pub delays: HashMap<String, Duration>,
    pub subject: String,
    /// Extra claims put in the ID token.
    pub id_token_claims: Value,
    /// The userinfo answer (`sub` included).
    pub userinfo: Value,
    pub userinfo_content_type: String,
    /// Turns the prepared ID token into the string served (default: `build()`).
    pub id_token: IdTokenFn,
    pub token_response: Option<TokenResponseFn>,
    /// Put RFC 9207 `iss` in the authorization response.
    pub send_iss: bool,
    /// Put a correct `at_hash` in ID tokens (a test can still override the claim).
    pub at_hash: bool,
    /// When `max_age` is requested: how long ago the user "authenticated" (`auth_time`
    /// = now - min(auth_age, max_age)).
    pub auth_age: i64,
    /// Serve userinfo as a JWT made by this function from a builder holding the
    /// userinfo claims plus `iss` and `aud` (set `userinfo_content_type` too).
    pub userinfo_jwt: Option<IdTokenFn>,
    /// The client's registered public key for `private_key_jwt`.
    pub client_key: Option<TestKey>,
    /// The `aud` the OP requires in client assertions (default: its issuer).
    pub assertion_audience: Option<String>,
    /// Fixed answers by path, replacing the OP's own.
    pub canned: HashMap<String, Canned>,
}

impl std::fmt::Debug for Script {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Script")
            .field("discovery", &self.discovery)
            .field("signing_key", &self.signing_key)
            .field("canned", &self.canned)
            .finish_non_exhaustive()
    }
}

impl Script {
    /// Answers `path` only after `delay` (a delay at least the client's timeout is a
    /// timeout).
    pub fn delay(&mut self, path: &str, delay: Duration) {
        self.delays.insert(path.to_string(), delay);
    }

    /// Accepts requests to `path` and never answers them: every client times out.
    pub fn stall(&mut self, path: &str) {
        self.delay(path, Duration::from_secs(24 * 3600));
    }

    /// Serves exactly these keys.
    pub fn serve_keys(&mut self, keys: &[&TestKey]) {
        self.jwks = keys.iter().map(|k| k.public_jwk()).collect();
    }
}

/// One request the OP received.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub url: String,
    /// The URL path relative to the issuer (`/token`), or the full URL for other hosts.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as a form.
    pub fn form(&self) -> BTreeMap<String, String> {
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub(crate) nonce: String,
    pub(crate) redirect_uri: String,
    pub(crate) code_challenge: String,
    pub(crate) max_age: Option<i64>,
}

struct Inner {
    issuer: String,
    clock: Arc<FakeClock>,
    script: Mutex<Script>,
    log: Mutex<Vec<RecordedRequest>>,
    settings: Mutex<Vec<HttpSettings>>,
    grants: Mutex<HashMap<String, Grant>>,
    access_tokens: Mutex<HashSet<String>>,
    authorizations: Mutex<Vec<BTreeMap<String, String>>>,
    assertion_ids: Mutex<HashSet<String>>,
    client_auth_failures: Mutex<Vec<String>>,
    graph: Mutex<graph::GraphState>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The OP. Cheap to clone; clones share the script and the log.
#[derive(Clone)]
pub struct TestOp(Arc<Inner>);

impl std::fmt::Debug for TestOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TestOp({})", self.0.issuer)
    }
}

impl TestOp {
    /// An OP at `issuer`, signing with a pooled RSA key `rsa-1` and also publishing an
    /// EC key `ec-1`. Time comes from `clock`.
    pub fn new(issuer: &str, clock: Arc<FakeClock>) -> TestOp {
        let rsa = TestKey::rsa("rsa-1");
        let ec = TestKey::ec("ec-1");
        let subject = "alice-sub".to_string();
        let profile = json!({
            "preferred_username": "alice", "email": "alice@example.com",
            "email_verified": true, "name": "Alice Anderson",
            "groups": ["jira-users", "engineering"],
        });
        let mut userinfo = profile.clone();
        userinfo["sub"] = json!(subject);
        let script = Script {
            discovery: default_discovery(issuer),
            jwks: vec![rsa.public_jwk(), ec.public_jwk()],
            signing_key: rsa,
            delays: HashMap::new(),
            subject,
            id_token_claims: profile,
            userinfo,
            userinfo_content_type: "application/json".into(),
            id_token: Arc::new(|builder| builder.build()),
            token_response: None,
            send_iss: true,
            at_hash: true,
            auth_age: 5,
            userinfo_jwt: None,
            client_key: None,
            assertion_audience: None,
            canned: HashMap::new(),
        };
        TestOp(Arc::new(Inner {
            issuer: issuer.to_string(),
            clock,
            script: Mutex::new(script),
            log: Mutex::default(),
            settings: Mutex::default(),
            grants: Mutex::default(),
            access_tokens: Mutex::default(),
            authorizations: Mutex::default(),
            assertion_ids: Mutex::default(),
            client_auth_failures: Mutex::default(),
            graph: Mutex::default(),
        }))
    }

    pub fn issuer(&self) -> &str {
        &self.0.issuer
    }

    /// The key the OP signs its tokens with now.
    pub fn signing_key(&self) -> TestKey {
        lock(&self.0.script).signing_key.clone()
    }

    /// The full URL of one of the OP's paths.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.0.issuer.trim_end_matches('/'))
    }

    /// Changes what the OP does.
    pub fn script(&self, change: impl FnOnce(&mut Script)) {
        change(&mut lock(&self.0.script));
    }

    /// Serves the ID token `make` produces from the OP's prepared builder.
    pub fn set_id_token(&self, make: impl Fn(TokenBuilder) -> String + Send + Sync + 'static) {
        self.script(|s| s.id_token = Arc::new(make));
    }

    /// Answers `path` with `canned` from now on.
    pub fn set_canned(&self, path: &str, canned: Canned) {
        self.script(|s| {
            s.canned.insert(path.to_string(), canned);
        });
    }

    pub fn clear_canned(&self, path: &str) {
        self.script(|s| {
            s.canned.remove(path);
        });
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.0.log).clone()
    }

    /// How many requests went to `path` (e.g. [`TOKEN_PATH`]).
    pub fn count(&self, path: &str) -> usize {
        lock(&self.0.log).iter().filter(|r| r.path == path).count()
    }

    /// The requests to `path`.
    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        lock(&self.0.log)
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    /// Why the OP refused client authentication, for each refused token request.
    pub fn client_auth_failures(&self) -> Vec<String> {
        lock(&self.0.client_auth_failures).clone()
    }

    /// The settings of every client the factory built.
    pub fn client_settings(&self) -> Vec<HttpSettings> {
        lock(&self.0.settings).clone()
    }

    /// The query parameters of every authorization request seen by [`TestOp::authorize`].
    pub fn authorization_requests(&self) -> Vec<BTreeMap<String, String>> {
        lock(&self.0.authorizations).clone()
    }

    /// Plays the browser at the authorization endpoint: checks the request like an OP
    /// would, issues a code and returns the callback parameters (`code`, `state`, `iss`).
    pub fn authorize(&self, authorization_url: &str) -> Result<BTreeMap<String, String>, String> {
        let params = endpoints::authorization_params(self, authorization_url)?;
        lock(&self.0.authorizations).push(params.clone());
        let code = format!("code-{}", random_token());
        let grant = Grant {
            nonce: params.get("nonce").cloned().unwrap_or_default(),
            redirect_uri: params["redirect_uri"].clone(),
            code_challenge: params["code_challenge"].clone(),
            max_age: params.get("max_age").and_then(|m| m.parse().ok()),
        };
        lock(&self.0.grants).insert(code.clone(), grant);
        let mut callback = BTreeMap::from([
            ("code".to_string(), code),
            (
                "state".to_string(),
                params.get("state").cloned().unwrap_or_default(),
            ),
        ]);
        if lock(&self.0.script).send_iss {
            callback.insert("iss".into(), self.0.issuer.clone());
        }
        Ok(callback)
    }

    pub(crate) fn now(&self) -> i64 {
        self.0.clock.now_unix()
    }
}

fn default_discovery(issuer: &str) -> Value {
    let base = issuer.trim_end_matches('/');
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{base}{AUTHORIZE_PATH}"),
        "token_endpoint": format!("{base}{TOKEN_PATH}"),
        "jwks_uri": format!("{base}{JWKS_PATH}"),
        "userinfo_endpoint": format!("{base}{USERINFO_PATH}"),
        "end_session_endpoint": format!("{base}{END_SESSION_PATH}"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": true,
    })
}

pub(crate) fn random_token() -> String {
    use base64::Engine as _;
    let bytes: [u8; 16] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A client bound to the settings it was built with (the size cap is enforced like the
/// real client does).
struct OpClient {
    op: TestOp,
    settings: HttpSettings,
}

impl HttpClientFactory for TestOp {
    fn client(&self, settings: &HttpSettings) -> Result<Arc<dyn HttpClient>, HttpError> {
        lock(&self.0.settings).push(settings.clone());
        Ok(Arc::new(OpClient {
            op: self.clone(),
            settings: settings.clone(),
        }))
    }
}

impl HttpClient for OpClient {
    fn execute(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, HttpError> {
        let timeout = call_timeout(&self.settings, &request)?;
        let response = endpoints::handle(&self.op, request, timeout)?;
        if response.body().len() > self.settings.max_response_bytes {
            return Err(HttpError::new(
                HttpErrorKind::TooLarge,
                format!("body over {} bytes", self.settings.max_response_bytes),
            ));
        }
        Ok(response)
    }
}

/// The read timeout, shortened to what is left of the login's deadline, like the real
/// client (oidc-sso-http); a passed deadline fails the call unsent.
pub(crate) fn call_timeout(
    settings: &HttpSettings,
    request: &http::Request<Vec<u8>>,
) -> Result<Duration, HttpError> {
    let own = Duration::from_millis(settings.read_timeout_ms);
    match request.extensions().get::<Deadline>() {
        Some(deadline) => deadline
            .timeout(own)
            .ok_or_else(|| HttpError::new(HttpErrorKind::Deadline, "test OP: the deadline passed")),
        None => Ok(own),
    }
}
