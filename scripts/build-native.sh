#!/usr/bin/env bash
# Builds the cdylib (crate oidc-sso-jni) for every platform the plugin jar carries
# (scripts/native.env): x86_64 and aarch64 Linux, linked against glibc 2.28 by
# cargo-zigbuild, in one cargo run. Run by Maven (rust/pom.xml); also usable by hand.
#
#   scripts/build-native.sh [cargo profile, default release]
#
# Output: target/<rust target>/<profile dir>/liboidc_sso_jni.so (stripped by the profile).
# Installs what it needs on first use, pinned, and nothing when it is there:
# ziglang and cargo-zigbuild from PyPI into a virtualenv under ~/.cache/oidc-sso, and the
# targets' Rust standard libraries with rustup.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=native.env
. "${repo_root}/scripts/native.env"
profile=${1:-release}
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}

log() { printf 'build-native: %s\n' "$*"; }

# The virtualenv with zig and cargo-zigbuild. A lock keeps two builds on one machine from
# installing into the same directory at once; the stamp is written only after a full install.
install_tools() {
  local stamp="${NATIVE_TOOLS}/.installed"
  [ -f "${stamp}" ] && return
  mkdir -p "$(dirname "${NATIVE_TOOLS}")"
  exec 9>"${NATIVE_TOOLS}.lock"
  flock 9
  if [ ! -f "${stamp}" ]; then
    log "installing ziglang ${ZIGLANG_VERSION} and cargo-zigbuild ${CARGO_ZIGBUILD_VERSION} (PyPI) into ${NATIVE_TOOLS}"
    rm -rf "${NATIVE_TOOLS}"
    python3 -m venv "${NATIVE_TOOLS}" || {
      log "python3 -m venv failed: install Python 3 with venv (Debian: apt-get install python3-venv)" >&2
      exit 1
    }
    "${NATIVE_TOOLS}/bin/python3" -m pip install --quiet --disable-pip-version-check --no-input \
      "ziglang==${ZIGLANG_VERSION}" "cargo-zigbuild==${CARGO_ZIGBUILD_VERSION}"
    local zig
    zig="$("${NATIVE_TOOLS}/bin/python3" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')"
    ln -sf "${zig}" "${NATIVE_TOOLS}/bin/zig"
    touch "${stamp}"
  fi
  flock -u 9
}

install_rust_targets() {
  local installed triple missing=()
  installed="$(rustup target list --installed 2>/dev/null)" || {
    log "rustup is missing: the cross targets come from rustup (install Rust with rustup)" >&2
    exit 1
  }
  for pair in ${NATIVE_PLATFORMS}; do
    triple=${pair#*:}
    grep -qx "${triple}" <<<"${installed}" || missing+=("${triple}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "rustup target add ${missing[*]}"
    rustup target add "${missing[@]}"
  fi
}

install_tools
install_rust_targets
export PATH="${NATIVE_TOOLS}/bin:${PATH}"

targets=()
for pair in ${NATIVE_PLATFORMS}; do
  targets+=(--target "${pair#*:}.${NATIVE_GLIBC}")
done
cd "${repo_root}"
log "cargo zigbuild --profile ${profile} ${targets[*]}"
cargo zigbuild --locked --profile "${profile}" -p oidc-sso-jni "${targets[@]}"
