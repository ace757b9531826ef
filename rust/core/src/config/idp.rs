//! One entry of `idps`: validation and the typed result.

use std::fmt;

use serde_json::Value;

use super::client_auth::{self, ClientAssertionKey, Quirks};
use super::provisioning::{self, Provisioning};
use super::reader::{Object, Problems};
use crate::types::{ClientId, ClientSecret, IdpId, Issuer, SigningAlg, TokenAuthMethod};
use crate::url_policy;

const MAX_ID_LEN: usize = 64;
const MAX_TEXT_LEN: usize = 255;
const MAX_SCOPES: usize = 50;
const MAX_PEM_LEN: usize = 512 * 1024;
/// Longest `maxAgeSeconds`: 30 days.
const MAX_MAX_AGE: u64 = 30 * 24 * 3600;

/// One identity provider.
#[derive(Debug, Clone)]
pub struct IdpConfig {
    /// URL-safe, unique: `[a-z0-9][a-z0-9_-]*`, at most 64 characters.
    pub id: IdpId,
    pub display_name: String,
    /// Compared exactly with the discovery document and the `iss` claim.
    pub issuer: Issuer,
    pub client_id: ClientId,
    /// Required by every method but `private_key_jwt`; also the only HMAC key.
    pub client_secret: Option<ClientSecret>,
    pub token_endpoint_auth_method: TokenAuthMethod,
    /// The signing key of `private_key_jwt`.
    pub client_assertion_key: Option<ClientAssertionKey>,
    pub quirks: Quirks,
    pub scopes: Vec<String>,
    pub allowed_algorithms: Vec<SigningAlg>,
    /// Audiences besides the client id an ID token may name (OIDC Core 3.1.3.7 step 3).
    pub trusted_audiences: Vec<String>,
    /// `max_age` sent in the authorization request; then `auth_time` is required.
    pub max_age_seconds: Option<u64>,
    /// Extra fixed parameters of the authorization request (never a protocol parameter).
    pub authorization_parameters: Vec<(String, String)>,
    /// How old an ID token's `iat` may be.
    pub max_id_token_age_seconds: u64,
    pub clock_skew_seconds: u64,
    pub fetch_userinfo: bool,
    pub claims: ClaimNames,
    pub create_users: bool,
    pub link_existing_accounts: bool,
    /// Just-in-time users and group sync (docs/provisioning.md).
    pub provisioning: Provisioning,
    pub insecure_allow_http_loopback: bool,
    pub http: IdpHttp,
    /// Entra ID group overage (docs/provisioning.md); `None` = not an Entra ID tenant.
    pub entra: Option<super::EntraConfig>,
    /// RP-Initiated Logout: where the IdP sends the browser after logout; must be
    /// registered at the IdP. `None` = the product's base URL + `/`.
    pub post_logout_redirect_uri: Option<String>,
    /// Enabled, chooser button, icon, own callback path (docs/config.md).
    pub login: super::IdpLogin,
    /// JWT access tokens of this IdP accepted as `Authorization: Bearer` (docs/config.md,
    /// "Bearer tokens"); `None` = none.
    pub bearer: Option<super::BearerConfig>,
    /// The preset that filled the fields this IdP does not set itself (docs/config.md,
    /// "Presets"); the other fields already hold the expanded values.
    pub preset: Option<&'static str>,
}

/// Which claims carry the user's attributes (top-level claim names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimNames {
    pub username: String,
    pub email: String,
    pub display_name: String,
    pub groups: String,
}

/// Outbound HTTP settings for one IdP. `None` means "the host's default".
#[derive(Clone, PartialEq, Eq)]
pub struct IdpHttp {
    pub connect_timeout_ms: u64,
    pub read_timeout_ms: u64,
    pub max_response_bytes: usize,
    pub trust_anchors_pem: Option<String>,
    pub proxy_url: Option<String>,
    /// Deadline, bulkhead and circuit (crate::outage).
    pub outage: super::OutageSettings,
}

impl fmt::Debug for IdpHttp {
    // The proxy URL may carry credentials: never print it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdpHttp")
            .field("connect_timeout_ms", &self.connect_timeout_ms)
            .field("read_timeout_ms", &self.read_timeout_ms)
            .field("max_response_bytes", &self.max_response_bytes)
            .field(
                "trust_anchors_pem",
                &self.trust_anchors_pem.as_ref().map(|_| "[set]"),
            )
            .field("proxy_url", &self.proxy_url.as_ref().map(|_| "[set]"))
            .field("outage", &self.outage)
            .finish()
    }
}

/// Reads one IdP; `None` when a required part is missing or wrong (all problems recorded).
/// Its `preset`, if any, fills the fields it does not set; what is validated is the result.
pub(super) fn read_idp(value: &Value, pointer: &str, p: &mut Problems) -> Option<IdpConfig> {
    let expanded = super::presets::expand(value, pointer, p);
    let first = p.0.len();
    let idp = read_fields(expanded.value(), pointer, p);
    expanded.explain(p, first);
    let idp = idp?;
    check_single_extension(&idp, pointer, p)?;
    Some(IdpConfig {
        preset: expanded.preset(),
        ..idp
    })
}

/// An IdP is one provider: Entra ID group overage and the Cognito logout cannot both apply.
fn check_single_extension(idp: &IdpConfig, pointer: &str, p: &mut Problems) -> Option<()> {
    if idp.entra.is_some() && idp.quirks.cognito_logout_url.is_some() {
        p.add(
            &format!("{pointer}/quirks/cognitoLogoutUrl"),
            "is set together with `entra`: an IdP is either Entra ID or Amazon Cognito; \
             remove the one that does not apply",
        );
        return None;
    }
    Some(())
}

fn read_fields(value: &Value, pointer: &str, p: &mut Problems) -> Option<IdpConfig> {
    let mut obj = Object::new(value, pointer, p)?;
    // Applied by `presets::expand` before this read; named here so that a misspelt
    // field nearby can be suggested as one of them.
    obj.get("preset");
    obj.get("presetParameters");
    let id = read_id(&mut obj, p);
    let display_name = read_text(&mut obj, "displayName", false, p);
    let insecure_allow_http_loopback = obj.boolean("insecureAllowHttpLoopback", false, p);
    let issuer = read_issuer(&mut obj, insecure_allow_http_loopback, p);
    let client_id = read_text(&mut obj, "clientId", true, p);
    let auth = client_auth::read_client_auth(&mut obj, insecure_allow_http_loopback, p);
    let scopes = read_scopes(&mut obj, p);
    let secret = auth.as_ref().and_then(|a| a.secret.as_ref());
    let allowed_algorithms = read_algorithms(&mut obj, secret, p);
    let trusted_audiences = read_trusted_audiences(&mut obj, p);
    let max_age_seconds = obj.optional_integer("maxAgeSeconds", (0, MAX_MAX_AGE), p);
    let authorization_parameters = super::auth_params::read_authorization_parameters(&mut obj, p);
    let max_id_token_age_seconds = obj.integer("maxIdTokenAgeSeconds", 600, (30, 3600), p);
    let clock_skew_seconds = obj.integer("clockSkewSeconds", 60, (0, 300), p);
    let fetch_userinfo = obj.boolean("fetchUserinfo", true, p);
    let claims = read_claims(&mut obj, p);
    let create_users = obj.boolean("createUsers", true, p);
    let link_existing_accounts = obj.boolean("linkExistingAccounts", false, p);
    let groups_claim = claims.as_ref().map_or("groups", |c| c.groups.as_str());
    let provisioning = provisioning::read_provisioning(
        &mut obj,
        Provisioning::legacy(create_users, groups_claim),
        p,
    );
    let http = read_http(&mut obj, p);
    let post_logout_redirect_uri =
        read_post_logout_redirect_uri(&mut obj, insecure_allow_http_loopback, p);
    let groups_pointer = provisioning
        .as_ref()
        .map(|v| v.groups.claim_pointer.as_str());
    let entra = super::entra::read_entra(&mut obj, insecure_allow_http_loopback, groups_pointer, p);
    let login = super::idp_login::read_idp_login(&mut obj, p);
    let bearer = super::bearer::read_bearer(&mut obj, insecure_allow_http_loopback, p);
    obj.finish(p);
    let id = id?;
    let auth = auth?;
    Some(IdpConfig {
        client_secret: auth.secret,
        token_endpoint_auth_method: auth.method,
        client_assertion_key: auth.assertion_key,
        quirks: auth.quirks,
        display_name: display_name.unwrap_or_else(|| id.clone()),
        id: IdpId::new(id),
        issuer: Issuer::new(issuer?),
        client_id: ClientId::new(client_id?),
        scopes: scopes?,
        allowed_algorithms: allowed_algorithms?,
        trusted_audiences: trusted_audiences?,
        max_age_seconds,
        authorization_parameters: authorization_parameters?,
        max_id_token_age_seconds,
        clock_skew_seconds,
        fetch_userinfo,
        claims: claims?,
        link_existing_accounts,
        create_users: provisioning
            .as_ref()
            .map_or(create_users, |v| v.create_users),
        provisioning: provisioning?,
        insecure_allow_http_loopback,
        http: http?,
        entra: entra?,
        post_logout_redirect_uri: post_logout_redirect_uri?,
        login,
        bearer: bearer?,
        preset: None,
    })
}

/// `postLogoutRedirectUri`: an absolute https URL (http to loopback only in development).
/// `Some(None)` when absent; `None` on a problem.
fn read_post_logout_redirect_uri(
    obj: &mut Object<'_>,
    allow_loopback: bool,
    p: &mut Problems,
) -> Option<Option<String>> {
    let key = "postLogoutRedirectUri";
    let Some(uri) = obj.string(key, false, p) else {
        return (!obj.has(key)).then_some(None);
    };
    match url_policy::check_endpoint(&uri, allow_loopback) {
        Ok(_) => Some(Some(uri)),
        Err(why) => {
            p.add(
                &obj.at(key),
                format!(
                    "{why}; use the product URL registered at the IdP as post-logout \
                     redirect URI, found {}",
                    crate::text::quote_url(&uri)
                ),
            );
            None
        }
    }
}

fn read_id(obj: &mut Object<'_>, p: &mut Problems) -> Option<String> {
    let id = obj.string("id", true, p)?;
    let url_safe = id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    let starts_well = id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !url_safe || !starts_well || id.len() > MAX_ID_LEN {
        p.add(
            &obj.at("id"),
            format!(
                "must be 1 to {MAX_ID_LEN} characters of a-z, 0-9, `-` and `_`, starting with \
                 a letter or digit (it appears in URLs), found {}",
                crate::text::quote(&id)
            ),
        );
        return None;
    }
    Some(id)
}

/// A short single-line text (no control characters).
fn read_text(
    obj: &mut Object<'_>,
    key: &'static str,
    required: bool,
    p: &mut Problems,
) -> Option<String> {
    let text = obj.string(key, required, p)?;
    if text.chars().count() > MAX_TEXT_LEN || text.chars().any(char::is_control) {
        p.add(
            &obj.at(key),
            format!("must be at most {MAX_TEXT_LEN} characters without control characters"),
        );
        return None;
    }
    Some(text)
}

fn read_issuer(obj: &mut Object<'_>, allow_loopback: bool, p: &mut Problems) -> Option<String> {
    let issuer = obj.string("issuer", true, p)?;
    match url_policy::check_issuer(&issuer, allow_loopback) {
        Ok(_) => Some(issuer),
        Err(why) => {
            p.add(
                &obj.at("issuer"),
                format!(
                    "{why}; use the exact issuer your IdP shows in its discovery document, \
                     found {}",
                    crate::text::quote_url(&issuer)
                ),
            );
            None
        }
    }
}

fn read_scopes(obj: &mut Object<'_>, p: &mut Problems) -> Option<Vec<String>> {
    let at = obj.at("scopes");
    if !obj.has("scopes") {
        return Some(["openid", "profile", "email"].map(String::from).to_vec());
    }
    let items = obj.strings("scopes", p)?;
    let mut scopes: Vec<String> = Vec::with_capacity(items.len());
    let mut ok = true;
    for (scope, pointer) in items {
        // RFC 6749 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
        let valid = !scope.is_empty()
            && scope
                .bytes()
                .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b));
        if !valid {
            p.add(
                &pointer,
                "must be a scope token: printable ASCII without spaces, `\"` or `\\`",
            );
            ok = false;
        } else if scopes.contains(&scope) {
            p.add(&pointer, format!("`{scope}` is listed twice"));
            ok = false;
        } else {
            scopes.push(scope);
        }
    }
    if !scopes.iter().any(|s| s == "openid") {
        p.add(
            &at,
            "must contain `openid` (without it the IdP returns no ID token)",
        );
        ok = false;
    }
    if scopes.len() > MAX_SCOPES {
        p.add(
            &at,
            format!("lists {} scopes; at most {MAX_SCOPES}", scopes.len()),
        );
        ok = false;
    }
    ok.then_some(scopes)
}

fn read_algorithms(
    obj: &mut Object<'_>,
    secret: Option<&ClientSecret>,
    p: &mut Problems,
) -> Option<Vec<SigningAlg>> {
    let at = obj.at("allowedAlgorithms");
    if !obj.has("allowedAlgorithms") {
        return Some(vec![SigningAlg::Rs256]);
    }
    let items = obj.strings("allowedAlgorithms", p)?;
    if items.is_empty() {
        p.add(&at, "must list at least one algorithm, e.g. [\"RS256\"]");
        return None;
    }
    let mut algs = Vec::with_capacity(items.len());
    let mut ok = true;
    for (name, pointer) in items {
        let problem = match SigningAlg::from_name(&name) {
            Some(alg) if algs.contains(&alg) => Some(format!("`{alg}` is listed twice")),
            Some(alg) if alg.is_hmac() => hmac_problem(alg, secret),
            Some(_) => None,
            None => Some(unsupported_alg_message(&name)),
        };
        match (problem, SigningAlg::from_name(&name)) {
            (None, Some(alg)) => algs.push(alg),
            (problem, _) => {
                p.add(&pointer, problem.unwrap_or_default());
                ok = false;
            }
        }
    }
    ok.then_some(algs)
}

/// HMAC is keyed only by the client secret (OIDC Core §10.1), which must be at least as
/// long as the hash (RFC 7518 §3.2). The secret itself is never echoed.
fn hmac_problem(alg: SigningAlg, secret: Option<&ClientSecret>) -> Option<String> {
    let need = alg.hash_bytes();
    match secret {
        None => Some(format!(
            "`{alg}` is keyed by the client secret, and this IdP has no clientSecret"
        )),
        Some(s) if s.expose().len() < need => Some(format!(
            "`{alg}` needs a clientSecret of at least {need} bytes (RFC 7518 §3.2); this one \
             is shorter: use an asymmetric algorithm or a longer secret"
        )),
        Some(_) => None,
    }
}

fn unsupported_alg_message(name: &str) -> String {
    let supported = SigningAlg::ALL.map(SigningAlg::name).join(", ");
    if name.trim().eq_ignore_ascii_case("none") {
        format!("`none` is never allowed: ID tokens must be signed; use one of {supported}")
    } else {
        format!(
            "unsupported algorithm {}; use one of {supported} (names are case-sensitive)",
            crate::text::quote(name)
        )
    }
}

/// Extra audiences an ID token may carry besides the client id.
fn read_trusted_audiences(obj: &mut Object<'_>, p: &mut Problems) -> Option<Vec<String>> {
    if !obj.has("trustedAudiences") {
        return Some(Vec::new());
    }
    let items = obj.strings("trustedAudiences", p)?;
    let mut audiences: Vec<String> = Vec::with_capacity(items.len());
    let mut ok = true;
    for (audience, pointer) in items {
        if audience.is_empty() || audience.len() > MAX_TEXT_LEN || audiences.contains(&audience) {
            p.add(
                &pointer,
                "must be a non-empty audience of at most 255 characters, listed once",
            );
            ok = false;
        } else {
            audiences.push(audience);
        }
    }
    ok.then_some(audiences)
}

fn read_claims(obj: &mut Object<'_>, p: &mut Problems) -> Option<ClaimNames> {
    let at = obj.at("claims");
    let defaults = ClaimNames {
        username: "preferred_username".into(),
        email: "email".into(),
        display_name: "name".into(),
        groups: "groups".into(),
    };
    let Some(value) = obj.get("claims") else {
        return Some(defaults);
    };
    let mut claims = Object::new(value, &at, p)?;
    let mut name = |key: &'static str, default: String| {
        read_text(&mut claims, key, false, p).unwrap_or(default)
    };
    let names = ClaimNames {
        username: name("username", defaults.username),
        email: name("email", defaults.email),
        display_name: name("displayName", defaults.display_name),
        groups: name("groups", defaults.groups),
    };
    claims.finish(p);
    Some(names)
}

fn read_http(obj: &mut Object<'_>, p: &mut Problems) -> Option<IdpHttp> {
    let at = obj.at("http");
    let empty = Value::Object(serde_json::Map::new());
    let value = obj.get("http").unwrap_or(&empty);
    let mut http = Object::new(value, &at, p)?;
    let connect_timeout_ms = http.integer("connectTimeoutMs", 5_000, (100, 60_000), p);
    let read_timeout_ms = http.integer("readTimeoutMs", 10_000, (100, 120_000), p);
    let max_bytes = http.integer("maxResponseBytes", 1 << 20, (1 << 10, 16 << 20), p);
    let trust_anchors_pem = http.string("trustAnchorsPem", false, p);
    if let Some(pem) = &trust_anchors_pem {
        // Read as the engine's TLS stack reads it (crate::trust_anchors).
        let problem = if pem.len() > MAX_PEM_LEN {
            Err("must be at most 512 KiB of PEM certificates".to_string())
        } else {
            crate::trust_anchors::parse_trust_anchors(pem).map(|_| ())
        };
        if let Err(why) = problem {
            p.add(
                &http.at("trustAnchorsPem"),
                format!("{why} (expected PEM certificates: -----BEGIN CERTIFICATE----- ...)"),
            );
        }
    }
    let proxy_url = http.string("proxyUrl", false, p);
    if let Some(proxy) = &proxy_url {
        let clean = !proxy.chars().any(|c| c.is_control() || c.is_whitespace());
        let scheme_ok = clean
            && url::Url::parse(proxy)
                .map(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                .unwrap_or(false);
        if !scheme_ok {
            // Not echoed: a proxy URL may carry credentials.
            p.add(
                &http.at("proxyUrl"),
                "must be an http:// or https:// proxy URL with a host, without spaces or \
                 control characters",
            );
        }
    }
    let outage = super::outage::read_outage(&mut http, p);
    http.finish(p);
    Some(IdpHttp {
        connect_timeout_ms,
        read_timeout_ms,
        max_response_bytes: usize::try_from(max_bytes).unwrap_or(usize::MAX),
        trust_anchors_pem,
        proxy_url,
        outage,
    })
}
