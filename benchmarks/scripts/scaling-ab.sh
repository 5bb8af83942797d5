#!/usr/bin/env bash
# Before/after of the checker's analysis time on the scaling input (issue 8 item 3), for two
# builds of the checker side by side: for each size and round, javac (stopping after flow, as
# ScalingBench does) runs once with each build under TimedSessionCheck, alternated, and the CPU
# milliseconds the checker spent on class Big are printed, then the medians and the growth per
# doubling. CPU time of javac's thread, not wall: the machine may be shared.
#
#   scripts/scaling-ab.sh A_PROCESSORPATH B_PROCESSORPATH [sizes, default 1000,2000,4000,8000,16000]
#
# Needs the benchmarks module built (mvn -Pbenchmarks -pl benchmarks -am package -DskipTests).
# ROUNDS (default 2), SCOPED=true for the variant whose variables end with their block.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
a="$1" b="$2" sizes="${3:-1000,2000,4000,8000,16000}"
rounds="${ROUNDS:-2}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
bench="$here/target/classes"
cp="$(cat "$here/target/corpus-classpath.txt")"
work="$(mktemp -d)"
results="$work/results.txt"
for size in ${sizes//,/ }; do
  "$java" -cp "$bench:$(cat "$here/target/classpath.txt")" dev.sessioncheck.benchmarks.checker.ScalingGenerator \
    --out "$work/in/$size" --lines "$size" --warm 5 --scoped "${SCOPED:-false}" --classpath "$cp" >&2
done
for ((r = 0; r < rounds; r++)); do
  for size in ${sizes//,/ }; do
    for which in A B; do
      [[ $which == A ]] && pp="$a" || pp="$b"
      out="$work/out"; rm -rf "$out"; mkdir -p "$out"
      tsv="$work/timed.tsv"; rm -f "$tsv"
      "$javac" -proc:none --should-stop=ifNoError=FLOW -classpath "$cp" -processorpath "$bench:$pp" \
        "-Xplugin:SessionCheckTimed out=$tsv warn=true" -d "$out" $(cat "$work/in/$size/files.txt") >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
      ms=$(awk -F'\t' '$1 == "bench.scaling.Big" {printf "%.1f", $3 / 1e6}' "$tsv")
      echo "$r $size $which $ms" | tee -a "$results" >&2
    done
  done
done
python3 - "$results" <<'PY'
import sys, statistics, collections
t = collections.defaultdict(list)
for l in open(sys.argv[1]):
    r, size, which, ms = l.split()
    t[(int(size), which)].append(float(ms))
sizes = sorted({s for s, _ in t})
print("size   A cpu ms   B cpu ms   B/A    A growth  B growth")
prev = None
for s in sizes:
    ma, mb = statistics.median(t[(s, 'A')]), statistics.median(t[(s, 'B')])
    ga = f"{ma / prev[0]:.2f}x" if prev else "-"
    gb = f"{mb / prev[1]:.2f}x" if prev else "-"
    print(f"{s:6d} {ma:9.1f} {mb:9.1f}   {mb / ma:.2f}   {ga:>8s}  {gb:>8s}")
    prev = (ma, mb)
PY
rm -rf "$work"
