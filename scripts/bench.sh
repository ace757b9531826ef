#!/usr/bin/env bash
# Runs every benchmark of docs/benchmarks.md and prints the figures and ratios. Never part of
# the test command; nothing here asserts a time. About 15 minutes on 2 cores once built.
#
#   scripts/bench.sh           # results in target/bench/ (results.json, benchmarks.svg)
#   scripts/bench.sh --docs    # also writes the plot to docs/benchmarks.svg
#   BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/bench.sh   # another JVM
#
# 1. criterion (rust/core/benches): the logout token's floor (aws-lc-rs verify alone) vs the
#    core's full validation (also measured side by side, "paired"), and the routing index vs
#    a linear scan;
# 2. JMH (benchmarks/jmh, Maven profile `bench`): the JNI call vs Nimbus JOSE+JWT doing the
#    same checks on the same tokens, and vs the floor through a bench-only JNI library
#    (benchmarks/floor-jni, never in the plugin jar), 1 and 2 threads; then the JNI call and the
#    floor side by side in one JVM (PairedFloor: alternating blocks, medians, their ratio);
# 3. the JWKS stampede: 1000 concurrent validations with a newly rotated kid, JWKS fetches;
# 4. wrk on the reference host (scripts/bench-wrk.sh): GET /rest/whoami and /secure/dashboard with
#    an SSO session and a local session on a host with the plugin, and a local session on the same
#    host without it; host CPU per request as paired ratios, both hosts of a pair measured at once
#    on one core (WRK_MODE=concurrent, the default; WRK_MODE=sequential: ABBA blocks, one host at a
#    time, throughput too), with a twin of the host without the plugin as the A/A control, the
#    kill-switched host, and a host burning a known ~3 us per request (-Drefhost.benchBurnMicros)
#    as the known answer;
# 5. scripts/bench-report.py: the tables, the ratios against the targets, the plots (matplotlib,
#    pinned, installed from PyPI into ~/.cache/oidc-sso on first use).
#
#   scripts/bench.sh --wrk-only   # only 4 and its report (about 15 minutes once built)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}
MATPLOTLIB_VERSION=3.10.8
out=target/bench
java=${BENCH_JAVA:-java}
svg_copy=()
wrk_svg_copy=()
wrk_only=0
for arg in "$@"; do
  case "${arg}" in
    --docs) svg_copy=(--copy-svg docs/benchmarks.svg); wrk_svg_copy=(--copy-svg docs/benchmarks-wrk.svg) ;;
    --wrk-only) wrk_only=1 ;;
    *) echo "usage: scripts/bench.sh [--docs] [--wrk-only]" >&2; exit 2 ;;
  esac
done
mkdir -p "${out}"

plot_python() {
  local venv="${OIDCSSO_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/oidc-sso}/bench-matplotlib-${MATPLOTLIB_VERSION}"
  if [ ! -f "${venv}/.installed" ]; then
    echo "==> installing matplotlib ${MATPLOTLIB_VERSION} (PyPI) into ${venv}" >&2
    rm -rf "${venv}"
    python3 -m venv "${venv}" >&2
    "${venv}/bin/python3" -m pip install --quiet --disable-pip-version-check --no-input \
      "matplotlib==${MATPLOTLIB_VERSION}" >&2
    touch "${venv}/.installed"
  fi
  echo "${venv}/bin/python3"
}

wrk_phase() {
  phase "wrk (reference host)" scripts/bench-wrk.sh "${out}"
  phase "wrk report" "$(plot_python)" scripts/bench-report.py --wrk "${out}/wrk.json" --out "${out}" \
    "${wrk_svg_copy[@]}"
}
if [ "${wrk_only}" = 1 ]; then
  wrk_phase
  exit 0
fi

cut -d' ' -f1 /proc/loadavg > "${out}/load.txt"
phase "criterion" env OIDCSSO_BENCH_PAIRED="${PWD}/${out}/paired.json" cargo bench --locked -p oidc-sso-core --bench logout_token --bench routing -- \
  --warm-up-time 2 --measurement-time 5 --noplot
phase "build JMH" mvn -B -ntp -q -Pbench -pl benchmarks/jmh -am package -DskipTests
# Built like the release library (cargo-zigbuild, glibc 2.28; the Maven build installed the tools)
# so that its aws-lc is compiled the same way as the plugin's.
# shellcheck source=native.env
. scripts/native.env
floor_target="$(uname -m)-unknown-linux-gnu"
phase "build the floor's JNI library" env PATH="${NATIVE_TOOLS}/bin:${PATH}" cargo zigbuild --locked --release \
  -p oidc-sso-bench-floor --target "${floor_target}.${NATIVE_GLIBC}"
jar=benchmarks/jmh/target/benchmarks.jar
floor_lib="-Doidcsso.bench.floorLib=${PWD}/target/${floor_target}/release/liboidc_sso_bench_floor.so"
"${java}" -version 2>&1 | head -n 1 | tee "${out}/java-version.txt"
phase "JMH, 1 thread" "${java}" "${floor_lib}" -jar "${jar}" LogoutTokenBenchmark -t 1 -rf json -rff "${out}/jmh-t1.json"
phase "JMH, 2 threads" "${java}" "${floor_lib}" -jar "${jar}" LogoutTokenBenchmark -t 2 -rf json -rff "${out}/jmh-t2.json"
phase "JNI call vs floor, one JVM" "${java}" "${floor_lib}" -cp "${jar}" io.oidcsso.bench.PairedFloor "${out}/paired-jvm.json"
phase "JWKS stampede" bash -c "'${java}' -cp '${jar}' io.oidcsso.bench.JwksStampede 1000 | tee '${out}/stampede.txt'"
cut -d' ' -f1 /proc/loadavg >> "${out}/load.txt"
python=$(plot_python)
phase "report" "${python}" scripts/bench-report.py --criterion target/criterion --jmh1 "${out}/jmh-t1.json" \
  --jmh2 "${out}/jmh-t2.json" --stampede "${out}/stampede.txt" --java "${out}/java-version.txt" \
  --load "${out}/load.txt" --paired "${out}/paired.json" --paired-jvm "${out}/paired-jvm.json" --out "${out}" \
  "${svg_copy[@]}"
wrk_phase
