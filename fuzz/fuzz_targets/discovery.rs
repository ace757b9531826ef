//! Any bytes as a discovery document (OIDC Discovery 1.0 §3).
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_sso_core::fuzzing;

fuzz_target!(|data: &[u8]| {
    fuzzing::discovery_document(data);
});
