//! The engine: one validated configuration plus its caches, shared as `Arc<Engine>`. Its
//! methods are the native calls; their request and answer types are the contract in
//! [`crate::api`].

use std::sync::Arc;

use crate::api::{
    AuditEvent, BearerDecision, BeginLoginRequest, BeginLoginResponse, CompleteLoginRequest,
    EndSessionRequest, EndSessionResponse, EngineInfo, HostContext, IdTokenHint, IdpInfo,
    IdpQuirksInfo, LibraryInfo, LoginDecision, LoginUiAnswer, LoginUiRequest, LogoutTokenDecision,
    LogoutTokenRequest, PlanRequest, ProvisioningPlan, RenderRequest, Rendered, RouteDecision,
    RouteRequest,
};
use crate::authorize::{self, FlowSecrets, PendingLogin, PENDING_LOGIN_VERSION};
use crate::config::{Config, WebsudoViaIdp};
use crate::error::{Code, ConfigProblem};
use crate::idp::Provider;
use crate::mapping::{self, Claims};
use crate::routing::LoginUi;
use crate::text::quote;
use crate::{callback, url_policy, Clock, Error, HttpClientFactory};

/// Longest browser-binding value accepted.
const MAX_BINDING_LEN: usize = 512;

/// One configuration, its IdPs' caches and HTTP clients.
pub struct Engine {
    config: Config,
    redirect_uri: String,
    providers: Vec<Provider>,
    clock: Arc<dyn Clock>,
    /// The product's base URL + `/`: the default post-logout redirect URI.
    post_logout_redirect_uri: String,
    /// Routing, the login pages and per-IdP redirect URIs (crate::routing).
    login_ui: LoginUi,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("redirect_uri", &self.redirect_uri)
            .field("providers", &self.providers)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// Validates the document and builds the engine. Makes no network call: an
    /// unreachable IdP never stops the host.
    pub fn new(
        config_json: &[u8],
        host: HostContext,
        http: Arc<dyn HttpClientFactory>,
        clock: Arc<dyn Clock>,
    ) -> Result<Engine, Error> {
        let config = Config::parse(config_json);
        let redirect_uri = host.redirect_uri();
        let (config, redirect_uri) = match (config, redirect_uri) {
            (Ok(config), Ok(uri)) => (config, uri),
            (config, uri) => {
                let mut problems = config.err().unwrap_or_default();
                problems.extend(uri.err().unwrap_or_default());
                return Err(Error::InvalidConfig(problems));
            }
        };
        let mut providers = Vec::with_capacity(config.idps.len());
        let mut problems = Vec::new();
        for (i, idp) in config.idps.iter().enumerate() {
            let provider = Provider::new(idp.clone(), &host, http.as_ref(), clock.clone());
            match provider.map(|p| p.at_index(i)) {
                Ok(provider) => providers.push(provider),
                Err(e) => problems.push(ConfigProblem {
                    pointer: format!("/idps/{i}/http"),
                    message: format!(
                        "the HTTP client cannot be built: {}",
                        crate::text::clean(&e.message)
                    ),
                }),
            }
        }
        if !problems.is_empty() {
            return Err(Error::InvalidConfig(problems));
        }
        let login_ui = LoginUi::new(&config, &host)?;
        Ok(Engine {
            config,
            redirect_uri,
            providers,
            clock,
            post_logout_redirect_uri: format!("{}/", host.base_url.trim_end_matches('/')),
            login_ui,
        })
    }

    /// What the admin UI and the health endpoint show. No secrets.
    pub fn info(&self) -> EngineInfo {
        let idps = self
            .providers
            .iter()
            .map(|p| {
                let idp = &p.config;
                let (discovery_fetches, jwks_fetches) = p.fetches();
                IdpInfo {
                    id: idp.id.to_string(),
                    display_name: idp.display_name.clone(),
                    issuer: idp.issuer.to_string(),
                    preset: idp.preset.map(String::from),
                    create_users: idp.create_users,
                    link_existing_accounts: idp.link_existing_accounts,
                    insecure_allow_http_loopback: idp.insecure_allow_http_loopback,
                    token_endpoint_auth_method: idp.token_endpoint_auth_method.name().into(),
                    allowed_algorithms: idp
                        .allowed_algorithms
                        .iter()
                        .map(|a| a.name().into())
                        .collect(),
                    quirks: IdpQuirksInfo {
                        token_endpoint_as_audience: idp.quirks.token_endpoint_as_audience,
                    },
                    // Circuit state and since-when, calls in flight (crate::outage).
                    availability: p.availability(),
                    discovery_fetches,
                    jwks_fetches,
                    bearer: idp.bearer.is_some(),
                    introspections: p.introspections(),
                }
            })
            .collect();
        EngineInfo {
            schema_version: crate::config::SCHEMA_VERSION,
            pending_login_ttl_seconds: self.config.pending_login_ttl_seconds,
            redirect_uri: self.redirect_uri.clone(),
            idps,
            websudo_via_idp: self.config.sign_in.websudo_via_idp.name().into(),
        }
    }

    /// Starts a login: the authorization URL and the pending login for the shim to store.
    pub fn begin_login(&self, req: &BeginLoginRequest) -> Result<BeginLoginResponse, Error> {
        let binding = &req.browser_binding;
        if binding.is_empty() || binding.len() > MAX_BINDING_LEN {
            return Err(Error::auth(
                Code::InvalidRequest,
                format!("browserBinding must be 1 to {MAX_BINDING_LEN} characters"),
            ));
        }
        if req.reauthenticate && req.test_login {
            // Each changes what the callback does (websudo for the session's own user, or a
            // report for the admin); one login cannot be both.
            return Err(Error::auth(
                Code::InvalidRequest,
                "reauthenticate and testLogin cannot both be set: a test login is not a re-authentication",
            ));
        }
        if req.reauthenticate && self.config.sign_in.websudo_via_idp == WebsudoViaIdp::Off {
            return Err(Error::auth(
                Code::InvalidRequest,
                "a re-authentication was asked but signIn.websudoViaIdp is \"off\"",
            ));
        }
        let provider = self.select_provider(req.idp_id.as_deref())?;
        // An IdP treated as down: the login page at once, not a redirect into the outage.
        provider.check_available()?;
        let now = self.clock.now_unix();
        let calls = provider.calls();
        let metadata = provider.metadata(now, &calls)?;
        let secrets = FlowSecrets::generate();
        let idp = &provider.config;
        let redirect_uri = self.login_ui.redirect_uri(&idp.id, &self.redirect_uri);
        let authorization_url = authorize::authorization_url(
            &metadata.authorization_endpoint,
            idp,
            redirect_uri,
            &secrets,
            req.test_login,
            req.reauthenticate,
        )?;
        let expires_at = now + i64::try_from(self.config.pending_login_ttl_seconds).unwrap_or(600);
        let pending = PendingLogin {
            version: PENDING_LOGIN_VERSION,
            idp_id: idp.id.clone(),
            issuer: idp.issuer.clone(),
            state: secrets.state.clone(),
            nonce: secrets.nonce,
            pkce_verifier: secrets.pkce_verifier,
            redirect_uri: redirect_uri.to_string(),
            return_to: url_policy::normalise_return_to(req.return_to.as_deref()),
            browser_binding_hash: authorize::binding_hash(binding),
            created_at: now,
            expires_at,
            max_age: idp.max_age_seconds,
            test_login: req.test_login,
            reauthenticate: req.reauthenticate,
        };
        let pending = serde_json::to_value(&pending)
            .map_err(|e| Error::Internal(format!("cannot serialise the pending login: {e}")))?;
        Ok(BeginLoginResponse {
            authorization_url,
            state: secrets.state.into(),
            pending,
            expires_at,
        })
    }

    fn select_provider(&self, idp_id: Option<&str>) -> Result<&Provider, Error> {
        let known = || {
            let ids: Vec<_> = self
                .providers
                .iter()
                .map(|p| p.config.id.as_str())
                .collect();
            ids.join(", ")
        };
        // A disabled IdP is never started (docs/config.md, `enabled`).
        let enabled: Vec<&Provider> = self
            .providers
            .iter()
            .filter(|p| p.config.login.enabled)
            .collect();
        match (idp_id, enabled.as_slice()) {
            (None, [only]) => Ok(only),
            (None, _) => Err(Error::auth(
                Code::UnknownIdp,
                format!("several IdPs are configured ({}); choose one", known()),
            )),
            (Some(id), providers) => providers
                .iter()
                .copied()
                .find(|p| p.config.id == id)
                .ok_or_else(|| {
                    Error::auth(
                        Code::UnknownIdp,
                        format!("no IdP with id {} (configured: {})", quote(id), known()),
                    )
                }),
        }
    }

    /// Completes a login at the callback: every check, the code exchange, the ID token,
    /// userinfo and the claim mapping. Errors carry a stable code.
    pub fn complete_login(&self, req: &CompleteLoginRequest) -> Result<LoginDecision, Error> {
        // The callback's instant, for the pending login and the IdP's metadata; the tokens get theirs below.
        let now = self.clock.now_unix();
        // Everything visible in the callback is checked before any call to the IdP.
        let pending = callback::check_pending(req, now)?;
        self.login_ui
            .check_callback_path(req.callback_path.as_deref(), &pending)?;
        let provider = self.provider_of(&pending)?;
        let code = callback::check_response(&req.params, &pending)?;
        // One deadline and one bulkhead slot for all of this login's calls (crate::outage).
        let calls = provider.calls();
        let metadata = provider.metadata(now, &calls)?;
        callback::check_iss_present(
            &req.params,
            &pending,
            metadata.authorization_response_iss_parameter_supported,
        )?;
        let tokens = provider.exchange_code(&metadata, &code, &pending, now, &calls)?;
        // The tokens are judged at the instant they arrived: the IdP issues them while the token
        // request is in flight, so with clockSkewSeconds 0 the callback's instant would put a token
        // issued one second boundary later "in the future".
        let received = self.clock.now_unix();
        let id_token =
            provider.validate_id_token(&metadata, &tokens, &pending, received, &calls)?;
        let userinfo = provider.userinfo(
            &metadata,
            &tokens.access_token,
            &id_token.subject,
            received,
            &calls,
        )?;
        let idp = &provider.config;
        let claims = Claims {
            id_token: &id_token.claims,
            userinfo: userinfo.as_ref(),
        };
        let mut identity = mapping::map_profile(&idp.claims, claims)?;
        (identity.groups, identity.groups_claim_present) =
            crate::provisioning::claimed_groups(&idp.provisioning.groups, claims)?;
        // Entra ID overage: groups from Graph, or unknown (never "none") when that fails.
        let lookup = (!identity.groups_claim_present)
            .then(|| provider.absent_groups(&metadata, claims, now, &calls))
            .flatten()
            .map(|lookup| lookup.apply(&mut identity));
        let detail = audit_detail(&identity, &id_token.claims, userinfo.as_ref());
        // The mark comes only from the sealed pending login, never from the callback.
        let test_login = pending.test_login.then(|| {
            let after_token_call = self.clock.now_unix();
            crate::test_login::report(
                &id_token.claims,
                userinfo.as_ref(),
                tokens.server_date,
                after_token_call,
            )
        });
        Ok(LoginDecision {
            idp_id: idp.id.to_string(),
            issuer: idp.issuer.to_string(),
            subject: id_token.subject.clone(),
            username: identity.username,
            email: identity.email,
            email_verified: identity.email_verified,
            display_name: identity.display_name,
            groups: identity.groups,
            groups_claim_present: identity.groups_claim_present,
            return_to: pending.return_to,
            link_existing_accounts: idp.link_existing_accounts,
            create_users: idp.create_users,
            audit: [("login.verified", detail)]
                .into_iter()
                .chain(lookup)
                .map(|(event, detail)| AuditEvent {
                    event: event.into(),
                    idp: Some(idp.id.to_string()),
                    subject: Some(id_token.subject.clone()),
                    detail,
                })
                .collect(),
            sid: crate::logout::sid_of(&id_token.claims),
            id_token_hint: IdTokenHint(tokens.id_token.clone()),
            test_login,
            reauthentication: pending.reauthenticate,
            token_summary: crate::token_summary::summary(&id_token.claims),
        })
    }

    /// Back-Channel Logout 1.0 §2.6: validates a logout token of any configured IdP (the
    /// one its `iss` names, with that IdP's keys). The shim enforces `jti` single use.
    pub fn validate_logout_token(
        &self,
        req: &LogoutTokenRequest,
    ) -> Result<LogoutTokenDecision, Error> {
        let token = crate::logout_token::check_request(req)?;
        crate::logout::validate_logout_token(&self.providers, token, self.clock.now_unix())
    }

    /// [`Self::validate_logout_token`] for the token's bytes as the IdP POSTed them (the JNI
    /// call: no JSON around them).
    pub fn validate_logout_token_bytes(&self, token: &[u8]) -> Result<LogoutTokenDecision, Error> {
        crate::logout::validate_logout_token_bytes(&self.providers, token, self.clock.now_unix())
    }

    /// [`Self::validate_logout_token_bytes`] answering in the compact form
    /// ([`LogoutTokenDecision::to_compact`]'s bytes), written into `out` (cleared first, grown
    /// at most once): the answer's strings go from the configuration and the token's payload
    /// into `out` without being copied into a decision first, so a caller that keeps `out`
    /// between calls allocates nothing for the answer. On an error `out` is left empty.
    pub fn validate_logout_token_compact(
        &self,
        token: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), Error> {
        out.clear();
        crate::logout::validate_logout_token_compact(
            &self.providers,
            token,
            self.clock.now_unix(),
            out,
        )
    }

    /// `Authorization: Bearer <token>` (RFC 6750): a JWT access token of an IdP with
    /// `bearer` authenticates its mapped user; anything else passes (docs/security.md).
    pub fn validate_bearer(&self, token: &[u8]) -> Result<BearerDecision, Error> {
        crate::bearer::validate_bearer(&self.providers, token, self.clock.now_unix())
    }

    /// RP-Initiated Logout 1.0 §2: the IdP's end-session URL for a session bound by `req`.
    pub fn end_session_url(&self, req: &EndSessionRequest) -> Result<EndSessionResponse, Error> {
        let now = self.clock.now_unix();
        let default_uri = &self.post_logout_redirect_uri;
        crate::logout::end_session_url(&self.providers, default_uri, req, now)
    }

    /// The provisioning plan of one login (docs/provisioning.md). No side effects: the
    /// same call is the admin's dry run.
    pub fn plan_provisioning(&self, req: &PlanRequest) -> Result<ProvisioningPlan, Error> {
        let login = &req.login;
        let idp = self
            .providers
            .iter()
            .map(|p| &p.config)
            .find(|idp| idp.id == login.idp_id && idp.issuer == login.issuer)
            .ok_or_else(|| {
                Error::auth(
                    Code::UnknownIdp,
                    format!(
                        "no IdP with id {} and issuer {}",
                        quote(&login.idp_id),
                        quote(&login.issuer)
                    ),
                )
            })?;
        Ok(crate::provisioning::plan(idp, req))
    }

    /// Answers a [`LoginUiRequest`]: a [`RouteDecision`] or a [`Rendered`] page.
    pub fn login_ui_call(&self, req: &LoginUiRequest) -> Result<LoginUiAnswer, Error> {
        Ok(match req {
            LoginUiRequest::Route(route) => LoginUiAnswer::Route(self.route(route)?),
            LoginUiRequest::Render(render) => LoginUiAnswer::Render(self.render_page(render)?),
        })
    }

    /// Where a user lands (docs/login-pages.md). Pure: no network, no side effects.
    pub fn route(&self, req: &RouteRequest) -> Result<RouteDecision, Error> {
        self.login_ui.router.route(req)
    }

    /// A login page from the admin's template, or the built-in one with a warning when
    /// the admin's fails.
    pub fn render_page(&self, req: &RenderRequest) -> Result<Rendered, Error> {
        self.login_ui.pages.render(req, &self.login_ui.router)
    }

    /// The IdP the login started with; refused when it was removed or re-pointed since.
    fn provider_of(&self, pending: &PendingLogin) -> Result<&Provider, Error> {
        self.providers
            .iter()
            .find(|p| p.config.id == pending.idp_id && p.config.issuer == pending.issuer)
            .ok_or_else(|| {
                Error::auth(
                    Code::IdpChanged,
                    format!(
                        "this login started with IdP {} (issuer {}), which is no longer \
                         configured that way; start again",
                        quote(&pending.idp_id),
                        quote(&pending.issuer)
                    ),
                )
            })
    }
}

/// What the audit log says about a successful login (no tokens, no secrets).
fn audit_detail(
    identity: &mapping::Identity,
    id_token: &serde_json::Map<String, serde_json::Value>,
    userinfo: Option<&serde_json::Map<String, serde_json::Value>>,
) -> String {
    // Distributed claims are never fetched (RP-CHECKLIST); say so when the IdP pointed
    // at some, since the groups may be among them.
    let distributed = [Some(id_token), userinfo]
        .into_iter()
        .flatten()
        .any(|c| c.contains_key("_claim_names"));
    format!(
        "username={} groups={} groupsClaimPresent={} userinfo={}{}",
        quote(&identity.username),
        identity.groups.len(),
        identity.groups_claim_present,
        if userinfo.is_some() { "yes" } else { "no" },
        if distributed {
            " distributedClaims=ignored"
        } else {
            ""
        }
    )
}

/// What the library offers before any configuration exists (`libraryInfo`): its
/// version, the schema version it reads and the IdP presets.
pub fn library_info() -> LibraryInfo {
    LibraryInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        schema_version: crate::config::SCHEMA_VERSION,
        presets: crate::config::preset_catalog(),
    }
}

/// Validates a configuration document; every problem at once (empty = valid).
pub fn validate_config(config_json: &[u8]) -> Vec<ConfigProblem> {
    Config::parse(config_json).err().unwrap_or_default()
}
