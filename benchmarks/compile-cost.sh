#!/usr/bin/env bash
# Compile cost of the copy-except processor against the floor (compiling its output) and MapStruct.
# Usage: benchmarks/compile-cost.sh [--sizes 500,2000] [--runs 5] [--json FILE] [--processor-before JAR]
# Builds the processor and benchmarks jars (never installs), then runs
# dev.copyexcept.benchmarks.compile.CompileCost with the javac of $JAVA_HOME (or the default java).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
mapstruct_version=$(sed -n 's:.*<mapstruct.version>\(.*\)</mapstruct.version>.*:\1:p' pom.xml)
version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -B -q -Pbench -DskipTests package -pl benchmarks -am
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -cp benchmarks/target/benchmarks.jar dev.copyexcept.benchmarks.compile.CompileCost \
  --annotations "annotations/target/copy-except-annotations-$version.jar" \
  --processor "processor/target/copy-except-processor-$version.jar" \
  --mapstruct "$repo/org/mapstruct/mapstruct/$mapstruct_version/mapstruct-$mapstruct_version.jar" \
  --mapstruct-processor "$repo/org/mapstruct/mapstruct-processor/$mapstruct_version/mapstruct-processor-$mapstruct_version.jar" \
  --work benchmarks/target/compile-cost \
  "$@"
