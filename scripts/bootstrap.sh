#!/usr/bin/env bash
# Installs what the demo and the tests need on a Debian 12 machine, and nothing that is already
# there: Chromium + chromedriver (end-to-end tests), nginx (cluster tests), binutils, Python's
# venv, qemu-user and the arm64 C library (the native build and its checks, scripts/build-native.sh
# and scripts/check-native.sh), the dev IdP's npm dependencies. Idempotent and fast when
# everything is present. Run as root (or with sudo). The native build installs its own pinned
# zig and cargo-zigbuild (PyPI) and Rust targets (rustup) on first use.
#
#   scripts/bootstrap.sh
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dev_idp="${repo_root}/examples/dev-idp"

log() { printf 'bootstrap: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    log "need root to run: $*" >&2
    exit 1
  fi
}

# Debian packages whose command is missing: "command:package" pairs.
missing_packages() {
  local pair
  for pair in "$@"; do
    if ! command -v "${pair%%:*}" >/dev/null 2>&1; then
      printf '%s\n' "${pair#*:}"
    fi
  done
}

# Packages that provide a file rather than a command: "path:package" pairs.
missing_files() {
  local pair
  for pair in "$@"; do
    if [ ! -e "${pair%%:*}" ]; then
      printf '%s\n' "${pair#*:}"
    fi
  done
}

install_debian_packages() {
  local packages
  packages="$( (missing_packages \
    chromium:chromium \
    chromedriver:chromium-driver \
    nginx:nginx \
    node:nodejs \
    npm:npm \
    java:openjdk-17-jdk-headless \
    mvn:maven \
    python3:python3 \
    objdump:binutils \
    qemu-aarch64:qemu-user
  missing_files /usr/aarch64-linux-gnu/lib/libc.so.6:libc6-arm64-cross
  python3 -c 'import ensurepip' >/dev/null 2>&1 || echo python3-venv) | sort -u | tr '\n' ' ')"
  if [ -z "${packages// /}" ]; then
    log "Debian packages: all present"
    return
  fi
  log "installing: ${packages}"
  as_root apt-get update -q
  # Keep installed services (nginx) from starting: the tests run their own instances.
  local policy=/usr/sbin/policy-rc.d
  local own_policy=false
  if [ ! -e "${policy}" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "${policy}" >/dev/null
    as_root chmod 755 "${policy}"
    own_policy=true
  fi
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${packages} \
    || { [ "${own_policy}" = true ] && as_root rm -f "${policy}"; exit 1; }
  if [ "${own_policy}" = true ]; then
    as_root rm -f "${policy}"
  fi
}

install_dev_idp_modules() {
  local stamp="${dev_idp}/node_modules/.package-lock.json"
  if [ -f "${stamp}" ] && [ ! "${dev_idp}/package-lock.json" -nt "${stamp}" ] \
      && [ ! "${dev_idp}/package.json" -nt "${stamp}" ]; then
    log "dev IdP npm modules: up to date"
    return
  fi
  log "dev IdP: npm ci"
  (cd "${dev_idp}" && npm ci --no-audit --no-fund --loglevel=error)
}

check_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    log "cargo is missing: install a current Rust toolchain (rustup); Debian's is too old" >&2
    exit 1
  fi
}

install_debian_packages
install_dev_idp_modules
check_rust
log "ready"
