#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests, then the Maven build, which builds the
# cdylib, the Java shim (unit, contract and JNI tests), the reference host and the
# end-to-end tests (dev IdP, Keycloak, nginx + two nodes, headless Chromium), then fuzzes
# every cargo-fuzz target for FUZZ_SECONDS (default 30) each.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}

phase bootstrap scripts/bootstrap.sh
phase "cargo test" cargo test --workspace --locked
phase "maven verify" mvn -B -ntp verify
phase fuzz env FUZZ_SECONDS="${FUZZ_SECONDS:-30}" scripts/fuzz.sh
