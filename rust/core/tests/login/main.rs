//! Integration tests: the engine against the testkit's scriptable OP.
//! One binary (faster to build and link); one module per area.

mod support;

mod algorithms;
mod bearer;
mod callback;
mod client_auth;
mod contract;
mod discovery;
mod docs;
mod end_session;
mod engine;
mod entra;
mod hints;
mod hostile_config;
mod id_token;
mod id_token_rules;
mod introspection;
mod jwks;
mod layering;
mod logout;
mod mixup;
mod outage;
mod presets;
mod reauthenticate;
mod routing;
mod test_login;
mod token;
mod token_summary;
mod userinfo;
mod userinfo_signed;
