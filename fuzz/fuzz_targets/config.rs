//! Any bytes as a configuration document (import): every problem reported, no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_sso_core::fuzzing;

fuzz_target!(|data: &[u8]| {
    fuzzing::config_document(data);
});
