#!/usr/bin/env bash
# CPU-time A/B of javac configurations on one argfile, for a machine shared with other work:
# each run is a fresh JVM (CpuJavac) and the figure is the CPU time of the compiling thread,
# which waiting for a core does not inflate the way it inflates wall time. Rounds alternate the
# configurations in a rotated order; the result is, per configuration, the median over rounds of
# its ratio to the first configuration in the same round.
#
#   ROUNDS=5 scripts/cpu-ab.sh ARGFILE name1='javac args' name2='javac args' ...
#
# ARGFILE holds the common javac arguments (sources, class path); each configuration adds its own,
# split on whitespace; an argument containing a space (-Xplugin:"SessionCheck warn=true") goes in
# an argfile of its own, passed as @file.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
argfile="$1"; shift
rounds="${ROUNDS:-5}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
names=(); specs=()
for c in "$@"; do names+=("${c%%=*}"); specs+=("${c#*=}"); done
n=${#names[@]}
work="$(mktemp -d)"
# CpuJavac alone on the class path: with the whole benchmarks module there, javac's plugin lookup
# would find TimedSessionCheck through the application class loader, which cannot see the checker.
mkdir -p "$work/cp/dev/sessioncheck/benchmarks/checker"
cp "$here/target/classes/dev/sessioncheck/benchmarks/checker/CpuJavac.class" "$work/cp/dev/sessioncheck/benchmarks/checker/"
results="$work/results.txt"
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < n; k++)); do
    i=$(((k + r) % n))
    out="$work/out-${names[$i]}"; rm -rf "$out"; mkdir -p "$out"
    # shellcheck disable=SC2086
    line=$("$java" -cp "$work/cp" dev.sessioncheck.benchmarks.checker.CpuJavac ${specs[$i]} -d "$out" "@$argfile" 2>&1 | tail -1)
    echo "round $r ${names[$i]} $line" | tee -a "$results" >&2
  done
done
python3 - "$results" "${names[0]}" <<'PY'
import sys, statistics, collections
res = collections.defaultdict(dict)
for l in open(sys.argv[1]):
    p = l.split()
    if len(p) < 9 or p[3] != 'CpuJavac':
        continue
    res[int(p[1])][p[2]] = (float(p[7]), float(p[9]))
base = sys.argv[2]
names = []
for r in res.values():
    for k in r:
        if k not in names:
            names.append(k)
print("config      median cpu s   cpu ratio (median of rounds)   wall ratio")
for k in names:
    cr = [r[k][0] / r[base][0] for r in res.values() if k in r and base in r]
    wr = [r[k][1] / r[base][1] for r in res.values() if k in r and base in r]
    cpu = statistics.median([r[k][0] for r in res.values() if k in r])
    print(f"{k:12s} {cpu:10.2f}     {statistics.median(cr):.3f} (min {min(cr):.3f} max {max(cr):.3f})      {statistics.median(wr):.3f}")
PY
rm -rf "$work"
