#!/usr/bin/env bash
# What the plugin's filters cost a session request, in CPU figures that hold on a loaded machine
# (docs/benchmarks.md, "Per-filter samples and host CPU per request"). Never part of the test
# command; asserts nothing.
#
#   scripts/bench-jfr-session.sh [OUT_DIR]     # default target/bench; writes OUT_DIR/jfr-session.json
#
# Reference hosts started the same way (-Xms512m -Xmx512m): "off" without the plugin, "on" with
# the plugin and the dev IdP configuration, "killed" with the plugin switched off by its kill switch.
# Cases: plugin off + local session, plugin on + local session, plugin off and plugin on + alice's form
# login (the SSO user's groups and attributes without an SSO login), plugin on + SSO session (alice through
# the dev IdP), kill-switched + local session, and plugin on + bearer token (for the host's XSRF cookie;
# on a fourth host "bearer", so that the "on" host serves session requests only, like "off").
# After a warm-up ($JFR_WARMUP per case and path, default 10s), $JFR_ROUNDS rounds (default 5); in
# each, every case and path (/rest/whoami, /secure/dashboard) in turn: JFR on (execution samples only,
# every $JFR_PERIOD), wrk -t2 -c8 -d$JFR_DURATION, JFR off; the host's CPU time around wrk from
# /proc/<pid>/stat, and per thread group from /proc/<pid>/task (request threads, GC, JIT, JFR, other).
# scripts/bench-jfr-session.py counts, per case, the Java samples per 1,000 requests spent in each
# plugin filter's own work (the samples whose innermost plugin filter frame did not hand over to the
# chain) and prints medians over the rounds with ratios; `bench-jfr-session.py --diff` compares two cases
# frame by frame. Every host gets the same user directory, alice with a local password
# (scripts/bench-directory.py; JFR_SAME_DIRECTORY=0 keeps each host's own).
# BENCH_HOST_CPUS / BENCH_WRK_CPUS (taskset lists, e.g. 0 and 1) pin the hosts and wrk to separate cores.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/bench}
rounds=${JFR_ROUNDS:-5}
duration=${JFR_DURATION:-8s}
period=${JFR_PERIOD:-5 ms}
java=${BENCH_JAVA:-java}
work=${out}/jfr-session-work
mkdir -p "${out}"; rm -rf "${work}"; mkdir -p "${work}"
host_jar=examples/reference-host/target/reference-host.jar
plugin_jar=$(realpath "${JFR_PLUGIN_JAR:-java-shim/plugin/target/oidc-sso-plugin-0.1.0-SNAPSHOT.jar}")
[ -f "${host_jar}" ] && [ -f "${plugin_jar}" ] || {
  echo "build first: mvn -B -ntp -q package -DskipTests -pl rust,java-shim/host-api,java-shim/plugin,examples/reference-host -am" >&2
  exit 1
}
host_pin=${BENCH_HOST_CPUS:+taskset -c ${BENCH_HOST_CPUS}}
wrk_pin=${BENCH_WRK_CPUS:+taskset -c ${BENCH_WRK_CPUS}}
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
# Execution samples only: the profile settings' allocation and lock events would cost the hosts more than
# what is measured here.
cat > "${work}/samples.jfc" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="execution samples">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">${period}</setting></event>
</configuration>
EOF

free_port() { python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' "$1"; }
idp_port=$(free_port 127.0.0.2); on_port=$(free_port 127.0.0.1); off_port=$(free_port 127.0.0.1)
killed_port=$(free_port 127.0.0.1); bearer_port=$(free_port 127.0.0.1)
on=http://127.0.0.1:${on_port}; off=http://127.0.0.1:${off_port}; killed=http://127.0.0.1:${killed_port}
bearer=http://127.0.0.1:${bearer_port}
pids=(); cleanup() { for p in "${pids[@]}"; do kill "${p}" 2>/dev/null || true; done; }; trap cleanup EXIT
await_line() { for _ in $(seq 1 120); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done; cat "$1"; return 1; }

(cd examples/dev-idp && exec node server.js --host 127.0.0.2 --port "${idp_port}" --rp-base-url "${on}" --rp-base-url "${bearer}" --quiet) \
  > "${work}/dev-idp.log" 2>&1 &
pids+=($!); await_line "${work}/dev-idp.log" "dev-idp ready "
for name in on bearer; do
  eval "base=\${${name}}"
  sed -e "s#http://127.0.0.2:9400#http://127.0.0.2:${idp_port}#g" -e "s#http://127.0.0.1:8080#${base}#g" \
    examples/configs/dev-idp.json > "${work}/config-${name}.json"
done
start_host() { # name, port, JVM property, extra args...
  local name=$1 port=$2 property=$3; shift 3
  ${host_pin} "${java}" -Xms512m -Xmx512m -XX:FlightRecorderOptions:stackdepth=512 "${property}" -jar "${host_jar}" \
    --bind 127.0.0.1 --port "${port}" --base-url "http://127.0.0.1:${port}" --home "${work}/home-${name}" \
    --node-id "${name}" "$@" > "${work}/host-${name}.log" 2>&1 &
  pids+=($!); eval "${name}_pid=$!"
  await_line "${work}/host-${name}.log" "reference-host ready: "
}
start_host on "${on_port}" -Dbench.case=on --plugin "${plugin_jar}" --config "${work}/config-on.json"
start_host off "${off_port}" -Dbench.case=off
start_host killed "${killed_port}" -Doidcsso.disabled=true --plugin "${plugin_jar}" --config "${work}/config-on.json"
# Bearer requests on a host of their own: served by the same JVM between the session cases, their code
# paths (the SAL login, the host's JSON) would change how the JIT compiled the host's code for sessions.
start_host bearer "${bearer_port}" -Dbench.case=bearer --plugin "${plugin_jar}" --config "${work}/config-bearer.json"

# Alice (SSO, through the dev IdP) first: her login provisions her on "on" with the groups and attributes
# the dev IdP sends, which the local user "local" does not have.
sso_on=$(python3 scripts/bench-login.py oidc "${on}" alice alice)
# The dev IdP's access tokens live 10 minutes, shorter than a run of 5 rounds: the bearer case gets a new token
# whenever its token is older than $JFR_TOKEN_MAX_AGE seconds (default 300; fresh_bearer, outside every measured window). A window whose
# responses were not all 2xx makes bench-jfr-session.py fail: it would measure refusals, not the plugin.
bearer_token=$(python3 scripts/bench-login.py bearer "${bearer}" bob bob); bearer_at=$(date +%s)
fresh_bearer() {
  if [ $(( $(date +%s) - bearer_at )) -ge "${JFR_TOKEN_MAX_AGE:-300}" ]; then
    bearer_token=$(python3 scripts/bench-login.py bearer "${bearer}" bob bob); bearer_at=$(date +%s)
  fi
}
# The reference host keeps its directory in one JSON file (its parse cached per file); the SSO login above
# provisioned alice on "on" only. Every host gets the same file, with a local password for alice, so that
# the hosts differ by the plugin alone and the same user can be served by each: "plugin-off/alice" and
# "plugin-on/alice" (her form login) hold her groups, attributes and session equal to the SSO case apart
# from what the plugin adds to an SSO session (docs/benchmarks.md, "Target (c) with the same user").
# JFR_SAME_DIRECTORY=0 keeps each host's own (and drops the alice form-login cases).
alice_cases=()
if [ "${JFR_SAME_DIRECTORY:-1}" = 1 ]; then
  python3 scripts/bench-directory.py "${work}/home-on" alice alice "${work}/home-off" "${work}/home-killed"
  wc -c "${work}"/home-*/crowd/directory.json
  alice_cases=("plugin-off/alice ${off} ${off_pid} $(python3 scripts/bench-login.py local "${off}" alice alice)"
               "plugin-on/alice ${on} ${on_pid} $(python3 scripts/bench-login.py local "${on}" alice alice)")
fi
cases=("plugin-off/local ${off} ${off_pid} $(python3 scripts/bench-login.py local "${off}" local local)"
       "plugin-on/local ${on} ${on_pid} $(python3 scripts/bench-login.py local "${on}" local local)"
       "${alice_cases[@]}"
       "plugin-on/oidc ${on} ${on_pid} ${sso_on}"
       "plugin-killswitch/local ${killed} ${killed_pid} $(python3 scripts/bench-login.py local "${killed}" local local)"
       "plugin-on/bearer ${bearer} ${bearer_pid} ${bearer_token}")

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
accept_for() { [ "$1" = /rest/whoami ] && echo application/json || echo text/html; }
echo "==> warm-up"
for spec in "${cases[@]}"; do
  read -r name base pid header <<< "${spec}"
  if [ "${name}" = plugin-on/bearer ]; then fresh_bearer; header=${bearer_token}; fi
  for path in /rest/whoami /secure/dashboard; do
    ${wrk_pin} wrk -t2 -c8 -d"${JFR_WARMUP:-10s}" -H "${header}" -H "Accept: $(accept_for ${path})" "${base}${path}" > /dev/null
  done
done
# The first recording of a JVM starts the recorder itself: not inside a measured run.
for pid in "${on_pid}" "${off_pid}" "${killed_pid}" "${bearer_pid}"; do
  jcmd "${pid}" JFR.start name=w settings="$(realpath "${work}/samples.jfc")" > /dev/null
  sleep 1
  jcmd "${pid}" JFR.stop name=w > /dev/null
done
cut -d' ' -f1-3 /proc/loadavg > "${work}/load.txt"
: > "${work}/runs.txt"
echo "==> ${rounds} rounds of ${duration} per case and path"
for round in $(seq 1 "${rounds}"); do
  for path in /rest/whoami /secure/dashboard; do
    for spec in "${cases[@]}"; do
      read -r name base pid header <<< "${spec}"
      if [ "${name}" = plugin-on/bearer ]; then fresh_bearer; header=${bearer_token}; fi
      tag="$(echo "${name}" | tr / -)-$(echo "${path}" | tr -d / )-${round}"
      jcmd "${pid}" JFR.start name=s settings="$(realpath "${work}/samples.jfc")" filename="$(realpath "${work}")/${tag}.jfr" > /dev/null
      threads_before=$(python3 scripts/bench-jfr-session.py --threads "${pid}")
      before=$(cpu_ticks "${pid}")
      ${wrk_pin} wrk -t2 -c8 -d"${duration}" -H "${header}" -H "Accept: $(accept_for ${path})" "${base}${path}" > "${work}/${tag}.wrk"
      after=$(cpu_ticks "${pid}")
      threads_after=$(python3 scripts/bench-jfr-session.py --threads "${pid}")
      jcmd "${pid}" JFR.stop name=s > /dev/null
      requests=$(awk '/requests in/ {print $1}' "${work}/${tag}.wrk")
      non2xx=$(awk '/Non-2xx/ {print $NF}' "${work}/${tag}.wrk")
      jfr print --stack-depth 400 --events jdk.ExecutionSample "${work}/${tag}.jfr" > "${work}/${tag}.txt"
      rm -f "${work}/${tag}.jfr"
      echo "${name} ${path} ${round} ${requests} $((after - before)) ${non2xx:-0} ${tag}.txt ${threads_before} ${threads_after}" \
        | tee -a "${work}/runs.txt"
    done
  done
done
cut -d' ' -f1-3 /proc/loadavg >> "${work}/load.txt"
echo "Set-Cookie on a bearer request (host with the plugin, bearer host):"
fresh_bearer
curl -s -o /dev/null -D - -H "${bearer_token}" -H "Accept: application/json" "${bearer}/rest/whoami" | grep -i "set-cookie" || echo "  none"
python3 scripts/bench-jfr-session.py "${work}" "$(getconf CLK_TCK)" "${period}" "$("${java}" -version 2>&1 | head -n 1)" \
  > "${out}/jfr-session.json"
echo "wrote ${out}/jfr-session.json"
