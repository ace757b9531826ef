#!/usr/bin/env bash
# Fails unless every platform of scripts/native.env has its native library, fit to ship:
#   - present at native/<os>-<arch>/liboidc_sso_jni.so (in a directory or a jar),
#   - an ELF shared object for that architecture,
#   - stripped (no .symtab, no .debug_* section),
#   - needing no GLIBC_ symbol version above 2.28 (objdump -T),
#   - exporting every native method of Native.java.
# With --load it also loads each library the way the JVM does (dlopen with every symbol bound,
# scripts/native-probe.c): natively on this machine's architecture, under qemu-aarch64 for
# aarch64 when qemu-user and libc6-arm64-cross are installed (scripts/bootstrap.sh), and
# says so when it cannot. Run by Maven for java-shim/plugin (classes, then the jar).
#
#   scripts/check-native.sh [--load] DIR|JAR
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=native.env
. "${repo_root}/scripts/native.env"

load=false
if [ "${1:-}" = "--load" ]; then
  load=true
  shift
fi
source_path=${1:?usage: check-native.sh [--load] DIR|JAR}
native_java="${repo_root}/java-shim/plugin/src/main/java/io/oidcsso/plugin/nativebridge/Native.java"

fail() {
  printf 'check-native: FAILED: %s\n' "$*" >&2
  exit 1
}
say() { printf 'check-native: %s\n' "$*"; }

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# The native/ tree to check: the directory itself, or the jar's native/ entries.
if [ -d "${source_path}" ]; then
  root=${source_path}
elif [ -f "${source_path}" ]; then
  python3 - "${source_path}" "${work}/jar" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as jar:
    for name in jar.namelist():
        if name.startswith("native/") and not name.endswith("/"):
            jar.extract(name, sys.argv[2])
PY
  root="${work}/jar/native"
else
  fail "${source_path} is neither a directory nor a jar"
fi

# Every `static native ... name(` of Native.java, as the JNI symbol the JVM looks up.
mapfile -t entry_points < <(sed -nE 's/.*static native [^(]* ([A-Za-z0-9_]+)\(.*/Java_io_oidcsso_plugin_nativebridge_Native_\1/p' "${native_java}")
[ ${#entry_points[@]} -gt 0 ] || fail "no native method found in ${native_java}"

elf_machine() {
  case $1 in
    x86_64) echo "Advanced Micro Devices X86-64" ;;
    aarch64) echo "AArch64" ;;
    *) fail "no ELF machine name known for ${1}: add it to check-native.sh" ;;
  esac
}

# The highest GLIBC_x.y[.z] version the library needs, or nothing.
highest_glibc() {
  objdump -T "$1" | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' | sed 's/^GLIBC_//' | sort -uV | tail -n 1
}

check_library() {
  local platform=$1 lib=$2 arch=${1#*-} machine sections highest exports missing=()
  [ -f "${lib}" ] || fail "${platform}: ${NATIVE_LIBRARY} is missing (looked for ${lib}); build it with scripts/build-native.sh"
  machine="$(readelf -h "${lib}" 2>/dev/null | sed -n 's/^ *Machine: *//p')" \
    || fail "${platform}: ${lib} is not an ELF file"
  [ "${machine}" = "$(elf_machine "${arch}")" ] || fail "${platform}: ${lib} is built for '${machine}'"
  readelf -h "${lib}" | grep -q 'Type: *DYN' || fail "${platform}: ${lib} is not a shared object"
  sections="$(readelf -S -W "${lib}" | grep -oE '\.(symtab|debug_[a-z_]+)' | sort -u | tr '\n' ' ' || true)"
  [ -z "${sections}" ] || fail "${platform}: ${lib} is not stripped (has ${sections})"
  highest="$(highest_glibc "${lib}")"
  [ -n "${highest}" ] || fail "${platform}: ${lib} has no GLIBC_ symbol version: not a glibc build?"
  if [ "$(printf '%s\n%s\n' "${highest}" "${NATIVE_GLIBC}" | sort -V | tail -n 1)" != "${NATIVE_GLIBC}" ]; then
    fail "${platform}: ${lib} needs GLIBC_${highest} (above ${NATIVE_GLIBC}): $(objdump -T "${lib}" | grep -E "GLIBC_${highest}\)?[[:space:]]" | awk '{print $NF}' | head -n 5 | tr '\n' ' ')"
  fi
  exports="$(objdump -T "${lib}" | grep -E '[[:space:]]\.text[[:space:]]' | awk '{print $NF}')"
  for symbol in "${entry_points[@]}"; do
    grep -qx "${symbol}" <<<"${exports}" || missing+=("${symbol}")
  done
  [ ${#missing[@]} -eq 0 ] || fail "${platform}: ${lib} does not export ${missing[*]} (out of date with Native.java?)"
  say "${platform}: ok ($(stat -c %s "${lib}") bytes, ${machine}, stripped, GLIBC <= ${highest}, ${#entry_points[@]} entry points)"
}

# Compiles native-probe.c with the build's zig for the platform's glibc 2.28 and runs it.
load_library() {
  local platform=$1 lib=$2 arch=${1#*-} probe runner=()
  local zig="${NATIVE_TOOLS}/bin/zig"
  if [ ! -x "${zig}" ]; then
    say "${platform}: load check skipped: zig is not installed (scripts/build-native.sh installs it)"
    return
  fi
  if [ "${arch}" != "$(uname -m)" ]; then
    if ! command -v "qemu-${arch}" >/dev/null 2>&1 || [ ! -d "/usr/${arch}-linux-gnu/lib" ]; then
      say "${platform}: load check skipped: needs qemu-${arch} and /usr/${arch}-linux-gnu (scripts/bootstrap.sh installs qemu-user and libc6-arm64-cross)"
      return
    fi
    runner=("qemu-${arch}" -L "/usr/${arch}-linux-gnu")
  fi
  probe="${work}/probe-${arch}"
  "${zig}" cc -target "${arch}-linux-gnu.${NATIVE_GLIBC}" -O1 -o "${probe}" "${repo_root}/scripts/native-probe.c"
  cp "${lib}" "${work}/lib-${arch}.so"
  local out
  out="$("${runner[@]}" "${probe}" "${work}/lib-${arch}.so" "${entry_points[@]}" 2>&1)" \
    || fail "${platform}: the library does not load${runner:+ under ${runner[0]}}: ${out}"
  say "${platform}: ${out}${runner:+ (under ${runner[0]} with the Debian ${arch} glibc)}"
}

for pair in ${NATIVE_PLATFORMS}; do
  platform=${pair%%:*}
  check_library "${platform}" "${root}/${platform}/${NATIVE_LIBRARY}"
done
if [ "${load}" = true ]; then
  for pair in ${NATIVE_PLATFORMS}; do
    platform=${pair%%:*}
    load_library "${platform}" "${root}/${platform}/${NATIVE_LIBRARY}"
  done
fi
# Anything else under native/ would be shipped without these checks.
extra="$(find "${root}" -type f | sed "s#^${root}/##" | grep -vxE "$(for pair in ${NATIVE_PLATFORMS}; do printf '%s/%s|' "${pair%%:*}" "${NATIVE_LIBRARY}"; done | sed 's/|$//')" || true)"
[ -z "${extra}" ] || fail "unexpected files under native/: ${extra}"
say "every platform ok in ${source_path}"
