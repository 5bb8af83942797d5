#!/usr/bin/env bash
# Compiles every project prepared by prepare.sh with plain javac and the sessioncheck processor, on
# the JDK given by JAVA_HOME (default: the javac on PATH), and summarises what happened:
# files compiled, findings per rule, internal-errors, javac crashes and wall time.
#
# Findings are printed as warnings (-Asessioncheck.warn=true) so that one finding does not stop
# javac from generating the rest; every one of them is listed in
# target/<name>/findings-jdk<N>.txt and must be triaged (docs/field-report.md).
#
# Exit status: 0 when no project crashed javac, none produced an internal-error and each compiled
# without any error of its own; 1 otherwise; 2 on a usage or set-up problem.
# Usage: ./check.sh [name...]     (JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./check.sh)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$here/target"
only=("$@")

if [[ -n "${JAVA_HOME:-}" ]]; then
  javac="$JAVA_HOME/bin/javac"
else
  javac="$(command -v javac || true)"
fi
[[ -x "$javac" ]] || { echo "check.sh: no javac (set JAVA_HOME)" >&2; exit 2; }
jdk="$("$javac" -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')"
[[ "$jdk" =~ ^[0-9]+$ ]] || { echo "check.sh: cannot tell the version of $javac" >&2; exit 2; }

# The checker as a user gets it: the processor jar and the annotations jar, nothing else.
find_jar() {
  find "$repo/$1/target" -maxdepth 1 -name "$2-*.jar" ! -name '*-sources.jar' ! -name '*-javadoc.jar' \
    ! -name '*-tests.jar' 2>/dev/null | LC_ALL=C sort | tail -1
}
processor="${SESSIONCHECK_PROCESSOR_JAR:-$(find_jar processor sessioncheck-processor)}"
annotations="${SESSIONCHECK_ANNOTATIONS_JAR:-$(find_jar annotations sessioncheck-annotations)}"
if [[ -z "$processor" || -z "$annotations" ]]; then
  echo "check.sh: building the processor and annotations jars (mvn -o -q -pl processor -am package -DskipTests)"
  (cd "$repo" && mvn -o -q -pl processor -am package -DskipTests)
  processor="$(find_jar processor sessioncheck-processor)"
  annotations="$(find_jar annotations sessioncheck-annotations)"
fi
[[ -f "$processor" && -f "$annotations" ]] || { echo "check.sh: processor or annotations jar missing" >&2; exit 2; }
# A private copy: another build may rewrite target/ while javac runs.
jars="$work/checker-jars"
mkdir -p "$jars"
cp "$processor" "$jars/sessioncheck-processor.jar"
cp "$annotations" "$jars/sessioncheck-annotations.jar"
processorpath="$jars/sessioncheck-processor.jar:$jars/sessioncheck-annotations.jar"

wanted() {
  [[ ${#only[@]} -eq 0 ]] && return 0
  local n
  for n in "${only[@]}"; do [[ "$n" == "$1" ]] && return 0; done
  return 1
}

rules=(unchecked-result unchecked-error null-callback use-after-terminal bad-annotation)
printf '%-20s %6s %5s %6s %7s %8s %6s %6s %6s %6s %6s %8s\n' \
  project files exit crash javac-e internal u-res u-err null-cb uat bad-an time-s
total_files=0 total_findings=0 total_internal=0 total_crash=0 total_javac_errors=0 checked=0
failed=0
summary="$work/summary-jdk$jdk.txt"
: >"$summary"
while read -r name coords rest; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  wanted "$name" || continue
  dir="$work/$name"
  if [[ ! -s "$dir/files.txt" || ! -f "$dir/classpath.txt" ]]; then
    echo "check.sh: $name is not prepared; run ./prepare.sh $name first" >&2
    exit 2
  fi
  release=17
  if [[ "$rest" =~ (^|[[:space:]])release=([0-9]+) ]]; then
    release="${BASH_REMATCH[2]}"
  fi
  out="$(mktemp -d "${TMPDIR:-/tmp}/sessioncheck-real-$name.XXXXXX")"
  log="$dir/javac-jdk$jdk.log"
  files=$(wc -l <"$dir/files.txt")
  start=$(date +%s.%N)
  set +e
  # --release 17 on both JDKs unless projects.txt says otherwise (release=11 for jOOλ 0.9.15, whose
  # Seq cannot inherit both Stream#toList, new in 16, and its own Collectable#toList): the same API
  # view keeps the two runs comparable. -processorpath alone enables processing on every JDK (no -proc:full,
  # which JDK 17 does not know) and keeps the projects' own processors out. No -nowarn or
  # -Xlint:none: they silence the checker's warnings too.
  "$javac" --release "$release" -encoding UTF-8 -d "$out/classes" -implicit:none \
    -cp "$(cat "$dir/classpath.txt")" -processorpath "$processorpath" \
    -Asessioncheck.warn=true -Xmaxerrs 100000 -Xmaxwarns 100000 \
    @"$dir/files.txt" >"$log" 2>&1
  rc=$?
  set -e
  end=$(date +%s.%N)
  rm -rf "$out"
  secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')
  # Findings: the first line of each sessioncheck warning (notes are secondary locations).
  grep -E '^.+:[0-9]+: (warning|error): \[sessioncheck:[a-z-]+\]' "$log" >"$dir/findings-jdk$jdk.txt" || true
  count() { grep -c -E ": (warning|error): \[sessioncheck:$1\]" "$dir/findings-jdk$jdk.txt" || true; }
  internal=$(count internal-error)
  # javac's own errors (the project does not compile as given) are not sessioncheck findings.
  javac_errors=$(grep -E '^.+:[0-9]+: error: ' "$log" | grep -vc '\[sessioncheck:' || true)
  crash=0
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then crash=1; fi
  if grep -qE 'An exception has occurred in the compiler|An annotation processor threw an uncaught exception|^\s+at (com\.sun\.tools|dev\.sessioncheck)' "$log"; then
    crash=1
  fi
  per_rule=()
  findings=0
  for r in "${rules[@]}"; do
    c=$(count "$r")
    per_rule+=("$c")
    findings=$((findings + c))
  done
  printf '%-20s %6d %5d %6d %7d %8d %6d %6d %6d %6d %6d %8s\n' \
    "$name" "$files" "$rc" "$crash" "$javac_errors" "$internal" "${per_rule[@]}" "$secs" | tee -a "$summary"
  total_files=$((total_files + files))
  total_findings=$((total_findings + findings))
  total_internal=$((total_internal + internal))
  total_crash=$((total_crash + crash))
  total_javac_errors=$((total_javac_errors + javac_errors))
  checked=$((checked + 1))
  if [[ $crash -ne 0 || $internal -ne 0 || $javac_errors -ne 0 ]]; then
    failed=1
    echo "check.sh: $name: see $log" >&2
  fi
done <"$here/projects.txt"

if [[ $checked -eq 0 ]]; then
  echo "check.sh: no project matched ${only[*]:-projects.txt}" >&2
  exit 2
fi
{
  echo "JDK $jdk ($javac): $checked project(s), $total_files files, $total_findings findings," \
    "$total_internal internal-error, $total_crash crash(es), $total_javac_errors javac error(s)"
  echo "findings: $work/<project>/findings-jdk$jdk.txt; javac output: $work/<project>/javac-jdk$jdk.log"
} | tee -a "$summary"
exit $failed
