#!/usr/bin/env bash
# Downloads the -sources jar of every project in projects.txt from Maven Central and resolves the
# class path its sources compile against, into target/<name>/:
#   src/            the unpacked sources jar
#   files.txt       the .java files to compile (absolute paths, sorted; module-info.java left out)
#   classpath.txt   the project's compile class path (its compile, provided and optional
#                   dependencies, plus the extra= ones of projects.txt; the project's own jar is
#                   not on it)
#   pom.xml         the project's published pom, used only to resolve that class path
#   coordinates.txt groupId:artifactId:version
# check.sh compiles these with the checker; the benchmarks module reuses them.
#
# Idempotent: a project whose files.txt and classpath.txt exist is left alone (delete its directory,
# or pass --force, to prepare it again). Usage: ./prepare.sh [--force] [name...]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
work="$here/target"
force=0
if [[ "${1:-}" == "--force" ]]; then
  force=1
  shift
fi
only=("$@")

command -v mvn >/dev/null || { echo "prepare.sh: mvn not found on PATH" >&2; exit 2; }
command -v unzip >/dev/null || { echo "prepare.sh: unzip not found on PATH" >&2; exit 2; }

wanted() {
  [[ ${#only[@]} -eq 0 ]] && return 0
  local n
  for n in "${only[@]}"; do [[ "$n" == "$1" ]] && return 0; done
  return 1
}

# A pinned plugin version, so that a run without a pom does not depend on Maven's defaults.
dep="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"

mkdir -p "$work"
prepared=0
while read -r name coords rest; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  wanted "$name" || continue
  dir="$work/$name"
  # A release other than 17 (release= in projects.txt) reaches the benchmarks' CompileBench
  # through javac-options.txt; check.sh reads projects.txt itself. Written even for a project
  # prepared earlier, so that a changed projects.txt takes effect without --force.
  if [[ "$rest" =~ (^|[[:space:]])release=([0-9]+) ]]; then
    mkdir -p "$dir"
    printf -- '--release\n%s\n' "${BASH_REMATCH[2]}" >"$dir/javac-options.txt"
  else
    rm -f "$dir/javac-options.txt"
  fi
  if [[ $force -eq 0 && -s "$dir/files.txt" && -f "$dir/classpath.txt" ]]; then
    echo "prepare: $name already prepared ($(wc -l <"$dir/files.txt") files) -- skipped"
    prepared=$((prepared + 1))
    continue
  fi
  IFS=: read -r group artifact version <<<"$coords"
  extras=""
  if [[ "$rest" =~ (^|[[:space:]])extra=([^[:space:]]+) ]]; then
    extras="${BASH_REMATCH[2]}"
  fi
  echo "prepare: $name ($coords)"
  rm -rf "$dir"
  mkdir -p "$dir/download"
  # The sources jar and the published pom, straight from the local repository / Maven Central.
  # Run from the project's directory: a pom in the caller's directory must not become the project.
  cd "$dir/download"
  mvn -B -q "$dep:copy" -Dartifact="$group:$artifact:$version:jar:sources" \
    -DoutputDirectory="$dir/download" -Dmdep.stripVersion=false \
    || { echo "prepare: cannot download the sources jar of $coords" >&2; exit 1; }
  mvn -B -q "$dep:copy" -Dartifact="$group:$artifact:$version:pom" \
    -DoutputDirectory="$dir/download" \
    || { echo "prepare: cannot download the pom of $coords" >&2; exit 1; }
  cp "$dir/download/$artifact-$version.pom" "$dir/pom.xml"
  # The published pom run as a project: its compile class path includes provided and optional
  # dependencies (which the sources need but a dependent never gets transitively).
  mvn -B -q -f "$dir/pom.xml" "$dep:build-classpath" \
    -Dmdep.outputFile="$dir/classpath.txt" -DincludeScope=compile -DexcludeArtifactIds="$artifact" \
    || { echo "prepare: cannot resolve the dependencies of $coords" >&2; exit 1; }
  [[ -f "$dir/classpath.txt" ]] || : >"$dir/classpath.txt"
  if [[ -n "$extras" ]]; then
    # Dependencies the sources need but the published pom leaves out (Gradle-built projects omit
    # their optional and compile-only dependencies): a small pom of their own.
    mkdir -p "$dir/extra"
    {
      echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
      echo "<groupId>local.real-projects</groupId><artifactId>$name-extra</artifactId><version>1</version><dependencies>"
      IFS=, read -ra list <<<"$extras"
      for c in "${list[@]}"; do
        IFS=: read -r eg ea ev <<<"$c"
        echo "<dependency><groupId>$eg</groupId><artifactId>$ea</artifactId><version>$ev</version></dependency>"
      done
      echo '</dependencies></project>'
    } >"$dir/extra/pom.xml"
    mvn -B -q -f "$dir/extra/pom.xml" "$dep:build-classpath" \
      -Dmdep.outputFile="$dir/extra/classpath.txt" -DincludeScope=runtime -DexcludeArtifactIds="$artifact" \
      || { echo "prepare: cannot resolve the extra dependencies of $name ($extras)" >&2; exit 1; }
    # The project's own resolution wins where both name a library; extras only add.
    if [[ -s "$dir/classpath.txt" ]]; then
      printf '%s:%s' "$(cat "$dir/classpath.txt")" "$(cat "$dir/extra/classpath.txt")" >"$dir/classpath.txt.new"
    else
      cat "$dir/extra/classpath.txt" >"$dir/classpath.txt.new"
    fi
    mv "$dir/classpath.txt.new" "$dir/classpath.txt"
  fi
  mkdir -p "$dir/src"
  unzip -q -o "$dir/download/$artifact-$version-sources.jar" -d "$dir/src"
  find "$dir/src" -name '*.java' ! -name module-info.java | LC_ALL=C sort >"$dir/files.txt"
  echo "$coords" >"$dir/coordinates.txt"
  if [[ "$rest" =~ (^|[[:space:]])release=([0-9]+) ]]; then
    printf -- '--release\n%s\n' "${BASH_REMATCH[2]}" >"$dir/javac-options.txt"
  fi
  cd "$here"
  echo "prepare: $name: $(wc -l <"$dir/files.txt") files, $(tr ':' '\n' <"$dir/classpath.txt" | grep -c . || true) class path entries"
  prepared=$((prepared + 1))
done <"$here/projects.txt"

if [[ $prepared -eq 0 ]]; then
  echo "prepare: no project matched ${only[*]:-projects.txt}" >&2
  exit 2
fi
echo "prepare: done, $prepared project(s) in $work"
