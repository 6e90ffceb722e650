#!/usr/bin/env bash
# Every measurement of docs/performance.md, then its tables and plots.
# Usage: benchmarks/run-all.sh [step ...]   steps: build copy copy-cpu locks fault slab compile plots
#   (and plots-tagged, see TAG below)
#   (default: all of them, in that order). Results go to docs/perf/*.json, tables to
#   docs/perf/*.md, plots to docs/perf/*.png. JAVA_HOME picks the JDK (default: the `java` on PATH);
#   TAG=-jdk25 makes the copy and locks steps write copy-jdk25.json etc. instead, and plots-tagged
#   draws those.
# Takes about 25 minutes on 2 cores (compile: about 12 of them). Run it on a quiet machine: every
# figure is a wall-clock or throughput figure and moves with the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=benchmarks/target/benchmarks.jar
out=docs/perf
mkdir -p "$out"
steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(build copy copy-cpu locks fault slab compile plots)
report() { "$java" -cp "$jar" dev.copyexcept.benchmarks.report.Report "$@"; }
iters="${ITERS:--wi 3 -w 1s -i 15 -r 300ms}"
for step in "${steps[@]}"; do
  echo "== $step  ($(date -u +%H:%M:%S) UTC, load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  case "$step" in
    build)
      mvn -B -q -Pbench -DskipTests package -pl benchmarks -am ;;
    copy)
      # One run, every alternative side by side, with the allocation profiler.
      # Many short iterations: on a shared machine the plots use each benchmark's best one.
      "$java" -jar "$jar" CopyBenchmark -prof gc $iters -rf json -rff "$out/copy${TAG:-}.json" ;;
    copy-cpu)
      # The same copies by thread CPU time, one JVM per alternative (robust on a busy machine).
      "$java" -cp "$jar" dev.copyexcept.benchmarks.copy.CopyCpuTime --json "$out/copy-cpu${TAG:-}.json" ;;
    locks)
      "$java" -jar "$jar" ReadLockBenchmark -t 1 $iters -rf json -rff "$out/locks-t1${TAG:-}.json"
      "$java" -jar "$jar" ReadLockBenchmark -t 2 $iters -rf json -rff "$out/locks-t2${TAG:-}.json" ;;
    fault)
      "$java" -cp "$jar" dev.copyexcept.benchmarks.model.FaultScaling --warmup 2 --seconds 5 \
        --json "$out/fault.json" ;;
    slab)
      "$java" -cp "$jar" dev.copyexcept.benchmarks.model.SlabChurn --warmup 2 --seconds 5 \
        --json "$out/slab.json" ;;
    compile)
      # BEFORE_JAR: a processor jar built from an earlier commit, timed in the same run.
      # Wall time, every variant; then CPU time (robust to a busy machine), copy-except's only.
      SKIP_BUILD=1 benchmarks/compile-cost.sh --sizes 500,2000 --runs 3 --json "$out/compile.json" \
        ${BEFORE_JAR:+--processor-before "$BEFORE_JAR"}
      SKIP_BUILD=1 benchmarks/compile-cost.sh --sizes 500,2000 --runs 3 --clock cpu \
        --variants plain,copyExceptBefore,copyExcept,replayProcessor,copyExceptLimit \
        --json "$out/compile-cpu.json" ${BEFORE_JAR:+--processor-before "$BEFORE_JAR"} ;;
    plots)
      report --title "Copy 19 fields into an existing object (JMH, ns/op, log scale)" --log --best \
        --png "$out/copy.png" --column gc.alloc.rate.norm=B/op \
        --ratio-to handWritten,nestedHandWritten "$out/copy.json" > "$out/copy.md"
      report --title "Copy 19 fields into an existing object: thread CPU time per copy (ns, log scale)" \
        --log --png "$out/copy-cpu.png" --ratio-to handWritten,nestedHandWritten \
        "$out/copy-cpu.json" > "$out/copy-cpu.md"
      report --title "Lookup of one VMA under each read-side protection (JMH, ns/op)" \
        --series threads --best --png "$out/locks.png" --ratio-to rwLockRead \
        "$out/locks-t1.json" "$out/locks-t2.json" > "$out/locks.md"
      report --title "page_fault1 in the model: faults/s (higher is better)" --series writer \
        --png "$out/fault.png" --column p50=p50_us --column p99=p99_us --column p99.9=p99.9_us \
        --column max=max_us --column fastPathPct=fast% --column writerOpsPerSec=writer_ops/s \
        "$out/fault.json" > "$out/fault.md"
      report --title "VMA slab churn: ops/s (higher is better)" --series slab --png "$out/slab.png" \
        --column peakPagesHeld=peak_pages --column peakPagesAwaitingGP=peak_pages_waiting_GP \
        --column peakObjsAwaitingGP=peak_objs_waiting_GP --column reusedBeforeGP=reused_before_GP \
        "$out/slab.json" > "$out/slab.md"
      report --title "javac wall time, N annotated 20-field classes (median, ms)" --series N \
        --png "$out/compile.png" --column msPerClass=ms/class "$out/compile.json" \
        > "$out/compile.md"
      if [ -f "$out/compile-cpu.json" ]; then
        report --title "javac CPU time (user + system), N annotated classes (median, ms)" \
          --series N --png "$out/compile-cpu.png" --column msPerClass=ms/class \
          "$out/compile-cpu.json" > "$out/compile-cpu.md"
      fi ;;
    plots-tagged)
      [ -f "$out/copy$TAG.json" ] && report --title "Copy 19 fields into an existing object, ${TAG:?set TAG} (JMH, ns/op, log scale)" \
        --log --best --png "$out/copy$TAG.png" --column gc.alloc.rate.norm=B/op \
        --ratio-to handWritten,nestedHandWritten "$out/copy$TAG.json" > "$out/copy$TAG.md"
      if [ -f "$out/copy-cpu$TAG.json" ]; then
        report --title "Copy 19 fields: thread CPU time per copy, $TAG (ns, log scale)" --log \
          --png "$out/copy-cpu$TAG.png" --ratio-to handWritten,nestedHandWritten \
          "$out/copy-cpu$TAG.json" > "$out/copy-cpu$TAG.md"
      fi
      if [ -f "$out/locks-t1$TAG.json" ]; then
        report --title "Lookup of one VMA under each read-side protection, $TAG (JMH, ns/op)" \
          --series threads --best --png "$out/locks$TAG.png" --ratio-to rwLockRead \
          "$out/locks-t1$TAG.json" "$out/locks-t2$TAG.json" > "$out/locks$TAG.md"
      fi ;;
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
done
