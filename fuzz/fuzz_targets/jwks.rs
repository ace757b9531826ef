//! Any bytes as a JWKS document, then key selection for every algorithm.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_sso_core::fuzzing;

fuzz_target!(|data: &[u8]| {
    fuzzing::jwks_document(data);
});
