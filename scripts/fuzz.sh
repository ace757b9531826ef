#!/usr/bin/env bash
# Fuzzes oidc-sso-core on stable Rust: every target in fuzz/ for FUZZ_SECONDS (default 30)
# each, without sanitizers (`-s none`). Fails on the first crash, leak or timeout and
# prints the executions per target. Seeds are read from fuzz/corpus/<target>; new
# inputs go to fuzz/corpus-work/<target> (ignored by git), crashes to fuzz/artifacts/.
#
#   FUZZ_SECONDS=300 scripts/fuzz.sh            # all targets
#   FUZZ_TARGETS="jws jwks" scripts/fuzz.sh     # some targets
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}
seconds=${FUZZ_SECONDS:-30}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz (a few minutes, once)"
  cargo install cargo-fuzz --locked
fi

targets=${FUZZ_TARGETS:-$(cargo fuzz list)}
cargo fuzz build -s none 2>&1 | tail -n 1

total=0
summary=()
for target in $targets; do
  mkdir -p "corpus-work/$target" "artifacts/$target"
  log="corpus-work/$target.log"
  echo "==> fuzzing $target for ${seconds} s"
  if ! cargo fuzz run -s none "$target" "corpus-work/$target" "corpus/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "==> $target FAILED: see fuzz/artifacts/$target and $log"
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  runs=${runs:-0}
  total=$((total + runs))
  summary+=("$(printf '%-16s %12s executions, no crash' "$target" "$runs")")
done

echo "==> fuzz summary (${seconds} s per target, cargo fuzz run -s none)"
printf '%s\n' "${summary[@]}"
echo "total            $(printf '%12s' "$total") executions"
