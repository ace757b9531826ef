//! Integration tests: the engine against the testkit's scriptable OP.
//! One binary (faster to build and link); one module per area.

mod support;

mod callback;
mod discovery;
mod docs;
mod engine;
mod id_token;
mod jwks;
mod token;
mod userinfo;
