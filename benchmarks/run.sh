#!/usr/bin/env bash
# Issue 8 benchmarks: one command runs every measurement and writes the tables into RESULTS.md.
#
#   benchmarks/run.sh                 everything: build real corpus scaling jmh e2e report
#   benchmarks/run.sh real report     only some parts (the report keeps the other parts' last tables)
#   QUICK=1 benchmarks/run.sh         smoke mode: tiny inputs, one round; proves the scripts work,
#                                     its figures mean nothing (RESULTS.md says so)
#
# Parts: build   the benchmarks module (mvn -Pbenchmarks -pl benchmarks -am package) and the peers'
#                class paths (Error Prone, Checker Framework)
#        real    checker overhead on the real projects of benchmarks/real-projects (item 1)
#        corpus  checker overhead on the generated session-heavy corpus (item 2)
#        scaling one method from 1,000 to 16,000 lines (item 3)
#        jmh     runtime micro-benchmarks (item 4)
#        e2e     login -> me -> logout under wrk: the demo vs express-session, memory and Redis (item 5)
#        report  tables and summary into benchmarks/RESULTS.md
#
# Knobs (environment): JAVA_HOME (the JDK measured; default: the one of `javac` on PATH), ROUNDS,
# WARMUP, PEERS=0 (leave Error Prone and the Resource Leak Checker out of `real`), PEER_ROUNDS
# (measured rounds for those two, default 3; they get no warm-up round), PEER_TIMEOUT (seconds
# after which a peer's javac is stopped and reported as such, default 900: the Resource Leak
# Checker ran for over 18 minutes on jOOλ, which plain javac compiles in 13 s),
# PROJECTS="dir ..." (instead of real-projects), E2E_SECONDS, E2E_CONNECTIONS, E2E_ROUNDS,
# REDIS_URL (default redis://127.0.0.1:6379; unreachable = the Redis rows are skipped).
# Inputs and outputs live under benchmarks/target/ (results in target/results/).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
QUICK="${QUICK:-0}"
if [[ -z "${JAVA_HOME:-}" ]]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
fi
export JAVA_HOME
java="$JAVA_HOME/bin/java"
target="$here/target"
results="$target/results"
tools="$target/tools"
secret="sessioncheck-benchmark-secret: not for production" # also in Fixtures.java
redis_url="${REDIS_URL:-redis://127.0.0.1:6379}"
redis_prefix="sessbench:" # benchmark-only keys, deleted after each run

if [[ "$QUICK" == 1 ]]; then
  rounds="${ROUNDS:-1}" warmup="${WARMUP:-0}" peer_rounds=1
else
  # The peers get 3 rounds by default: the Resource Leak Checker alone would otherwise double the
  # length of the run, and their figures are context, not goals.
  rounds="${ROUNDS:-5}" warmup="${WARMUP:-1}" peer_rounds=3
fi

log() { printf '[run.sh %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

cp_bench() { printf '%s:%s' "$target/classes" "$(cat "$target/classpath.txt")"; }

build() {
  log "building the benchmarks module (JDK: $JAVA_HOME)"
  (cd "$root" && mvn -q -B -Pbenchmarks -pl benchmarks -am package -DskipTests)
  mkdir -p "$tools/sessioncheck"
  # A private copy of the checker: another build may rewrite processor/target while javac runs.
  local jars=()
  IFS=: read -ra jars <<<"$(cat "$target/processorpath.txt")"
  local copied=()
  for j in "${jars[@]}"; do
    cp "$j" "$tools/sessioncheck/"
    copied+=("$tools/sessioncheck/$(basename "$j")")
  done
  (IFS=:; echo "${copied[*]}") >"$tools/sessioncheck.classpath"
  log "resolving the peers' class paths (Error Prone, Checker Framework)"
  mvn -q -B -f "$here/tools/errorprone/pom.xml" dependency:build-classpath -Dmdep.outputFile="$tools/errorprone.classpath"
  mvn -q -B -f "$here/tools/checker/pom.xml" dependency:build-classpath -Dmdep.outputFile="$tools/checker.classpath"
}

need_build() {
  [[ -f "$target/classpath.txt" && -f "$tools/sessioncheck.classpath" && -f "$tools/checker.classpath" ]] || build
}

real_projects() {
  if [[ -n "${PROJECTS:-}" ]]; then
    echo "$PROJECTS"
    return
  fi
  local rp="$here/real-projects"
  if [[ -x "$rp/prepare.sh" ]]; then
    "$rp/prepare.sh" >&2
    local dirs=()
    for d in "$rp"/target/*/; do
      [[ -f "$d/files.txt" && -f "$d/classpath.txt" ]] && dirs+=("${d%/}")
    done
    if [[ "$QUICK" == 1 ]]; then
      # Smoke: one small project is enough to run every configuration.
      local small=()
      for d in "${dirs[@]}"; do
        case "$(basename "$d")" in commons-lang3) small+=("$d") ;; esac
      done
      [[ ${#small[@]} -gt 0 ]] && dirs=("${small[@]}")
    fi
    echo "${dirs[*]}"
    return
  fi
  # Fallback while real-projects is not there: commons-lang3's sources only.
  local d="$target/dev-projects/commons-lang3"
  if [[ ! -s "$d/files.txt" ]]; then
    mkdir -p "$d/src"
    (cd "$d" && mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
      -Dartifact=org.apache.commons:commons-lang3:3.17.0:jar:sources -DoutputDirectory="$d/src")
    (cd "$d" && find "$PWD/src" -name '*.java' ! -name module-info.java | LC_ALL=C sort >files.txt && : >classpath.txt)
  fi
  echo "$d"
}

real() {
  need_build
  local args=() configs="plain,listener,plugin,noop,processor"
  for d in $(real_projects); do args+=(--project "$d"); done
  if [[ "${PEERS:-1}" == 1 ]]; then
    configs="$configs,errorprone,rlc"
    args+=(--errorprone "@$tools/errorprone.classpath" --checker "@$tools/checker.classpath"
      --peer-rounds "${PEER_ROUNDS:-$peer_rounds}" --peer-timeout "${PEER_TIMEOUT:-900}")
  fi
  [[ "$QUICK" == 1 ]] && args+=(--max-files 15)
  log "real projects: ${args[*]}"
  "$java" -cp "$(cp_bench)" dev.sessioncheck.benchmarks.checker.CompileBench \
    --title "Checker overhead on real projects" --out "$results/real" --configs "$configs" \
    --processorpath "@$tools/sessioncheck.classpath" --benchpath "$target/classes" \
    --release 17 --rounds "$rounds" --warmup "$warmup" "${args[@]}"
}

corpus() {
  need_build
  local classes=500
  [[ "$QUICK" == 1 ]] && classes=40
  "$java" -cp "$(cp_bench)" dev.sessioncheck.benchmarks.checker.CorpusGenerator \
    --out "$target/corpus" --classes "$classes" --classpath "@$target/corpus-classpath.txt"
  "$java" -cp "$(cp_bench)" dev.sessioncheck.benchmarks.checker.CompileBench \
    --title "Checker overhead on the session-heavy corpus" --out "$results/corpus" \
    --configs plain,listener,plugin,noop,processor --project "$target/corpus" \
    --processorpath "@$tools/sessioncheck.classpath" --benchpath "$target/classes" \
    --release 17 --rounds "$rounds" --warmup "$warmup"
}

scaling() {
  need_build
  local sizes="1000,2000,4000,8000,16000" warm=5
  [[ "$QUICK" == 1 ]] && sizes="500,1000" warm=1
  # The main input keeps one result variable per block alive to the end of the method; the scoped
  # variant ends each block's variables with the block, which separates the cost of the method's
  # length from the cost of the number of live tracked variables.
  local variant out
  for variant in false true; do
    out="$results/scaling"
    [[ "$variant" == true ]] && out="$results/scaling-scoped"
    "$java" -cp "$(cp_bench)" dev.sessioncheck.benchmarks.checker.ScalingBench \
      --out "$out" --sizes "$sizes" --warm "$warm" --rounds "$rounds" --warmup "$warmup" --scoped "$variant" \
      --processorpath "@$tools/sessioncheck.classpath" --benchpath "$target/classes" \
      --classpath "@$target/corpus-classpath.txt"
  done
}

jmh() {
  need_build
  local opts=(-f 3 -wi 5 -i 10 -w 2s -r 2s)
  [[ "$QUICK" == 1 ]] && opts=(-f 1 -wi 1 -i 1 -w 1s -r 1s)
  mkdir -p "$results/jmh"
  "$java" -cp "$(cp_bench)" org.openjdk.jmh.Main "${opts[@]}" -rf csv -rff "$results/jmh/jmh.csv" \
    'dev.sessioncheck.benchmarks.runtime.*' | tee "$results/jmh/jmh.log"
  "$java" -cp "$(cp_bench)" dev.sessioncheck.benchmarks.report.RuntimeReport jmh "$results/jmh"
}

# ---- end to end --------------------------------------------------------------------------------

started=()
cleanup() {
  local pid
  for pid in "${started[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

wait_http() {
  local port=$1 i
  for i in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$port/me" && return 0
    sleep 0.5
  done
  echo "server on port $port did not come up" >&2
  return 1
}

redis_clean() {
  if [[ "$1" != memory ]]; then
    redis-cli -u "$redis_url" --scan --pattern "${redis_prefix}*" | xargs -r -n 500 redis-cli -u "$redis_url" del >/dev/null
  fi
}

e2e_run() { # app store round
  local app=$1 store=$2 round=$3 port pid storeargs=()
  if [[ "$app" == java ]]; then
    port=18180
    [[ "$store" != memory ]] && storeargs=(--store "$redis_url" --key-prefix "${redis_prefix}java:")
    "$java" -cp "$(cp_bench)" dev.sessioncheck.examples.DemoApp --port "$port" --secret "$secret" \
      "${storeargs[@]}" >"$results/e2e/$app.$store.$round.server.log" 2>&1 &
  else
    port=18181
    [[ "$store" != memory ]] && storeargs=(--store "$redis_url" --key-prefix "${redis_prefix}node:")
    node "$here/express/server.mjs" --port "$port" --secret "$secret" \
      "${storeargs[@]}" >"$results/e2e/$app.$store.$round.server.log" 2>&1 &
  fi
  pid=$!
  started+=("$pid")
  wait_http "$port"
  local c="$e2e_connections"
  # Warm-up (JIT, connection pools), then the measured run.
  wrk -t "$c" -c "$c" -d "${e2e_warm}s" -s "$here/scripts/flow.lua" "http://127.0.0.1:$port" >/dev/null
  wrk -t "$c" -c "$c" -d "${e2e_seconds}s" --timeout 10s -s "$here/scripts/flow.lua" "http://127.0.0.1:$port" \
    | tee "$results/e2e/$app.$store.$round.wrk.txt" \
    | sed -n "s/^E2E {/{\"app\":\"$app\",\"store\":\"$store\",\"round\":$round,/p" >>"$results/e2e/results.jsonl"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  redis_clean "$store"
}

e2e() {
  need_build
  if ! command -v wrk >/dev/null; then
    log "installing wrk (Debian package)"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  fi
  (cd "$here/express" && npm ci --no-audit --no-fund --loglevel=error)
  e2e_seconds="${E2E_SECONDS:-30}" e2e_warm=15 e2e_connections="${E2E_CONNECTIONS:-16}"
  local e2e_rounds="${E2E_ROUNDS:-3}"
  if [[ "$QUICK" == 1 ]]; then
    e2e_seconds="${E2E_SECONDS:-3}" e2e_warm=2 e2e_connections="${E2E_CONNECTIONS:-4}" e2e_rounds=1
  fi
  mkdir -p "$results/e2e"
  : >"$results/e2e/results.jsonl"
  local stores=(memory)
  if redis-cli -u "$redis_url" ping 2>/dev/null | grep -q PONG; then
    stores+=(redis)
  else
    log "Redis at $redis_url does not answer: the Redis rows are skipped"
  fi
  for store in "${stores[@]}"; do
    for ((r = 0; r < e2e_rounds; r++)); do
      # Alternate which app goes first.
      if ((r % 2 == 0)); then order=(java node); else order=(node java); fi
      for app in "${order[@]}"; do
        log "e2e: $app, $store store, round $r (${e2e_connections} connections, ${e2e_seconds}s)"
        e2e_run "$app" "$store" "$r"
      done
    done
  done
  "$java" -cp "$(cp_bench)" dev.sessioncheck.benchmarks.report.RuntimeReport e2e "$results/e2e"
}

# ---- report ------------------------------------------------------------------------------------

machine() {
  mkdir -p "$results"
  {
    echo "| | |"
    echo "|---|---|"
    echo "| date (UTC) | $(date -u '+%Y-%m-%d %H:%M') |"
    echo "| commit | $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') |"
    echo "| CPU | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') |"
    echo "| cores (nproc) | $(nproc) |"
    echo "| memory | $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) |"
    echo "| JDK | $("$java" -version 2>&1 | head -2 | tail -1) |"
    echo "| Node | $(node -v 2>/dev/null || echo '-') |"
    echo "| wrk | $({ wrk -v 2>&1 || true; } | head -1 | cut -d' ' -f1-2) |"
    echo "| Redis | $(redis-cli -u "$redis_url" info server 2>/dev/null | sed -n 's/^redis_version:\(.*\)\r*$/\1/p' | tr -d '\r' || echo '-') |"
    echo "| mode | $([[ "$QUICK" == 1 ]] && echo 'QUICK=1 (smoke)' || echo full) |"
  } >"$results/machine.md"
}

report() {
  need_build
  machine
  local label="full run, $(date -u '+%Y-%m-%d')"
  [[ "$QUICK" == 1 ]] && label="SMOKE RUN (QUICK=1) on a shared, noisy machine, $(date -u '+%Y-%m-%d') — these figures are not results"
  "$java" -cp "$(cp_bench)" dev.sessioncheck.benchmarks.report.Results "$here/RESULTS.md" "$results" "$label"
}

parts=("$@")
[[ ${#parts[@]} -eq 0 ]] && parts=(build real corpus scaling jmh e2e report)
for part in "${parts[@]}"; do
  case "$part" in
    build | real | corpus | scaling | jmh | e2e | report) "$part" ;;
    *) echo "run.sh: unknown part '$part' (build real corpus scaling jmh e2e report)" >&2; exit 2 ;;
  esac
done
