//! Any text as an admin's login-page template: checked like the configuration, rendered
//! when accepted; no panic, no hang, no runaway memory (issue 8 items 1 and 2).
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_sso_core::fuzzing;

fuzz_target!(|data: &[u8]| {
    fuzzing::page_template(data);
});
