#!/usr/bin/env bash
# wrk on the reference host (docs/benchmarks.md, "Authenticated requests"): the cost the plugin
# adds to every authenticated request. Never part of the test command; asserts nothing.
#
#   scripts/bench-wrk.sh [OUT_DIR]      # default target/bench; writes OUT_DIR/wrk.json (~15 minutes)
#   WRK_MODE=sequential scripts/bench-wrk.sh [OUT_DIR]   # the c-noise method (one host at a time, ~15 minutes)
#
# WRK_MODE=concurrent (the default, docs/benchmarks.md "Target (c): both sides at once (c-conc)"): the two
# hosts of a pair run on the same core at the same time, under two wrk processes started together on wrk's core
# (the subject's first in half the windows), $WRK_CONC_WINDOWS windows (default 2) of $WRK_WINDOW per block,
# $WRK_ROUNDS blocks per pair and path (default 6, after 2 burn-in rounds). Each host's CPU over exactly the
# window is the sum of its threads' run time in /proc/<pid>/task/*/schedstat (nanoseconds), divided by its own
# request count: both sides see the same speed phase of the machine, so the ratio cancels it. CPU per request is
# the figure (a CPU-bound host serves 1 / CPU per request: a 3% throughput loss is a 3.1% rise in it); requests per
# second is each host's share of the core and only a check. A fifth host "burn" (the host without the plugin with
# -Drefhost.benchBurnMicros=$WRK_BURN_MICROS, default 1: that many microseconds of CPU per request in a busy loop)
# gives the method a known answer: "burn/local over plugin-off/local" must read 1 + burn / the baseline's CPU
# per request. WRK_BURN_MICROS=0 leaves it out (the default of WRK_MODE=sequential). A sixth host "off2", a twin of
# "off", gives the A/A control "plugin-off2/local over plugin-off/local": two hosts alike in everything, what the
# method reads for no difference at all (the kill-switched host still dispatches into the plugin's filters); it is
# warmed up on the same cases as "off" (local, alice's form login, the personal access token), so that their JIT
# profiles see the same mix. WRK_TWIN=0 leaves it out (the default of WRK_MODE=sequential).
#
# Starts the dev IdP and four reference hosts (same JVM, same flags): "on" with the plugin and the
# dev IdP configuration, "off" without the plugin, "killed" with the plugin switched off by its kill
# switch (the host's dispatch into the plugin's filters alone), "bearer" like "on" for the token
# cases. Logs in an SSO session (alice, through the dev IdP) and a local session (local/local) on "on",
# a local session on "off" and "killed", and alice with the host's form on "off" and "on"
# ("plugin-off/alice", "plugin-on/alice": the SSO case's user, groups and attributes without an SSO login).
# Two more cases send a personal access token of the host (`Authorization: Bearer <opaque>`, on "off" and
# "bearer"); the JWT bearer case runs on "bearer".
#
# The sequential method (WRK_MODE=sequential; docs/benchmarks.md, "Target (c): ... (c-alice)", "(c-noise)"): every figure is a paired ratio. Each
# comparison "subject over baseline" (plugin on over plugin off serving the same user; the kill-switched
# host over plugin off, the control) runs in ABBA blocks (BAAB in even rounds) of windows of
# wrk -t2 -c$WRK_CONNECTIONS -d$WRK_WINDOW (default 2s) on GET /rest/whoami and /secure/dashboard, the
# pairs in a rotating order, $WRK_ROUNDS blocks per pair and path (default 7, after $WRK_BURN_IN rounds left
# out, default 1; the token pairs $WRK_TOKEN_ROUNDS, default 1), after a warm-up that waits until each host's
# CPU per request has settled (WRK_WARMUP_MIN / WRK_WARMUP_MAX seconds per host). Only the
# two hosts of the pair under wrk run: the others are stopped with SIGSTOP (WRK_ISOLATE=0 leaves them
# running), and a block whose hosts were not the ones running starts with an unmeasured pre-warm of
# $WRK_PREWARM (default 1s) on each. The hosts run on core 0 and wrk on core 1 (BENCH_HOST_CPUS /
# BENCH_WRK_CPUS, taskset lists; empty: unpinned), with the Serial collector and a pre-touched heap
# (BENCH_HOST_JVM_FLAGS). A session case logs in $WRK_SESSIONS times (default 8) and wrk sends its requests over
# those sessions in turn (scripts/bench-wrk-sessions.lua), so that no two requests in flight share a session's
# lock in the host's container. Per block: the subject's requests per second over the
# baseline's, and its host CPU per request (utime + stime of /proc/<pid>/stat around each window) over the
# baseline's; scripts/bench-wrk-pairs.py prints the geometric mean over the blocks with a bootstrap 95% interval
# (the verdicts' interval), the median with its own, and the CPU the rest of the machine used during the
# windows (the other engineers' load). Every host runs with the reference host's session probe
# (-Drefhost.sessionProbe=true): what each case's login left in its session goes to the work folder's
# sessions.txt. wrk is the Debian package (installed here when missing).
# WRK_BASELINE_JAR=<another plugin jar> starts a fifth host "baseline" with that jar and the same
# configuration and adds "plugin-on/oidc over baseline-on/oidc" (and its token pairs) to the same rounds
# (before/after a change in one run).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
out=${1:-target/bench}
# c-conc: both sides of a pair measured at once (the default), or one after the other in ABBA blocks (c-noise).
mode=${WRK_MODE:-concurrent}
case "${mode}" in
  concurrent) rounds=${WRK_ROUNDS:-6} ;;
  sequential) rounds=${WRK_ROUNDS:-7} ;;
  *) echo "WRK_MODE must be concurrent or sequential, not ${mode}" >&2; exit 2 ;;
esac
conc_windows=${WRK_CONC_WINDOWS:-2}
# The burn host (c-conc): a host without the plugin that spends $WRK_BURN_MICROS of CPU time in a busy loop on every
# request (-Drefhost.benchBurnMicros), the method's known answer; 0 leaves it out.
if [ "${mode}" = concurrent ]; then burn_micros=${WRK_BURN_MICROS:-1}; else burn_micros=${WRK_BURN_MICROS:-0}; fi
twin=${WRK_TWIN:-1}
[ "${mode}" = concurrent ] || twin=${WRK_TWIN:-0}
connections=${WRK_CONNECTIONS:-8}
java=${BENCH_JAVA:-java}
work=${out}/wrk-work
# The hosts on one core and wrk on the other by default (c-noise): a host then competes with wrk for nothing,
# its request threads, JIT and GC share one core, so it is CPU-bound and its throughput is the inverse of its
# CPU per request. BENCH_HOST_CPUS= BENCH_WRK_CPUS= (empty) leaves every process free to run on any core.
if [ "$(nproc)" -ge 2 ]; then
  host_cpus=${BENCH_HOST_CPUS-0}; wrk_cpus=${BENCH_WRK_CPUS-1}
else
  host_cpus=${BENCH_HOST_CPUS-}; wrk_cpus=${BENCH_WRK_CPUS-}
fi
host_pin=${host_cpus:+taskset -c ${host_cpus}}
wrk_pin=${wrk_cpus:+taskset -c ${wrk_cpus}}
# The same collector pinned or not (a JVM on one core picks Serial by itself; on two, G1 with its concurrent
# threads), young collections of a few milliseconds in windows of seconds; the heap touched at start, so that
# no window pays for first-touch page faults. BENCH_HOST_JVM_FLAGS replaces them.
host_flags=${BENCH_HOST_JVM_FLAGS--XX:+UseSerialGC -XX:+AlwaysPreTouch}
mkdir -p "${out}"
rm -rf "${work}" && mkdir -p "${work}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "==> installing wrk (Debian)"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else sudo apt-get install -y -q wrk >/dev/null; fi
fi
host_jar=examples/reference-host/target/reference-host.jar
plugin_jar=java-shim/plugin/target/oidc-sso-plugin-0.1.0-SNAPSHOT.jar
if [ ! -f "${host_jar}" ] || [ ! -f "${plugin_jar}" ] || [ "${WRK_BUILD:-1}" = 1 ]; then
  phase "build host and plugin" mvn -B -ntp -q package -DskipTests \
    -pl rust,java-shim/host-api,java-shim/plugin,examples/reference-host -am
fi

free_port() { python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' "$1"; }
idp_port=$(free_port 127.0.0.2)
on_port=$(free_port 127.0.0.1)
off_port=$(free_port 127.0.0.1)
killed_port=$(free_port 127.0.0.1)
burn_port=$(free_port 127.0.0.1)
off2_port=$(free_port 127.0.0.1)
bearer_port=$(free_port 127.0.0.1)
on=http://127.0.0.1:${on_port}
bearer=http://127.0.0.1:${bearer_port}
off=http://127.0.0.1:${off_port}
killed=http://127.0.0.1:${killed_port}
burn=http://127.0.0.1:${burn_port}
off2=http://127.0.0.1:${off2_port}
baseline_jar=${WRK_BASELINE_JAR:-}
base_port=$(free_port 127.0.0.1)
base=http://127.0.0.1:${base_port}
rp_bases=(--rp-base-url "${on}" --rp-base-url "${bearer}")
[ -n "${baseline_jar}" ] && rp_bases+=(--rp-base-url "${base}")

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "${pid}" 2>/dev/null || true; done; }
trap cleanup EXIT
await_line() { # file, text, pid
  for _ in $(seq 1 120); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { cat "$1"; return 1; }
    sleep 1
  done
  cat "$1"; return 1
}

(cd examples/dev-idp && exec node server.js --host 127.0.0.2 --port "${idp_port}" "${rp_bases[@]}" --quiet) \
  > "${work}/dev-idp.log" 2>&1 &
pids+=($!)
await_line "${work}/dev-idp.log" "dev-idp ready " "${pids[-1]}"
sed -e "s#http://127.0.0.2:9400#http://127.0.0.2:${idp_port}#g" -e "s#http://127.0.0.1:8080#${on}#g" \
  examples/configs/dev-idp.json > "${work}/config.json"
start_host() { # name, port, JVM property (or -), extra args...
  local name=$1 port=$2 property=$3; shift 3
  [ "${property}" = - ] && property=-Dbench.case=${name}
  # shellcheck disable=SC2086 # the flags are words
  ${host_pin} "${java}" -Xms512m -Xmx512m ${host_flags} -Drefhost.sessionProbe=true "${property}" -jar "${host_jar}" --bind 127.0.0.1 --port "${port}" \
    --base-url "http://127.0.0.1:${port}" --home "${work}/home-${name}" --node-id "${name}" "$@" \
    > "${work}/host-${name}.log" 2>&1 &
  pids+=($!)
  eval "${name}_pid=$!"
  await_line "${work}/host-${name}.log" "reference-host ready: " "$!"
}
start_host on "${on_port}" - --plugin "${plugin_jar}" --config "${work}/config.json"
start_host off "${off_port}" -
# The plugin installed but switched off (-Doidcsso.disabled=true: both filters step aside at once):
# what the host's filter dispatch into a plugin costs, without any of the plugin's own work.
start_host killed "${killed_port}" -Doidcsso.disabled=true --plugin "${plugin_jar}" --config "${work}/config.json"
# The burn host: like "off", and every request first spends $WRK_BURN_MICROS of its thread's CPU time.
[ "${burn_micros}" != 0 ] && start_host burn "${burn_port}" "-Drefhost.benchBurnMicros=${burn_micros}"
# The twin of "off" (the A/A control).
[ "${twin}" = 1 ] && start_host off2 "${off2_port}" -
# The bearer-token and personal-access-token cases of the plugin on a host of their own: served by "on"
# between its session cases, they made its session requests cost more host CPU (1.25-1.36x the host
# without the plugin, against 1.01-1.23x with them elsewhere; docs/benchmarks.md, "Per-filter samples
# and host CPU per request").
sed -e "s#http://127.0.0.2:9400#http://127.0.0.2:${idp_port}#g" -e "s#http://127.0.0.1:8080#${bearer}#g" \
  examples/configs/dev-idp.json > "${work}/config-bearer.json"
start_host bearer "${bearer_port}" - --plugin "${plugin_jar}" --config "${work}/config-bearer.json"
if [ -n "${baseline_jar}" ]; then
  sed -e "s#http://127.0.0.2:9400#http://127.0.0.2:${idp_port}#g" -e "s#http://127.0.0.1:8080#${base}#g" \
    examples/configs/dev-idp.json > "${work}/config-baseline.json"
  start_host baseline "${base_port}" - --plugin "${baseline_jar}" --config "${work}/config-baseline.json"
fi
# A personal access token of the host for "local" (opaque, no dots; read per request from HOME).
pat=benchPersonalAccessToken0123456789abcdef
for name in on off bearer baseline off2; do
  if [ -d "${work}/home-${name}" ]; then echo "${pat}=local" > "${work}/home-${name}/personal-access-tokens.properties"; fi
done

# Each session case logs in $WRK_SESSIONS times (default 8, one session per wrk connection) and wrk spreads its
# requests over those sessions (scripts/bench-wrk-sessions.lua): its case header is "@<cookie file>".
# WRK_SESSIONS=1 sends every request on one session, as before c-noise.
sessions_per_case=${WRK_SESSIONS:-8}
logins() { # mode base user password: the cookie file of $sessions_per_case logins
  local file
  file=$(mktemp "${work}/cookies-XXXXXX")
  for _ in $(seq 1 "${sessions_per_case}"); do
    python3 scripts/bench-login.py "$@" | sed 's/^Cookie: //' >> "${file}"
  done
  echo "@${file}"
}
# The header of one request of a case: its first session's cookie, or its header.
one_header() { if [[ "$1" == @* ]]; then echo "Cookie: $(head -n 1 "${1#@}")"; else echo "$1"; fi; }
cookie_on_oidc=$(logins oidc "${on}" alice alice)
# A JWT access token of the dev IdP (it lives 10 minutes) for bob's linked account, for the warm-up; the token
# pairs, which run after the session pairs, get new tokens first. A pair with a non-2xx response makes
# bench-wrk-pairs.py fail: it would measure the refusal, not the case.
bearer_on=$(python3 scripts/bench-login.py bearer "${bearer}" bob bob)

# The reference host keeps its users in one JSON file (its parse cached per file); the SSO login above
# provisioned alice on "on" only. "off" and "killed" get the same file, with a local password for alice,
# so that the hosts differ by the plugin alone and the same user can be served by each: "plugin-off/alice"
# and "plugin-on/alice" (her form login) hold her groups, attributes and session equal to the SSO case
# apart from what the plugin adds to an SSO session (docs/benchmarks.md, "Target (c) with the same user").
# WRK_SAME_DIRECTORY=0 keeps each host's own (and drops the alice form-login cases).
alice_cases=()
if [ "${WRK_SAME_DIRECTORY:-1}" = 1 ]; then
  directories=("${work}/home-off" "${work}/home-killed")
  [ "${burn_micros}" != 0 ] && directories+=("${work}/home-burn")
  [ "${twin}" = 1 ] && directories+=("${work}/home-off2")
  python3 scripts/bench-directory.py "${work}/home-on" alice alice "${directories[@]}"
  alice_cases=("plugin-off/alice ${off} ${off_pid} $(logins local "${off}" alice alice)"
               "plugin-on/alice ${on} ${on_pid} $(logins local "${on}" alice alice)")
  # The twin serves alice too (warm-up only), as "off" does.
  [ "${twin}" = 1 ] && alice_cases+=("plugin-off2/alice ${off2} ${off2_pid} $(logins local "${off2}" alice alice)")
fi
cookie_on_local=$(logins local "${on}" local local)
cookie_off_local=$(logins local "${off}" local local)
cookie_killed_local=$(logins local "${killed}" local local)
[ "${burn_micros}" != 0 ] && cookie_burn_local=$(logins local "${burn}" local local)
[ "${twin}" = 1 ] && cookie_off2_local=$(logins local "${off2}" local local)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The machine's busy ticks (all cores): what every process used, ours and the other engineers'.
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
declare -A spec_of
host_pids=("${on_pid}" "${off_pid}" "${killed_pid}" "${bearer_pid}")
[ -n "${baseline_jar}" ] && host_pids+=("${baseline_pid}")
[ "${burn_micros}" != 0 ] && host_pids+=("${burn_pid}")
[ "${twin}" = 1 ] && host_pids+=("${off2_pid}")
add_case() { # name base pid header...
  spec_of[$1]="$2 $3 ${*:4}"
}
add_case plugin-off/local "${off}" "${off_pid}" "${cookie_off_local}"
add_case plugin-on/oidc "${on}" "${on_pid}" "${cookie_on_oidc}"
add_case plugin-on/local "${on}" "${on_pid}" "${cookie_on_local}"
add_case plugin-killswitch/local "${killed}" "${killed_pid}" "${cookie_killed_local}"
[ "${burn_micros}" != 0 ] && add_case burn/local "${burn}" "${burn_pid}" "${cookie_burn_local}"
if [ "${twin}" = 1 ]; then
  add_case plugin-off2/local "${off2}" "${off2_pid}" "${cookie_off2_local}"
  add_case plugin-off2/pat "${off2}" "${off2_pid}" "Authorization: Bearer ${pat}"  # warm-up only, as "off" serves it
fi
add_case plugin-on/bearer "${bearer}" "${bearer_pid}" "${bearer_on}"
add_case plugin-off/pat "${off}" "${off_pid}" "Authorization: Bearer ${pat}"
add_case plugin-on/pat "${bearer}" "${bearer_pid}" "Authorization: Bearer ${pat}"
for spec in "${alice_cases[@]}"; do
  read -r name rest <<< "${spec}"
  spec_of[${name}]="${rest}"
done
# The comparisons, each "subject baseline": the subject's windows alternate with its baseline's in ABBA blocks.
# Session pairs (target (c)) run WRK_ROUNDS blocks per path; the token pairs WRK_TOKEN_ROUNDS.
session_pairs=()
if [ "${WRK_SAME_DIRECTORY:-1}" = 1 ]; then
  session_pairs+=("plugin-on/oidc plugin-off/alice" "plugin-on/alice plugin-off/alice")
else
  session_pairs+=("plugin-on/oidc plugin-off/local")
fi
session_pairs+=("plugin-on/local plugin-off/local"
                # The control: the plugin installed and kill-switched does nothing per request, so its spread
                # around 1.00 is what this run can resolve.
                "plugin-killswitch/local plugin-off/local")
# The known answer: the burn host over the host without the plugin should read 1 + burn / (the baseline's CPU per request).
[ "${burn_micros}" != 0 ] && session_pairs+=("burn/local plugin-off/local")
# The A/A control: two hosts alike in everything.
[ "${twin}" = 1 ] && session_pairs+=("plugin-off2/local plugin-off/local")
token_pairs=("plugin-on/bearer plugin-on/oidc" "plugin-on/pat plugin-off/pat")
if [ -n "${baseline_jar}" ]; then
  cookie_base_oidc=$(logins oidc "${base}" alice alice)
  bearer_base=$(python3 scripts/bench-login.py bearer "${base}" bob bob)
  add_case baseline-on/oidc "${base}" "${baseline_pid}" "${cookie_base_oidc}"
  add_case baseline-on/bearer "${base}" "${baseline_pid}" "${bearer_base}"
  add_case baseline-on/pat "${base}" "${baseline_pid}" "Authorization: Bearer ${pat}"
  session_pairs+=("plugin-on/oidc baseline-on/oidc")
  token_pairs+=("plugin-on/bearer baseline-on/bearer" "plugin-on/pat baseline-on/pat")
fi

# Only the two hosts of the pair under wrk run (WRK_ISOLATE=1, the default): the others are stopped (SIGSTOP),
# so that their timers, JIT and GC threads take nothing from the pair's windows, and continued (SIGCONT) when a
# pair of theirs comes. Both hosts of a pair run through its block, so that each side's JIT and GC go on alike.
isolate=${WRK_ISOLATE:-1}
focused=
focus() { # pids: the hosts left running; status 1 when they changed (a host may have been stopped)
  [ "${focused}" = "$*" ] && return 0
  if [ "${isolate}" != 1 ]; then focused="$*"; return 1; fi
  local p
  for p in "${host_pids[@]}"; do
    if [[ " $* " == *" ${p} "* ]]; then kill -CONT "${p}" 2>/dev/null || true; else kill -STOP "${p}" 2>/dev/null || true; fi
  done
  focused="$*"
  return 1
}
unfocus() { local p; for p in "${host_pids[@]}"; do kill -CONT "${p}" 2>/dev/null || true; done; focused=; }
cleanup() { unfocus; for pid in "${pids[@]}"; do kill "${pid}" 2>/dev/null || true; done; }
trap cleanup EXIT

wrk_out=${work}/wrk.out
TIMEFORMAT='%U %S'
load_wrk() { # base header path seconds [output file]: wrk only (warm-up, pre-warm)
  local accept=text/html output=${5:-${wrk_out}}
  [ "$3" = /rest/whoami ] && accept=application/json
  if [[ "$2" == @* ]]; then
    ${wrk_pin} wrk -t2 -c"${connections}" -d"$4" -H "Accept: ${accept}" -s scripts/bench-wrk-sessions.lua "$1$3" -- "${2#@}" \
      > "${output}"
  else
    ${wrk_pin} wrk -t2 -c"${connections}" -d"$4" -H "$2" -H "Accept: ${accept}" "$1$3" > "${output}"
  fi
}
last_pid=
results=${work}/windows.txt
: > "${results}"
# One measured window: wrk with the host's CPU ticks, the machine's busy ticks and wrk's own CPU time around it.
# (The pre-warm is the block's: both hosts of a pair, once, when the pair's hosts were not the ones running.)
measure() { # kind pair round slot case path
  local base pid header
  read -r base pid header <<< "${spec_of[$5]}"
  local before busy_before start wrk_cpu after busy_after end
  before=$(cpu_ticks "${pid}"); busy_before=$(busy_ticks); start=$(date +%s.%N)
  wrk_cpu=$( { time load_wrk "${base}" "${header}" "$6" "${window}" ; } 2>&1 )
  end=$(date +%s.%N); after=$(cpu_ticks "${pid}"); busy_after=$(busy_ticks)
  local rps requests non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' "${wrk_out}")
  requests=$(awk '/requests in/ {print $1}' "${wrk_out}")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "${wrk_out}")
  echo "$1 $2 $3 $4 $5 $6 ${rps} ${requests} $((after - before)) ${non2xx:-0} $(echo ${wrk_cpu} | awk '{print $1 + $2}')" \
       "$((busy_after - busy_before)) $(awk -v a="${start}" -v b="${end}" 'BEGIN {printf "%.3f", b - a}')" >> "${results}"
}
# ABBA in odd rounds, BAAB in even ones: a linear drift of the machine's load cancels within each block, and
# each side is first as often as the other.
block() { # kind pair-index round path subject baseline
  local order=("$5" "$6" "$6" "$5")
  [ $(( $3 % 2 )) = 0 ] && order=("$6" "$5" "$5" "$6")
  local slot=0 name p1 p2 rest
  read -r _ p1 rest <<< "${spec_of[$5]}"
  read -r _ p2 rest <<< "${spec_of[$6]}"
  # A host that was stopped (or idle through other pairs) gets an unmeasured pre-warm on the block's path before
  # the block; within the block both hosts run, each idle for at most two windows, and no window is pre-warmed
  # (c-noise: a pre-warm before every host switch spent a third of the run outside the measured windows).
  if ! focus "${p1}" "${p2}" && [ "${prewarm}" != 0 ]; then
    local b h
    read -r b _ h <<< "${spec_of[$5]}"; load_wrk "${b}" "${h}" "$4" "${prewarm}"
    read -r b _ h <<< "${spec_of[$6]}"; load_wrk "${b}" "${h}" "$4" "${prewarm}"
  fi
  for name in "${order[@]}"; do
    slot=$((slot + 1))
    measure "$1" "$2" "$3" "${slot}" "${name}" "$4"
  done
}
# c-conc: both sides of a pair at once. The pair's two hosts share their core (BENCH_HOST_CPUS), two wrk processes (one
# per host, the same connections and duration) start together on wrk's core, and each host's CPU time over exactly the
# window is the sum of its threads' run time in /proc/<pid>/task/*/schedstat (nanoseconds), thread by thread: a thread
# present at both ends counts its gain, a new one its whole run time, one that ended within the window (Jetty retires
# idle pool threads) is left out rather than subtracted (the host's utime + stime ticks are kept beside it). Both sides then run in the same speed phase of the machine, with the same
# caches and interrupts, so the ratio of their CPU per request cancels what moves both. Throughput is a share of one
# core here: each side's requests per second depend on how the scheduler splits the core, so CPU per request is the
# figure and requests per second only a check.
task_snap() { grep -H . "/proc/$1/task/"*/schedstat 2>/dev/null | awk -F'[/: ]' '{print $5, $7}'; }
task_delta() { # before after (task_snap outputs): the run time the threads gained, in nanoseconds
  awk 'NR == FNR {b[$1] = $2; next} {d += $2 - (($1 in b) ? b[$1] : 0)} END {printf "%.0f", d}' <(echo "$1") <(echo "$2")
}
# The busy ticks of the hosts' cores (BENCH_HOST_CPUS: numbers and ranges, commas), or of the machine when unpinned.
host_core_list=
if [ -n "${host_cpus}" ]; then
  for part in ${host_cpus//,/ }; do
    if [[ "${part}" == *-* ]]; then host_core_list+=" $(seq -s ' ' "${part%-*}" "${part#*-}")"; else host_core_list+=" ${part}"; fi
  done
fi
host_core_count=$(wc -w <<< "${host_core_list}")
[ "${host_core_count}" -gt 0 ] || host_core_count=$(nproc)
core_busy_ticks() {
  if [ -z "${host_core_list}" ]; then busy_ticks; return; fi
  awk -v list="${host_core_list}" 'BEGIN {n = split(list, c, " "); for (i = 1; i <= n; i++) want["cpu" c[i]] = 1}
    ($1 in want) {s += $2 + $3 + $4 + $7 + $8 + $9} END {print s}' /proc/stat
}
conc_line() { # kind pair round slot case path role first output ticks ns | the window's line for one side
  local rps requests non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' "$9")
  requests=$(awk '/requests in/ {print $1}' "$9")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$9")
  echo "$1 $2 $3 $4 $5 $6 ${rps} ${requests} ${10} ${non2xx:-0} ${wrk_cpu_s} ${busy_d} ${elapsed_s} ${11} ${core_d} $8 $7"
}
measure_both() { # kind pair round slot subject baseline path first(subject|baseline)
  local bs ps hs bb pb hb
  read -r bs ps hs <<< "${spec_of[$5]}"
  read -r bb pb hb <<< "${spec_of[$6]}"
  if [ "${ps}" = "${pb}" ]; then echo "both sides at once needs two hosts: $5 and $6 share one" >&2; exit 1; fi
  local ns_s ns_b t_s t_b busy core start times out_s=${work}/wrk-subject.out out_b=${work}/wrk-baseline.out
  # Both hosts are idle between windows, so the order of these reads does not matter.
  ns_s=$(task_snap "${ps}"); ns_b=$(task_snap "${pb}"); t_s=$(cpu_ticks "${ps}"); t_b=$(cpu_ticks "${pb}")
  busy=$(busy_ticks); core=$(core_busy_ticks); start=$(date +%s.%N)
  # bash's time of a subshell: the user and system time of both wrk processes (its waited children).
  if [ "$8" = subject ]; then
    times=$( { time ( load_wrk "${bs}" "${hs}" "$7" "${window}" "${out_s}" & load_wrk "${bb}" "${hb}" "$7" "${window}" "${out_b}" & wait ) ; } 2>&1 )
  else
    times=$( { time ( load_wrk "${bb}" "${hb}" "$7" "${window}" "${out_b}" & load_wrk "${bs}" "${hs}" "$7" "${window}" "${out_s}" & wait ) ; } 2>&1 )
  fi
  local end ns_s2 ns_b2 t_s2 t_b2 busy2 core2
  end=$(date +%s.%N); ns_s2=$(task_snap "${ps}"); ns_b2=$(task_snap "${pb}"); t_s2=$(cpu_ticks "${ps}"); t_b2=$(cpu_ticks "${pb}")
  busy2=$(busy_ticks); core2=$(core_busy_ticks)
  wrk_cpu_s=$(echo ${times} | awk '{print $1 + $2}'); busy_d=$((busy2 - busy)); core_d=$((core2 - core))
  elapsed_s=$(awk -v a="${start}" -v b="${end}" 'BEGIN {printf "%.3f", b - a}')
  local first_s=0 first_b=1
  [ "$8" = subject ] && { first_s=1; first_b=0; }
  conc_line "$1" "$2" "$3" "$4" "$5" "$7" subject "${first_s}" "${out_s}" $((t_s2 - t_s)) "$(task_delta "${ns_s}" "${ns_s2}")" >> "${results}"
  conc_line "$1" "$2" "$3" "$4" "$6" "$7" baseline "${first_b}" "${out_b}" $((t_b2 - t_b)) "$(task_delta "${ns_b}" "${ns_b2}")" >> "${results}"
}
# A block of both sides at once: $WRK_CONC_WINDOWS windows (default 2), the wrk of the subject's host started first in
# odd windows of odd rounds (and even windows of even rounds), the baseline's in the others.
block_both() { # kind pair-index round path subject baseline
  local p1 p2 rest w first
  read -r _ p1 rest <<< "${spec_of[$5]}"
  read -r _ p2 rest <<< "${spec_of[$6]}"
  if ! focus "${p1}" "${p2}" && [ "${prewarm}" != 0 ]; then
    local b1 h1 b2 h2
    read -r b1 _ h1 <<< "${spec_of[$5]}"; read -r b2 _ h2 <<< "${spec_of[$6]}"
    # In a subshell: a bare wait in this shell would wait for the hosts too.
    ( load_wrk "${b1}" "${h1}" "$4" "${prewarm}" "${work}/wrk-subject.out" &
      load_wrk "${b2}" "${h2}" "$4" "${prewarm}" "${work}/wrk-baseline.out" & wait )
  fi
  for w in $(seq 1 "${conc_windows}"); do
    first=subject
    [ $(( (w + $3) % 2 )) = 1 ] && first=baseline
    measure_both "$1" "$2" "$3" "${w}" "$5" "$6" "$4" "${first}"
  done
}
run_pairs() { # kind rounds pair...
  local kind=$1 count=$2; shift 2
  local pairs=("$@") round path i n=${#pairs[@]}
  for round in $(seq 1 "${count}"); do
    echo "    ${kind} round ${round}/${count} (load $(cut -d' ' -f1 /proc/loadavg))"
    cut -d' ' -f1 /proc/loadavg >> "${work}/load-rounds.txt"
    for path in /rest/whoami /secure/dashboard; do
      # The pairs in a rotating order, so that none always follows the same one.
      for i in $(seq 0 $((n - 1))); do
        local pair=$(( (i + round - 1) % n ))
        read -r subject baseline <<< "${pairs[${pair}]}"
        if [ "${mode}" = concurrent ]; then
          block_both "${kind}" "${pair}" "${round}" "${path}" "${subject}" "${baseline}"
        else
          block "${kind}" "${pair}" "${round}" "${path}" "${subject}" "${baseline}"
        fi
      done
    done
  done
}

# What each case's host answers (status, bytes, Set-Cookie headers; the bodies are kept in the work folder):
# the pairs compare the plugin's cost only when both sides serve the same page to the same user.
: > "${work}/responses.txt"
: > "${work}/sessions.txt"
for name in "${!spec_of[@]}"; do
  read -r base pid header <<< "${spec_of[${name}]}"
  for path in /rest/whoami /secure/dashboard; do
    accept=text/html
    [ "${path}" = /rest/whoami ] && accept=application/json
    file="${work}/response-$(echo "${name}" | tr / -)-$(echo "${path}" | tr -d /)"
    curl -s -o "${file}.body" -D "${file}.headers" -H "$(one_header "${header}")" -H "Accept: ${accept}" "${base}${path}"
    echo "${name} ${path} $(head -n 1 "${file}.headers" | awk '{print $2}') $(wc -c < "${file}.body")" \
      "$(grep -ci '^set-cookie' "${file}.headers" || true)" >> "${work}/responses.txt"
  done
  # What the login left in the session (the host's probe: attribute names, value classes and serialised sizes).
  if [[ "${header}" == @* ]]; then
    while read -r cookie; do
      echo "${name} $(curl -s -H "Cookie: ${cookie}" "${base}/bench/session")" >> "${work}/sessions.txt"
    done < "${header#@}"
  fi
done
window=${WRK_WINDOW:-2s}
prewarm=${WRK_PREWARM:-1s}
token_rounds=${WRK_TOKEN_ROUNDS:-1}
# The first $WRK_BURN_IN session rounds (default 1) run like the others and are left out of the ratios: a host
# that served little so far (the kill-switched one has one case) can still be warming up in them.
if [ "${mode}" = concurrent ]; then burn_in=${WRK_BURN_IN:-2}; else burn_in=${WRK_BURN_IN:-1}; fi
# The warm-up, all hosts running: every case on both paths, then each host until it is warm, that is until
# its host CPU per request on /rest/whoami in two windows of 2 s running has settled (within 5%), at least
# $WRK_WARMUP_MIN and at most $WRK_WARMUP_MAX seconds (defaults 8 and 40). Under a heavy load from elsewhere a
# fixed 9-24 s left the kill-switched host (one case, so the least warmed) 2-3x dearer per request than the
# host without the plugin for minutes; on a quiet machine the hosts settle within the minimum.
warm_min=${WRK_WARMUP_MIN:-8}
warm_max=${WRK_WARMUP_MAX:-40}
declare -A first_case
for name in "${!spec_of[@]}"; do
  read -r base pid header <<< "${spec_of[${name}]}"
  load_wrk "${base}" "${header}" /rest/whoami 2s
  load_wrk "${base}" "${header}" /secure/dashboard 2s
  [ -n "${first_case[${pid}]:-}" ] || first_case[${pid}]=${name}
done
for pid in "${!first_case[@]}"; do
  read -r base _ header <<< "${spec_of[${first_case[${pid}]}]}"
  started=${SECONDS}; last=; settled=no
  while [ $((SECONDS - started)) -lt "${warm_max}" ]; do
    before=$(cpu_ticks "${pid}")
    load_wrk "${base}" "${header}" /rest/whoami 2s
    now=$(awk -v t=$(( $(cpu_ticks "${pid}") - before )) '/requests in/ {printf "%.1f", t * 1e6 / '"$(getconf CLK_TCK)"' / $1}' "${wrk_out}")
    load_wrk "${base}" "${header}" /secure/dashboard 1s
    if [ -n "${last}" ] && [ $((SECONDS - started)) -ge "${warm_min}" ] \
       && awk -v a="${last}" -v b="${now}" 'BEGIN {exit !(b <= a * 1.05 && b >= a * 0.95)}'; then
      settled=yes; break
    fi
    last=${now}
  done
  echo "    warm-up, the host of ${first_case[${pid}]}: ${now} us/request after $((SECONDS - started)) s (settled: ${settled})" \
    | tee -a "${work}/warmup.txt"
done
cut -d' ' -f1 /proc/loadavg > "${work}/load.txt"
: > "${work}/load-rounds.txt"
echo "==> ${mode} paired windows of ${window} (pre-warm ${prewarm}, isolate ${isolate}): ${#session_pairs[@]} session pairs x ${rounds}" \
     "rounds (after ${burn_in} left out), ${#token_pairs[@]} token pairs x ${token_rounds} rounds"
run_pairs session "$((rounds + burn_in))" "${session_pairs[@]}"
if [ "${token_rounds}" -gt 0 ]; then
  # The session pairs outlast the dev IdP's 10-minute access tokens.
  unfocus
  add_case plugin-on/bearer "${bearer}" "${bearer_pid}" "$(python3 scripts/bench-login.py bearer "${bearer}" bob bob)"
  if [ -n "${baseline_jar}" ]; then
    add_case baseline-on/bearer "${base}" "${baseline_pid}" "$(python3 scripts/bench-login.py bearer "${base}" bob bob)"
  fi
  run_pairs token "${token_rounds}" "${token_pairs[@]}"
fi
unfocus
cut -d' ' -f1 /proc/loadavg >> "${work}/load.txt"
# What the burn host's filter spent per request, by its own clock (the knob plus the clock reads around it).
burn_spent_us=0
if [ "${burn_micros}" != 0 ]; then
  curl -s "${burn}/bench/burn" > "${work}/burn.json" || true
  burn_spent_us=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cpuNanosPerRequest"] / 1e3)' \
                  "${work}/burn.json" 2>/dev/null || echo 0)
fi
python3 scripts/bench-wrk-pairs.py "${results}" "${work}/load.txt" "${work}/load-rounds.txt" "${work}/responses.txt" "$(getconf CLK_TCK)" \
  "$("${java}" -version 2>&1 | head -n 1)" "${connections}" "${window}" "${prewarm}" "${isolate}" \
  "${host_cpus}" "${wrk_cpus}" "$(nproc)" "${burn_in}" "${mode}" "${burn_micros}" "${host_core_count}" "${conc_windows}" "${burn_spent_us}" \
  > "${out}/wrk.json"
echo "wrote ${out}/wrk.json"
