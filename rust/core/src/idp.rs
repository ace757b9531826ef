//! One configured IdP at run time: its HTTP client and its metadata and key caches.
//! Keys are bound to this IdP: never a key set merged across IdPs.

use crate::Code;
use std::sync::Arc;
use std::time::Duration;

use crate::api::HostContext;
use crate::api::{FetchCounts, IdpAvailability, IntrospectionCounts};
use crate::authorize::PendingLogin;
use crate::config::{IdpConfig, IntrospectionConfig};
use crate::discovery::{self, MetadataCache, ProviderMetadata};
use crate::id_token::{self, Expectations, IdToken};
use crate::introspection::{self, Answer, IntrospectionCache};
use crate::jwks::cache::JwksCache;
use crate::jwks::{self, KeySet, VerificationKey};
use crate::jwt_claims::Audience;
use crate::mapping::Claims;
use crate::outage::{Calls, Guard};
use crate::token::{self, CodeExchange, TokenResponse};
use crate::types::SigningAlg;
use crate::userinfo::{SignedExpectations, UserinfoBody};
use crate::{
    fetch, providers, url_policy, userinfo, Clock, Error, HttpClientFactory, HttpError,
    HttpSettings,
};
use serde_json::{Map, Value};

pub(crate) struct Provider {
    pub(crate) config: IdpConfig,
    /// Circuit, bulkhead and deadline around this IdP's client (crate::outage).
    guard: Guard,
    metadata: MetadataCache,
    jwks: JwksCache,
    /// Answers of `bearer.introspection` by token hash.
    introspection: IntrospectionCache,
    /// IdP-specific behaviour (Entra ID group overage, Cognito logout), when configured.
    extension: Option<Box<dyn providers::IdpExtension>>,
    /// JSON pointer of this IdP's `issuer` setting, for configuration errors found at run time.
    issuer_pointer: String,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The IdP's HTTP settings, with the host's trust anchors and proxy as defaults.
pub(crate) fn http_settings(idp: &IdpConfig, host: &HostContext) -> HttpSettings {
    let host_proxy = host.proxy.as_ref();
    let (proxy_url, no_proxy) = match (&idp.http.proxy_url, host_proxy) {
        (Some(own), _) => (Some(own.clone()), Vec::new()),
        (None, Some(proxy)) => (Some(proxy.url.clone()), proxy.no_proxy.clone()),
        (None, None) => (None, Vec::new()),
    };
    HttpSettings {
        connect_timeout_ms: idp.http.connect_timeout_ms,
        read_timeout_ms: idp.http.read_timeout_ms,
        max_response_bytes: idp.http.max_response_bytes,
        trust_anchors_pem: idp
            .http
            .trust_anchors_pem
            .clone()
            .or_else(|| host.trust_anchors_pem.clone()),
        proxy_url,
        no_proxy,
    }
}

impl Provider {
    /// Builds the IdP's client (no network call).
    pub(crate) fn new(
        config: IdpConfig,
        host: &HostContext,
        factory: &dyn HttpClientFactory,
        clock: Arc<dyn Clock>,
    ) -> Result<Provider, HttpError> {
        let client = factory.client(&http_settings(&config, host))?;
        let guard = Guard::new(
            &config.id,
            client,
            url_policy::discovery_url(&config.issuer),
            config.http.outage,
            Duration::from_millis(config.http.read_timeout_ms),
            clock,
        );
        Ok(Provider {
            extension: providers::extension_for(&config),
            config,
            guard,
            metadata: MetadataCache::default(),
            jwks: JwksCache::default(),
            introspection: IntrospectionCache::default(),
            issuer_pointer: "/idps/0/issuer".into(),
        })
    }

    /// Records the IdP's position in the document (`/idps/<index>`).
    pub(crate) fn at_index(mut self, index: usize) -> Provider {
        self.issuer_pointer = format!("/idps/{index}/issuer");
        self
    }

    /// The calls of one login or logout: one deadline, one bulkhead slot.
    pub(crate) fn calls(&self) -> Calls<'_> {
        self.guard.calls()
    }

    /// `idp_circuit_open` while the IdP is treated as down (before a login starts).
    pub(crate) fn check_available(&self) -> Result<(), Error> {
        self.guard.check_closed()
    }

    /// The circuit and bulkhead, for the admin page (`Engine::info`).
    pub(crate) fn availability(&self) -> IdpAvailability {
        self.guard.availability()
    }

    /// Discovery documents and key sets fetched so far, for `Engine::info`.
    pub(crate) fn fetches(&self) -> (FetchCounts, FetchCounts) {
        (self.metadata.fetches(), self.jwks.fetches())
    }

    /// Whether the IdP introspects opaque tokens, and its answers so far (`Engine::info`).
    pub(crate) fn introspections(&self) -> Option<IntrospectionCounts> {
        self.config.bearer.as_ref()?.introspection.as_ref()?;
        Some(self.introspection.counts())
    }

    /// What the IdP's introspection endpoint says about an opaque token (RFC 7662), from
    /// the cache or asked now; `None` when this IdP does not introspect.
    pub(crate) fn introspect(&self, token: &str, now: i64) -> Option<Result<Answer, Error>> {
        let settings = self.config.bearer.as_ref()?.introspection.as_ref()?;
        Some(self.introspect_with(settings, token, now))
    }

    /// What the introspection endpoint says about a JWT that passed every local check, when
    /// `bearer.introspection.jwts` is on (same cache as opaque tokens); `None` otherwise.
    pub(crate) fn introspect_jwt(&self, token: &str, now: i64) -> Option<Result<Answer, Error>> {
        let settings = self.config.bearer.as_ref()?.introspection.as_ref()?;
        settings
            .jwts
            .then(|| self.introspect_with(settings, token, now))
    }

    fn introspect_with(
        &self,
        settings: &IntrospectionConfig,
        token: &str,
        now: i64,
    ) -> Result<Answer, Error> {
        // An IdP treated as down answers at once (the circuit), never a hang.
        if let Err(e) = self.check_available() {
            self.introspection.count_refused();
            return Err(e);
        }
        let calls = self.calls();
        let until = |answer: &Answer| {
            introspection::reuse_until(
                answer,
                now,
                settings.cache_seconds,
                settings.inactive_cache_seconds,
            )
        };
        self.introspection.get(
            introspection::token_key(token),
            now,
            calls.deadline(),
            until,
            || calls.waited_too_long(),
            || {
                let endpoint = match &settings.endpoint {
                    Some(endpoint) => endpoint.clone(),
                    None => self.introspection_endpoint(now, &calls)?,
                };
                introspection::introspect(&self.config, &endpoint, token, &calls, now)
            },
        )
    }

    fn introspection_endpoint(&self, now: i64, calls: &Calls<'_>) -> Result<String, Error> {
        self.metadata(now, calls)?
            .introspection_endpoint
            .clone()
            .ok_or_else(|| {
                Error::config(
                    Code::DiscoveryFailed,
                    &self.issuer_pointer,
                    format!(
                        "the IdP `{}` publishes no `introspection_endpoint` in its discovery                          document; set bearer.introspection.endpoint",
                        self.config.id
                    ),
                )
            })
    }

    /// The provider metadata, from the cache or fetched now.
    pub(crate) fn metadata(
        &self,
        now: i64,
        calls: &Calls<'_>,
    ) -> Result<Arc<ProviderMetadata>, Error> {
        self.metadata.get(now, calls, || {
            discovery::fetch_metadata(&self.config, &self.issuer_pointer, calls)
        })
    }

    pub(crate) fn exchange_code(
        &self,
        metadata: &ProviderMetadata,
        code: &str,
        pending: &PendingLogin,
        now: i64,
        calls: &Calls<'_>,
    ) -> Result<TokenResponse, Error> {
        let exchange = CodeExchange {
            token_endpoint: &metadata.token_endpoint,
            code,
            redirect_uri: &pending.redirect_uri,
            pkce_verifier: &pending.pkce_verifier,
            now,
        };
        token::exchange_code(&self.config, calls, &exchange)
    }

    pub(crate) fn validate_id_token(
        &self,
        metadata: &ProviderMetadata,
        tokens: &TokenResponse,
        pending: &PendingLogin,
        now: i64,
        calls: &Calls<'_>,
    ) -> Result<IdToken, Error> {
        let idp = &self.config;
        let expect = Expectations {
            issuer: &idp.issuer,
            client_id: &idp.client_id,
            trusted_audiences: &idp.trusted_audiences,
            nonce: &pending.nonce,
            allowed_algorithms: &idp.allowed_algorithms,
            leeway: seconds(idp.clock_skew_seconds),
            now,
            flow_started_at: pending.created_at,
            max_token_age: seconds(idp.max_id_token_age_seconds),
            max_age: pending.max_age,
            reauthenticated_since: pending.reauthenticate.then_some(pending.created_at),
            access_token: Some(&tokens.access_token),
        };
        let keys =
            |kid: Option<&str>, alg: SigningAlg| self.key_for(metadata, kid, alg, now, calls);
        id_token::validate(&tokens.id_token, &expect, &keys)
    }

    /// The key for a token of this IdP: for HMAC the client secret, never a JWKS
    /// key; otherwise a key of this IdP's own `jwks_uri` (never another IdP's).
    pub(crate) fn key_for(
        &self,
        metadata: &ProviderMetadata,
        kid: Option<&str>,
        alg: SigningAlg,
        now: i64,
        calls: &Calls<'_>,
    ) -> Result<VerificationKey, Error> {
        if alg.is_hmac() {
            return match &self.config.client_secret {
                Some(secret) => Ok(VerificationKey::client_secret(secret)),
                None => Err(Error::auth(
                    Code::UnsupportedAlgorithm,
                    format!("the token is signed with {alg}, which needs a clientSecret"),
                )),
            };
        }
        self.jwks.key_for(kid, alg, now, calls, &|| {
            self.fetch_jwks(&metadata.jwks_uri, calls)
        })
    }

    fn fetch_jwks(&self, jwks_uri: &str, calls: &Calls<'_>) -> Result<KeySet, Error> {
        let request = fetch::get_json_request(jwks_uri)?;
        let max = self.config.http.max_response_bytes;
        let response = fetch::send(calls, max, "JWKS", request)?;
        let status = response.status();
        let failed =
            |code, why: String| Error::unavailable(code, format!("JWKS `{jwks_uri}` {why}"));
        if !status.is_success() {
            let code = if fetch::is_server_error(status) {
                Code::IdpUnavailable
            } else {
                Code::JwksFailed
            };
            return Err(failed(code, format!("answered {status}")));
        }
        let doc = fetch::json_object(response.body())
            .map_err(|why| failed(Code::JwksFailed, format!("answered {why}")))?;
        jwks::parse_jwks(&doc).map_err(|why| failed(Code::JwksFailed, why))
    }

    /// Userinfo claims, when configured and the IdP has the endpoint; a signed answer
    /// is validated with this IdP's keys like an ID token.
    pub(crate) fn userinfo(
        &self,
        metadata: &ProviderMetadata,
        access_token: &str,
        subject: &str,
        now: i64,
        calls: &Calls<'_>,
    ) -> Result<Option<Map<String, Value>>, Error> {
        let Some(endpoint) = metadata
            .userinfo_endpoint
            .as_deref()
            .filter(|_| self.config.fetch_userinfo)
        else {
            return Ok(None);
        };
        let max = self.config.http.max_response_bytes;
        let body = userinfo::fetch_userinfo(calls, max, endpoint, access_token)?;
        let claims = match body {
            UserinfoBody::Json(claims) => claims,
            UserinfoBody::Jwt(jwt) => {
                let idp = &self.config;
                let expect = SignedExpectations {
                    audience: Audience {
                        issuer: &idp.issuer,
                        client_id: &idp.client_id,
                        trusted: &idp.trusted_audiences,
                    },
                    allowed_algorithms: &idp.allowed_algorithms,
                    leeway: seconds(idp.clock_skew_seconds),
                    now,
                };
                let keys = |kid: Option<&str>, alg| self.key_for(metadata, kid, alg, now, calls);
                userinfo::validate_signed(&jwt, &expect, &keys)?
            }
        };
        userinfo::check_subject(&claims, subject)?;
        Ok(Some(claims))
    }
}

impl Provider {
    /// When the groups claim is absent: the groups the IdP keeps elsewhere (Entra ID
    /// overage), or `None` when this IdP has none.
    pub(crate) fn absent_groups(
        &self,
        metadata: &ProviderMetadata,
        claims: Claims<'_>,
        now: i64,
        calls: &Calls<'_>,
    ) -> Option<providers::GroupsLookup> {
        let context = providers::LoginContext {
            idp: &self.config,
            client: calls,
            token_endpoint: &metadata.token_endpoint,
            claims,
            now,
        };
        self.extension.as_ref()?.absent_groups(&context)
    }

    /// RP-initiated logout where this IdP deviates from the standard (Amazon Cognito):
    /// the URL to send the browser to, or `None` for the `end_session_endpoint` path.
    pub(crate) fn end_session_url(&self, post_logout_redirect_uri: &str) -> Option<String> {
        let context = providers::LogoutContext {
            idp: &self.config,
            post_logout_redirect_uri,
        };
        self.extension.as_ref()?.end_session_url(&context)
    }
}

fn seconds(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
