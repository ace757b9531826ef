#!/usr/bin/env bash
# wrk on the reference host (docs/benchmarks.md, "Authenticated requests"): the cost the plugin
# adds to every authenticated request. Never part of the test command; asserts nothing.
#
#   scripts/bench-wrk.sh [OUT_DIR]      # default target/bench; writes OUT_DIR/wrk.json
#
# Starts the dev IdP and four reference hosts (same JVM, same flags): "on" with the plugin and the
# dev IdP configuration, "off" without the plugin, "killed" with the plugin switched off by its kill
# switch (the host's dispatch into the plugin's filters alone), "bearer" like "on" for the token
# cases. Logs in an SSO session (alice, through the dev IdP) and a local session (local/local) on "on",
# and a local session on "off" and "killed", then runs
#   wrk -t2 -c$WRK_CONNECTIONS -d$WRK_DURATION  GET /rest/whoami  (and /secure/dashboard)
# with each session's cookie, the four cases interleaved, $WRK_ROUNDS rounds, after a warm-up.
# Host CPU per request comes from /proc/<pid>/stat (utime + stime) around each run. wrk is the
# Debian package (installed here when missing). Two more cases send a personal access token of the
# host (`Authorization: Bearer <opaque>`, on "off" and "bearer"); the JWT bearer case runs on "bearer".
# WRK_BASELINE_JAR=<another plugin jar> starts a fifth host "baseline" with that jar and the same
# configuration and adds its SSO-session, bearer and personal-access-token cases to the same rounds
# (before/after a change in one run).
# Alice is also logged in with the host's form on "off" and "on" ("plugin-off/alice", "plugin-on/alice"):
# the SSO case's user, groups and attributes without an SSO login. BENCH_HOST_CPUS / BENCH_WRK_CPUS
# (taskset lists, e.g. 0 and 1) pin the hosts and wrk to separate cores.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
out=${1:-target/bench}
duration=${WRK_DURATION:-10s}
rounds=${WRK_ROUNDS:-3}
connections=${WRK_CONNECTIONS:-8}
java=${BENCH_JAVA:-java}
work=${out}/wrk-work
host_pin=${BENCH_HOST_CPUS:+taskset -c ${BENCH_HOST_CPUS}}
wrk_pin=${BENCH_WRK_CPUS:+taskset -c ${BENCH_WRK_CPUS}}
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
bearer_port=$(free_port 127.0.0.1)
on=http://127.0.0.1:${on_port}
bearer=http://127.0.0.1:${bearer_port}
off=http://127.0.0.1:${off_port}
killed=http://127.0.0.1:${killed_port}
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
  ${host_pin} "${java}" -Xms512m -Xmx512m "${property}" -jar "${host_jar}" --bind 127.0.0.1 --port "${port}" \
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
for name in on off bearer baseline; do
  if [ -d "${work}/home-${name}" ]; then echo "${pat}=local" > "${work}/home-${name}/personal-access-tokens.properties"; fi
done

cookie_on_oidc=$(python3 scripts/bench-login.py oidc "${on}" alice alice)
# A JWT access token of the dev IdP (10 minutes, longer than the whole run) for bob's linked account.
bearer_on=$(python3 scripts/bench-login.py bearer "${bearer}" bob bob)

# The reference host keeps its users in one JSON file (its parse cached per file); the SSO login above
# provisioned alice on "on" only. "off" and "killed" get the same file, with a local password for alice,
# so that the hosts differ by the plugin alone and the same user can be served by each: "plugin-off/alice"
# and "plugin-on/alice" (her form login) hold her groups, attributes and session equal to the SSO case
# apart from what the plugin adds to an SSO session (docs/benchmarks.md, "Target (c) with the same user").
# WRK_SAME_DIRECTORY=0 keeps each host's own (and drops the alice form-login cases).
alice_cases=()
if [ "${WRK_SAME_DIRECTORY:-1}" = 1 ]; then
  python3 scripts/bench-directory.py "${work}/home-on" alice alice "${work}/home-off" "${work}/home-killed"
  alice_cases=("plugin-off/alice ${off} ${off_pid} $(python3 scripts/bench-login.py local "${off}" alice alice)"
               "plugin-on/alice ${on} ${on_pid} $(python3 scripts/bench-login.py local "${on}" alice alice)")
fi
cookie_on_local=$(python3 scripts/bench-login.py local "${on}" local local)
cookie_off_local=$(python3 scripts/bench-login.py local "${off}" local local)
cookie_killed_local=$(python3 scripts/bench-login.py local "${killed}" local local)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
results=${work}/runs.txt
: > "${results}"
run() { # case, base, pid, header (Cookie: or Authorization:), path, seconds-spec, record?
  local before after
  before=$(cpu_ticks "$3")
  local accept=text/html
  [ "$5" = /rest/whoami ] && accept=application/json
  ${wrk_pin} wrk -t2 -c"${connections}" -d"$6" -H "$4" -H "Accept: ${accept}" "$2$5" > "${work}/wrk.out"
  after=$(cpu_ticks "$3")
  if [ "$7" = record ]; then
    local rps requests non2xx
    rps=$(awk '/^Requests\/sec/ {print $2}' "${work}/wrk.out")
    requests=$(awk '/requests in/ {print $1}' "${work}/wrk.out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "${work}/wrk.out")
    echo "$1 $5 ${rps} ${requests} $((after - before)) ${non2xx:-0}" | tee -a "${results}"
  fi
}
cases=("plugin-off/local ${off} ${off_pid} ${cookie_off_local}"
       "${alice_cases[@]}"
       "plugin-on/oidc ${on} ${on_pid} ${cookie_on_oidc}"
       "plugin-on/local ${on} ${on_pid} ${cookie_on_local}"
       "plugin-killswitch/local ${killed} ${killed_pid} ${cookie_killed_local}"
       "plugin-on/bearer ${bearer} ${bearer_pid} ${bearer_on}"
       "plugin-off/pat ${off} ${off_pid} Authorization: Bearer ${pat}"
       "plugin-on/pat ${bearer} ${bearer_pid} Authorization: Bearer ${pat}")
if [ -n "${baseline_jar}" ]; then
  cookie_base_oidc=$(python3 scripts/bench-login.py oidc "${base}" alice alice)
  bearer_base=$(python3 scripts/bench-login.py bearer "${base}" bob bob)
  cases+=("baseline-on/oidc ${base} ${baseline_pid} ${cookie_base_oidc}"
          "baseline-on/bearer ${base} ${baseline_pid} ${bearer_base}"
          "baseline-on/pat ${base} ${baseline_pid} Authorization: Bearer ${pat}")
fi
echo "==> warm-up"
for spec in "${cases[@]}"; do
  read -r name base pid header <<< "${spec}"
  run "${name}" "${base}" "${pid}" "${header}" /rest/whoami 8s warm
  run "${name}" "${base}" "${pid}" "${header}" /secure/dashboard 4s warm
done
cut -d' ' -f1 /proc/loadavg > "${work}/load.txt"
echo "==> ${rounds} rounds of ${duration} per case and path (case path requests/s requests cpu-ticks non-2xx)"
for round in $(seq 1 "${rounds}"); do
  for path in /rest/whoami /secure/dashboard; do
    for spec in "${cases[@]}"; do
      read -r name base pid header <<< "${spec}"
      run "${name}" "${base}" "${pid}" "${header}" "${path}" "${duration}" record
    done
  done
done
cut -d' ' -f1 /proc/loadavg >> "${work}/load.txt"
python3 - "${results}" "${work}/load.txt" "$(getconf CLK_TCK)" "$("${java}" -version 2>&1 | head -n 1)" \
  "${connections}" "${duration}" > "${out}/wrk.json" <<'PY'
import json, statistics, sys
runs, load, tck, java, connections, duration = sys.argv[1:]
rows = {}
for line in open(runs):
    name, path, rps, requests, ticks, non2xx = line.split()
    rows.setdefault(path, {}).setdefault(name, []).append(
        {"rps": float(rps), "requests": int(requests), "cpu_us_per_request": int(ticks) * 1e6 / int(tck) / int(requests),
         "non2xx": int(non2xx)})
print(json.dumps({"java": java, "connections": int(connections), "duration": duration,
                  "load_average_before_after": open(load).read().split(), "runs": rows,
                  "median_rps": {p: {n: statistics.median(r["rps"] for r in v) for n, v in c.items()} for p, c in rows.items()},
                  "median_cpu_us": {p: {n: statistics.median(r["cpu_us_per_request"] for r in v) for n, v in c.items()}
                                    for p, c in rows.items()}}, indent=2))
PY
echo "wrote ${out}/wrk.json"
