//! RFC 9207 and IdP mix-up with two IdPs behind one router: a callback never sends a
//! code to another IdP's token endpoint, `iss` is required when advertised, and keys
//! are bound to the flow's issuer (never a merged key set).

use std::collections::BTreeMap;
use std::sync::Arc;

use oidc_sso_core::{BeginLoginRequest, BeginLoginResponse, CompleteLoginRequest, Engine, Error};
use oidc_sso_testkit::op::{CLIENT_ID, CLIENT_SECRET, JWKS_PATH, TOKEN_PATH};
use oidc_sso_testkit::{FakeClock, OpRouter, TestKey, TestOp};
use serde_json::json;

use crate::support::*;

const ISSUER_A: &str = "https://a.idp.example.com";
const ISSUER_B: &str = "https://b.idp.example.com/tenant";

struct TwoIdps {
    a: TestOp,
    b: TestOp,
    router: OpRouter,
    engine: Engine,
}

fn idp(id: &str, issuer: &str) -> serde_json::Value {
    json!({"id": id, "issuer": issuer, "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET,
           "allowedAlgorithms": ["RS256"]})
}

impl TwoIdps {
    fn new() -> TwoIdps {
        let clock = Arc::new(FakeClock::default());
        let a = TestOp::new(ISSUER_A, clock.clone());
        let b = TestOp::new(ISSUER_B, clock.clone());
        // B signs with its own, different key under the same kid as A's.
        let b_key = TestKey::rsa_from_pool("rsa-1", 1);
        b.script(|s| {
            s.serve_keys(&[&b_key]);
            s.signing_key = b_key.clone();
        });
        let router = OpRouter::new(&[&a, &b]);
        let doc = json!({"schemaVersion": 1, "idps": [idp("a", ISSUER_A), idp("b", ISSUER_B)]});
        let engine = Engine::new(
            doc.to_string().as_bytes(),
            host(),
            Arc::new(router.clone()),
            clock,
        )
        .expect("valid configuration");
        TwoIdps {
            a,
            b,
            router,
            engine,
        }
    }

    fn begin(&self, idp: &str) -> BeginLoginResponse {
        self.engine
            .begin_login(&BeginLoginRequest {
                idp_id: Some(idp.into()),
                return_to: None,
                browser_binding: BINDING.into(),
                test_login: false,
                reauthenticate: false,
            })
            .unwrap()
    }

    fn complete(
        &self,
        begin: &BeginLoginResponse,
        params: BTreeMap<String, String>,
    ) -> Result<oidc_sso_core::LoginDecision, Error> {
        self.engine.complete_login(&CompleteLoginRequest {
            pending: Some(begin.pending.clone()),
            browser_binding: Some(BINDING.into()),
            params,
            callback_path: None,
        })
    }

    fn login(&self, idp: &str, op: &TestOp) -> Result<oidc_sso_core::LoginDecision, Error> {
        let begin = self.begin(idp);
        let params = op.authorize(&begin.authorization_url).unwrap();
        self.complete(&begin, params)
    }

    /// Callback parameters carrying a code B issued for the attacker's own request at B,
    /// with the victim's `state` copied in.
    fn code_from_b(&self, state: &str) -> BTreeMap<String, String> {
        let attacker = self.begin("b");
        let mut params = self.b.authorize(&attacker.authorization_url).unwrap();
        params.insert("state".into(), state.into());
        params
    }
}

#[test]
fn login_when_two_idps_then_each_uses_only_its_own_endpoints() {
    let t = TwoIdps::new();
    assert_eq!(verdict(&t.login("a", &t.a)), "accepted");
    assert_eq!(verdict(&t.login("b", &t.b)), "accepted");
    assert_eq!((t.a.count(TOKEN_PATH), t.b.count(TOKEN_PATH)), (1, 1));
    assert_eq!((t.a.count(JWKS_PATH), t.b.count(JWKS_PATH)), (1, 1));
    assert!(t.router.stray_requests().is_empty());
}

#[test]
fn complete_when_callback_carries_other_idps_iss_then_issuer_mismatch_and_no_token_request() {
    let t = TwoIdps::new();
    let victim = t.begin("a");
    let params = t.code_from_b(&victim.state);
    assert_eq!(params["iss"], ISSUER_B);
    assert_eq!(verdict(&t.complete(&victim, params)), "issuer_mismatch");
    assert_eq!(t.a.count(TOKEN_PATH), 0);
    assert_eq!(t.b.count(TOKEN_PATH), 0, "B never receives A's flow's code");
}

#[test]
fn complete_when_iss_missing_and_idp_advertises_it_then_issuer_mismatch_before_token_request() {
    let t = TwoIdps::new();
    let victim = t.begin("a");
    let mut params = t.code_from_b(&victim.state);
    params.remove("iss");
    assert_eq!(verdict(&t.complete(&victim, params)), "issuer_mismatch");
    assert_eq!(t.a.count(TOKEN_PATH) + t.b.count(TOKEN_PATH), 0);
}

#[test]
fn complete_when_iss_missing_and_not_advertised_then_code_goes_only_to_the_flows_idp() {
    let t = TwoIdps::new();
    t.a.script(|s| {
        s.discovery["authorization_response_iss_parameter_supported"] = json!(false);
    });
    let victim = t.begin("a");
    let mut params = t.code_from_b(&victim.state);
    params.remove("iss");
    // A does not know B's code: the exchange fails at A, and B never sees the code.
    assert_eq!(verdict(&t.complete(&victim, params)), "token_error");
    assert_eq!(t.a.count(TOKEN_PATH), 1);
    assert_eq!(t.b.count(TOKEN_PATH), 0);
}

#[test]
fn complete_when_iss_present_and_wrong_but_not_advertised_then_still_issuer_mismatch() {
    let t = TwoIdps::new();
    t.a.script(|s| {
        s.discovery["authorization_response_iss_parameter_supported"] = json!(false);
    });
    let victim = t.begin("a");
    let params = t.code_from_b(&victim.state);
    assert_eq!(verdict(&t.complete(&victim, params)), "issuer_mismatch");
    assert_eq!(t.a.count(TOKEN_PATH) + t.b.count(TOKEN_PATH), 0);
}

#[test]
fn complete_when_pending_login_names_other_idp_id_then_idp_changed_without_requests() {
    let t = TwoIdps::new();
    let mut victim = t.begin("a");
    let params = t.a.authorize(&victim.authorization_url).unwrap();
    victim.pending["idpId"] = json!("b");
    assert_eq!(verdict(&t.complete(&victim, params)), "idp_changed");
    assert_eq!(t.a.count(TOKEN_PATH) + t.b.count(TOKEN_PATH), 0);
}

#[test]
fn validate_when_token_signed_with_other_idps_key_then_unknown_or_invalid_never_merged() {
    let t = TwoIdps::new();
    // B's keys are in the engine's cache for B after a B login.
    assert_eq!(verdict(&t.login("b", &t.b)), "accepted");
    let b_only = TestKey::rsa_from_pool("b-only", 1);
    t.b.script(|s| s.serve_keys(&[&b_only]));
    // A serves a token signed by B's key: by kid only B knows, and by A's kid.
    t.a.set_id_token(move |b| b.signed_by(&b_only).header("kid", json!("b-only")).build());
    assert_eq!(verdict(&t.login("a", &t.a)), "unknown_signing_key");
    let b_key = TestKey::rsa_from_pool("rsa-1", 1);
    t.a.set_id_token(move |b| b.signed_by(&b_key).build());
    assert_eq!(verdict(&t.login("a", &t.a)), "invalid_signature");
    assert_eq!(t.b.count(JWKS_PATH), 1, "A's flows never fetch B's keys");
}
