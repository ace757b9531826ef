//! The back-channel logout setup the core's allocation count (`rust/core/tests/logout_allocations.rs`)
//! and its benchmark (`rust/core/benches/logout_token.rs`) share, so both measure the same engine and
//! the same token.

use std::sync::Arc;

use oidc_sso_core::{Clock, Engine, HostContext};
use serde_json::json;

use crate::clock::FakeClock;
use crate::keys::TestKey;
use crate::op::{TestOp, CLIENT_ID, CLIENT_SECRET};
use crate::token::TokenBuilder;

/// The issuer of the one IdP the engine knows.
pub const ISSUER: &str = "https://idp.example.com/realms/main";

/// An engine whose one IdP (`bench`, RS256 and ES256 allowed) publishes `key`, and a valid logout
/// token (alice's session `sid-1`) that `key` signed. Nothing is fetched yet: the caller's first
/// validation fetches discovery and the JWKS, so what it measures after that is the cached path.
pub fn engine_with_valid_token(key: &TestKey) -> (Engine, String) {
    let clock = Arc::new(FakeClock::default());
    let op = TestOp::new(ISSUER, clock.clone());
    op.script(|s| s.serve_keys(&[key]));
    let config = json!({"schemaVersion": 1, "idps": [{
        "id": "bench", "issuer": ISSUER, "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET,
        "allowedAlgorithms": ["RS256", "ES256"],
    }]});
    let host = HostContext {
        base_url: "https://jira.example.com".into(),
        callback_path: "/plugins/servlet/oidc/callback".into(),
        ..HostContext::default()
    };
    let engine = Engine::new(
        config.to_string().as_bytes(),
        host,
        Arc::new(op),
        clock.clone(),
    )
    .expect("valid configuration");
    let token = TokenBuilder::logout_token(
        key,
        ISSUER,
        CLIENT_ID,
        "alice-sub",
        "sid-1",
        clock.now_unix(),
    )
    .build();
    (engine, token)
}
