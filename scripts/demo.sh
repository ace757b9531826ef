#!/usr/bin/env bash
# The demo: builds everything, starts the dev IdP (127.0.0.2:9400) and the reference host with the
# plugin (127.0.0.1:8080), prints what to open. Ctrl-C stops both.
#
#   scripts/demo.sh [CONFIG]        start with CONFIG (default examples/configs/dev-idp.json)
#   scripts/demo.sh config CONFIG   while a demo runs: restart its host with CONFIG, same home (users,
#                                   groups and the stored configuration stay); an invalid CONFIG is
#                                   reported and the demo goes on with the one it had
#
# `make demo CONFIG=...` and `make demo-config CONFIG=...` call these. In a configuration,
# http://127.0.0.2:9400 and http://127.0.0.1:8080 are replaced by the demo's addresses
# (IDP_PORT, HOST_PORT).
set -euo pipefail
CALLER_DIR=$PWD
cd "$(dirname "$0")/.."
. scripts/lib.sh
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}
HOST_PORT=${HOST_PORT:-8080}
IDP_PORT=${IDP_PORT:-9400}
HOME_DIR=${DEMO_HOME:-$PWD/.work/demo-home}
PID_FILE=.work/demo.pid
CURRENT=.work/demo-config.json
NEXT=.work/demo-config.next.json
REQUEST=.work/demo-switch.request
RESULT=.work/demo-switch.result
HOST_LOG=.work/reference-host.log
DEFAULT_CONFIG=examples/configs/dev-idp.json

die() { echo "demo: $*" >&2; exit 2; }

# A path as the caller meant it (relative to where the command was typed).
from_caller() { [[ $1 == /* ]] && echo "$1" || echo "$CALLER_DIR/$1"; }

# A configuration with the demo's addresses, or a clear error for a file that cannot be read.
prepare_config() {
  local file=$1 out=$2
  [[ -f $file && -r $file ]] || { echo "demo: cannot read the configuration file \`$file\`" >&2; return 2; }
  sed -e "s#http://127.0.0.2:9400#http://127.0.0.2:$IDP_PORT#g" \
      -e "s#http://127.0.0.1:8080#http://127.0.0.1:$HOST_PORT#g" "$file" > "$out"
}

# `scripts/demo.sh config FILE`: asks the running demo to switch, waits for its answer.
switch_running_demo() {
  local file=${1:-}
  [[ -n $file ]] || die "usage: scripts/demo.sh config <configuration file>"
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null || true)
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || die "no demo is running (start one with: make demo)"
  local path
  path=$(from_caller "$file")
  [[ -f $path && -r $path ]] || die "cannot read the configuration file \`$file\`"
  # The running demo rewrites the addresses with its own ports.
  printf '%s\n%s\n' "$path" "$file" > "$REQUEST"
  rm -f "$RESULT"
  kill -HUP "$pid"
  echo "demo: restarting the reference host with $file ..."
  for _ in $(seq 1 120); do
    if [[ -f $RESULT ]]; then
      cat "$RESULT"
      grep -q '^switched' "$RESULT"
      return
    fi
    sleep 1
  done
  die "the demo did not answer within 120 s; see $HOST_LOG"
}

if [[ ${1:-} == config ]]; then
  shift
  switch_running_demo "$@"
  exit
fi
[[ $# -le 1 ]] || die "usage: scripts/demo.sh [CONFIG] | scripts/demo.sh config CONFIG"
CONFIG=${1:-${CONFIG:-$DEFAULT_CONFIG}}
[[ -n $CONFIG ]] || CONFIG=$DEFAULT_CONFIG
mkdir -p "$HOME_DIR" .work
prepare_config "$(from_caller "$CONFIG")" "$CURRENT" || exit 2
CURRENT_NAME=$CONFIG

phase bootstrap scripts/bootstrap.sh
phase build mvn -B -ntp -q package -DskipTests -pl rust,java-shim/host-api,java-shim/plugin,examples/reference-host -am

idp_pid=
host_pid=
cleanup() {
  [[ -n $host_pid ]] && kill "$host_pid" 2>/dev/null || true
  [[ -n $idp_pid ]] && kill "$idp_pid" 2>/dev/null || true
  rm -f "$PID_FILE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts the host with configuration $1 (the same home every time); false when it does not come up
# (an invalid configuration stops it with the list of problems, which the log then holds).
start_host() {
  [[ -f $HOST_LOG ]] && mv "$HOST_LOG" "$HOST_LOG.previous"
  java -jar examples/reference-host/target/reference-host.jar --port "$HOST_PORT" --bind 127.0.0.1 \
    --base-url "http://127.0.0.1:$HOST_PORT" --home "$HOME_DIR" \
    --plugin java-shim/plugin/target/oidc-sso-plugin-0.1.0-SNAPSHOT.jar \
    --config "$1" > "$HOST_LOG" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 90); do
    grep -q "reference-host ready: " "$HOST_LOG" 2>/dev/null && return 0
    if ! kill -0 "$host_pid" 2>/dev/null; then
      wait "$host_pid" 2>/dev/null || true
      host_pid=
      return 1
    fi
    sleep 1
  done
  return 1
}

stop_host() {
  [[ -n $host_pid ]] || return 0
  kill "$host_pid" 2>/dev/null || true
  wait "$host_pid" 2>/dev/null || true
  host_pid=
}

# Why the host did not start: what it wrote after the plugin failed (the configuration's problems).
failure_reason() {
  if grep -q "failed to start with --config" "$HOST_LOG"; then
    sed -n '/failed to start with --config/,$p' "$HOST_LOG"
  else
    tail -n 20 "$HOST_LOG"
  fi
}

ready_message() {
  cat <<MSG

  oidc-sso demo is running, with $CURRENT_NAME.

  Open  http://127.0.0.1:$HOST_PORT/secure/dashboard   (you are sent to the dev IdP)
  Dev IdP http://127.0.0.2:$IDP_PORT  users: alice/alice (jira-users, engineering), bob/bob, carol/carol
  Local accounts (emergency path http://127.0.0.1:$HOST_PORT/login?oidcsso_local=true):
        admin/admin (administrator), local/local
  The chooser: http://127.0.0.1:$HOST_PORT/login?oidcsso_chooser=true
  Who am I: http://127.0.0.1:$HOST_PORT/rest/whoami
  Try another configuration:  make demo-config CONFIG=examples/configs/<file>.json
  Logs: .work/dev-idp.log, $HOST_LOG (audit lines: io.oidcsso.audit)        Ctrl-C to stop.

MSG
}

node examples/dev-idp/server.js --host 127.0.0.2 --port "$IDP_PORT" \
  --rp-base-url "http://127.0.0.1:$HOST_PORT" > .work/dev-idp.log 2>&1 &
idp_pid=$!
for _ in $(seq 1 30); do
  grep -q "dev-idp ready " .work/dev-idp.log 2>/dev/null && break
  sleep 1
done
grep -q "dev-idp ready " .work/dev-idp.log || { echo "the dev IdP did not start:"; cat .work/dev-idp.log; exit 1; }
if ! start_host "$CURRENT"; then
  echo "the reference host did not start with $CURRENT_NAME:"
  failure_reason
  exit 1
fi
echo $$ > "$PID_FILE"
switch_requested=
trap 'switch_requested=1' HUP
ready_message

while true; do
  status=0
  # `wait` returns early when SIGHUP (a switch) arrives; one may have come while the host started.
  [[ -n $switch_requested ]] || wait "$host_pid" || status=$?
  if [[ -n $switch_requested ]]; then
    switch_requested=
    path=$(sed -n 1p "$REQUEST" 2>/dev/null || true)
    name=$(sed -n 2p "$REQUEST" 2>/dev/null || true)
    echo "demo: switching to $name"
    if ! prepare_config "$path" "$NEXT" 2>"$RESULT.tmp"; then
      mv "$RESULT.tmp" "$RESULT"
      continue
    fi
    stop_host
    if start_host "$NEXT"; then
      mv "$NEXT" "$CURRENT"
      CURRENT_NAME=$name
      echo "switched: the reference host runs with $name" | tee "$RESULT.tmp"
      mv "$RESULT.tmp" "$RESULT"
      ready_message
    else
      { echo "not switched: the reference host refused $name:"; failure_reason
        echo "(the demo goes on with $CURRENT_NAME)"; } | tee "$RESULT.tmp"
      start_host "$CURRENT" || { echo "the reference host did not come back:"; failure_reason; exit 1; }
      mv "$RESULT.tmp" "$RESULT"
    fi
    continue
  fi
  echo "the reference host stopped (exit $status):"
  tail -n 20 "$HOST_LOG"
  exit 1
done
