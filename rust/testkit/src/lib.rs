//! Test kit for oidc-sso: key pairs, a JWT builder (well-formed or deliberately broken),
//! a fake clock and a scriptable in-process OpenID Provider that records every request.
//!
//! Test-only: never a dependency of shipped code.

pub mod clock;
pub mod keys;
pub mod logout;
pub mod op;
pub mod token;

pub use clock::FakeClock;
pub use keys::TestKey;
pub use op::{Canned, OpRouter, RecordedRequest, Script, TestOp};
pub use token::TokenBuilder;
