#!/usr/bin/env bash
# A profile, not a benchmark (docs/benchmarks.md, "After the account cache and the token
# short-circuit"): bearer-token requests on two reference hosts side by side, this plugin jar and a
# baseline jar, JFR around wrk, Java execution samples per 1,000 requests by the frames they pass.
# Never part of the test command; asserts nothing.
#
#   scripts/bench-jfr-bearer.sh BASELINE_JAR [THIS_JAR]   # work files in target/bench/jfr-work
set -euo pipefail
cd "$(dirname "$0")/.."
baseline_jar=$(realpath "${1:?usage: scripts/bench-jfr-bearer.sh BASELINE_JAR [THIS_JAR]}")
after_jar=$(realpath "${2:-java-shim/plugin/target/oidc-sso-plugin-0.1.0-SNAPSHOT.jar}")
work=target/bench/jfr-work; rm -rf $work; mkdir -p $work
host_jar=examples/reference-host/target/reference-host.jar
free_port() { python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' "$1"; }
idp_port=$(free_port 127.0.0.2); a_port=$(free_port 127.0.0.1); b_port=$(free_port 127.0.0.1)
a=http://127.0.0.1:$a_port; b=http://127.0.0.1:$b_port
pids=(); cleanup() { for p in "${pids[@]}"; do kill $p 2>/dev/null || true; done; }; trap cleanup EXIT
await_line() { for _ in $(seq 1 120); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done; cat "$1"; return 1; }
(cd examples/dev-idp && exec node server.js --host 127.0.0.2 --port $idp_port --rp-base-url $a --rp-base-url $b --quiet) > $work/idp.log 2>&1 &
pids+=($!); await_line $work/idp.log "dev-idp ready "
for n in after baseline; do
  port=$a_port; url=$a; [ $n = baseline ] && { port=$b_port; url=$b; }
  sed -e "s#http://127.0.0.2:9400#http://127.0.0.2:${idp_port}#g" -e "s#http://127.0.0.1:8080#${url}#g" examples/configs/dev-idp.json > $work/config-$n.json
  java -Xms512m -Xmx512m -XX:FlightRecorderOptions:stackdepth=512 -jar $host_jar --bind 127.0.0.1 --port $port --base-url $url \
    --home $work/home-$n --node-id $n --plugin "$( [ $n = after ] && echo "$after_jar" || echo "$baseline_jar" )" --config $work/config-$n.json > $work/host-$n.log 2>&1 &
  pids+=($!); eval "pid_$n=$!"; await_line $work/host-$n.log "reference-host ready: "
done
hdr_after=$(python3 scripts/bench-login.py bearer $a bob bob)
hdr_baseline=$(python3 scripts/bench-login.py bearer $b bob bob)
for n in after baseline; do
  eval "url=\$$( [ $n = after ] && echo a || echo b )"; eval "hdr=\$hdr_$n"; eval "pid=\$pid_$n"
  wrk -t2 -c8 -d5s -H "$hdr" -H "Accept: application/json" $url/rest/whoami > /dev/null
done
for round in 1 2; do
for n in after baseline; do
  eval "url=\$$( [ $n = after ] && echo a || echo b )"; eval "hdr=\$hdr_$n"; eval "pid=\$pid_$n"
  jcmd $pid JFR.start name=b settings=profile filename=$work/$n-$round.jfr > /dev/null
  wrk -t2 -c8 -d12s -H "$hdr" -H "Accept: application/json" $url/rest/whoami > $work/wrk-$n-$round.out
  jcmd $pid JFR.stop name=b > /dev/null
  reqs=$(awk '/requests in/ {print $1}' $work/wrk-$n-$round.out)
  jfr print --stack-depth 400 --events jdk.ExecutionSample $work/$n-$round.jfr > $work/$n-$round.txt
  python3 - $work/$n-$round.txt $reqs $n $round <<'PY'
import sys, re
text, reqs, name, rnd = open(sys.argv[1]).read(), int(sys.argv[2]), sys.argv[3], sys.argv[4]
events = text.split("jdk.ExecutionSample {")[1:]
marks = {"findByExternalId": "UserDirectory.findByExternalId", "BearerAccounts.find": "BearerAccounts.find(",
         "authenticateRequest": "authenticateRequest", "validateBearer (JNI)": "validateBearer",
         "bearer filter": "OidcBearerFilter.doFilter", "EngineCodec": "EngineCodec"}
counts = {k: sum(1 for e in events if v in e) for k, v in marks.items()}
total = len(events)
print(f"{name} round {rnd}: {reqs} requests, {total} Java samples ({1000*total/reqs:.2f} per 1,000 requests)")
for k, c in counts.items():
    print(f"   {k:24} {c:6} samples  {1000*c/reqs:6.2f} per 1,000 requests")
PY
done
done
echo "Set-Cookie on a bearer request (after jar):"; curl -s -o /dev/null -D - -H "$hdr_after" -H "Accept: application/json" $a/rest/whoami | grep -i "set-cookie" || echo "  none"
echo "Set-Cookie on a bearer request (baseline jar):"; curl -s -o /dev/null -D - -H "$hdr_baseline" -H "Accept: application/json" $b/rest/whoami | grep -i "set-cookie" || echo "  none"
cat /proc/loadavg
