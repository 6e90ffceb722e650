package dev.copyexcept.example.demo;

/**
 * What one cell of the demo measured.
 *
 * @param cell the cell
 * @param seconds how long the workload ran
 * @param faults faults handled or not ({@code pgfault})
 * @param fastPath faults completed under the per-VMA lock ({@code vma_lock_success})
 * @param retry {@code vma_lock_retry}
 * @param miss {@code vma_lock_miss}
 * @param abort {@code vma_lock_abort}
 * @param segv faults that ended in SIGSEGV
 * @param writerOps address-space operations done by the writers (forks included)
 * @param forks forks (each followed by the child's exit)
 * @param slabAllocs VMA allocations from the cache
 * @param slabReused objects handed out again before a grace period had passed since their free
 * @param underflows refcount underflow warnings: reader references that were lost
 * @param warnings every warning raised
 * @param warningKinds the warnings by kind, e.g. "REFCOUNT_UNDERFLOW=3 VMA_ALREADY_DETACHED=1"
 * @param p50Micros median fault latency in microseconds
 * @param p99Micros 99th-percentile fault latency in microseconds
 * @param stuckThreads worker threads still running after the stop (a lock left corrupted); 0
 *     normally
 * @param stalled the cell was ended early: no fault completed for a few seconds after a warning
 */
record CellResult(
    Cell cell,
    double seconds,
    long faults,
    long fastPath,
    long retry,
    long miss,
    long abort,
    long segv,
    long writerOps,
    long forks,
    long slabAllocs,
    long slabReused,
    long underflows,
    long warnings,
    String warningKinds,
    double p50Micros,
    double p99Micros,
    int stuckThreads,
    boolean stalled) {

  double faultsPerSecond() {
    return seconds <= 0 ? 0 : faults / seconds;
  }

  double fastPathPercent() {
    return faults == 0 ? 0 : 100.0 * fastPath / faults;
  }

  boolean clean() {
    return warnings == 0 && stuckThreads == 0;
  }
}
