#!/usr/bin/env bash
# A/B of the demo alone with and without sun.net.httpserver.nodelay=true (JDK HttpServer and
# Nagle's algorithm), on the login -> me -> logout flow of scripts/flow.lua, memory store, runs
# alternated. Needs the benchmarks module built (benchmarks/run.sh build) and wrk.
# Since the demo now sets the property itself, "default" passes =false to reproduce the old state.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
cp="target/classes:$(cat target/classpath.txt)"
secret="sessioncheck-benchmark-secret: not for production"
port="${PORT:-18190}"
for variant in default nodelay default nodelay; do
  if [[ $variant == nodelay ]]; then flag=true; else flag=false; fi
  java "-Dsun.net.httpserver.nodelay=$flag" -cp "$cp" dev.sessioncheck.examples.DemoApp \
    --port "$port" --secret "$secret" >"target/nodelay-ab.$variant.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/me" && break; sleep 0.5; done
  wrk -t 16 -c 16 -d 10s -s scripts/flow.lua "http://127.0.0.1:$port" >/dev/null
  echo "== $variant"
  wrk -t 16 -c 16 -d 20s --latency --timeout 10s -s scripts/flow.lua "http://127.0.0.1:$port" | grep -E '^E2E'
  kill "$pid"
  wait "$pid" 2>/dev/null || true
done
