#!/usr/bin/env bash
# Builds everything, starts the dev IdP (127.0.0.2:9400) and the reference host with the
# plugin (127.0.0.1:8080), prints the URL and the demo users. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}
HOST_PORT=${HOST_PORT:-8080}
IDP_PORT=${IDP_PORT:-9400}
HOME_DIR=${DEMO_HOME:-$PWD/.work/demo-home}

phase bootstrap scripts/bootstrap.sh
phase build mvn -B -ntp -q package -DskipTests -pl rust,java-shim/host-api,java-shim/plugin,examples/reference-host -am

mkdir -p "$HOME_DIR" .work
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

node examples/dev-idp/server.js --host 127.0.0.2 --port "$IDP_PORT" \
  --rp-base-url "http://127.0.0.1:$HOST_PORT" > .work/dev-idp.log 2>&1 &
pids+=($!)
sed "s#http://127.0.0.2:9400#http://127.0.0.2:$IDP_PORT#" examples/configs/dev-idp.json > .work/demo-config.json
java -jar examples/reference-host/target/reference-host.jar --port "$HOST_PORT" --bind 127.0.0.1 \
  --base-url "http://127.0.0.1:$HOST_PORT" --home "$HOME_DIR" \
  --plugin java-shim/plugin/target/oidc-sso-plugin-0.1.0-SNAPSHOT.jar \
  --config .work/demo-config.json > .work/reference-host.log 2>&1 &
pids+=($!)

for _ in $(seq 1 60); do
  grep -q "reference-host ready: " .work/reference-host.log 2>/dev/null && grep -q "dev-idp ready " .work/dev-idp.log 2>/dev/null && break
  sleep 1
done
grep -q "reference-host ready: " .work/reference-host.log || { echo "reference host did not start:"; cat .work/reference-host.log; exit 1; }
cat <<MSG

  oidc-sso demo is running.

  Open  http://127.0.0.1:$HOST_PORT/secure/dashboard   (you are sent to the dev IdP)
  Dev IdP http://127.0.0.2:$IDP_PORT  users: alice/alice (jira-users, engineering), bob/bob, carol/carol
  Local accounts (emergency path http://127.0.0.1:$HOST_PORT/login?oidcsso_local=true):
        admin/admin (administrator), local/local
  Who am I: http://127.0.0.1:$HOST_PORT/rest/whoami
  Logs: .work/dev-idp.log, .work/reference-host.log        Ctrl-C to stop.

MSG
wait
