package dev.copyexcept.example.demo;

import java.util.List;
import java.util.Locale;

/** The demo's text tables: the live rows and the final summary. */
final class Tables {
  private Tables() {}

  static String legend() {
    return String.join(
        "\n",
        "columns (per second): faults/s; fast% = faults completed under the per-VMA lock (vma_lock_success);",
        "  miss = a reader found a VMA detached under it and walked the tree again; abort = no VMA could be",
        "  locked, fell back to mmap_lock; retry = the fault needed mmap_lock (a first anon_vma);",
        "  slab-reuse = VMA objects handed out again before a grace period (type-safe cache only);",
        "  warnings / underflows = kernel-style warnings raised / refcount underflows (lost references);",
        "  wr-ops/s = writer operations (mmap/munmap/mprotect/madvise/fork) completed; HUNG = after a warning,",
        "  no writer op completed: the writers are stuck on a corrupted VMA lock, and the faults still counted",
        "  are the ones that need no writer (their fast% says nothing about speed)");
  }

  static String liveHeader() {
    return String.format(
        Locale.ROOT,
        "%-20s %6s %10s %7s %8s %8s %8s %9s %9s %10s %9s",
        "cell",
        "t(s)",
        "faults/s",
        "fast%",
        "miss",
        "abort",
        "retry",
        "slab-reuse",
        "warnings",
        "underflows",
        "wr-ops/s");
  }

  static String liveRow(Cell cell, Workload.Sample s) {
    return String.format(
        Locale.ROOT,
        "%-20s %6.1f %10.0f %6.1f%% %8d %8d %8d %9d %9d %10d %9.0f%s",
        cell,
        s.elapsed(),
        s.faultsPerSecond(),
        s.fastPathPercent(),
        s.miss(),
        s.abort(),
        s.retry(),
        s.slabReused(),
        s.warnings(),
        s.underflows(),
        s.writerOpsPerSecond(),
        liveVerdict(s));
  }

  /** The row's own word on a broken cell, so a hung cell never reads as a fast one. */
  static String liveVerdict(Workload.Sample s) {
    if (s.stalled()) {
      return "  <- HUNG: no fault completes (corrupted VMA locks)";
    }
    if (s.writersStuck()) {
      return "  <- HUNG: no writer op completes (writers stuck on a corrupted VMA lock)";
    }
    return "";
  }

  static String summary(List<CellResult> results, boolean widened, List<String> widening) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "Summary (/proc/vmstat-style counters per cell; warnings are counted, not printed)\n");
    String fmt = "%-20s %9s %9s %6s %8s %8s %8s %8s %10s %9s %9s %s%n";
    sb.append(
        String.format(
            Locale.ROOT,
            fmt,
            "cell",
            "faults",
            "faults/s",
            "fast%",
            "p50(us)",
            "p99(us)",
            "miss",
            "abort",
            "slab-reuse",
            "underflow",
            "warnings",
            "verdict"));
    for (CellResult r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              fmt,
              r.cell(),
              r.faults(),
              String.format(Locale.ROOT, "%.0f", r.faultsPerSecond()),
              String.format(Locale.ROOT, "%.1f", r.fastPathPercent()),
              String.format(Locale.ROOT, "%.1f", r.p50Micros()),
              String.format(Locale.ROOT, "%.1f", r.p99Micros()),
              r.miss(),
              r.abort(),
              r.slabReused(),
              r.underflows(),
              r.warnings(),
              verdict(r)));
    }
    sb.append('\n');
    for (CellResult r : results) {
      if (!r.warningKinds().isEmpty() || r.stuckThreads() > 0) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  %s: %s%s%n",
                r.cell(),
                r.warningKinds(),
                r.stuckThreads() > 0
                    ? "; " + r.stuckThreads() + " thread(s) stuck on the corrupted lock, abandoned"
                    : ""));
      }
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "  writer ops per cell: %s%n",
            String.join(
                ", ",
                results.stream()
                    .map(r -> r.cell() + "=" + r.writerOps() + " (" + r.forks() + " forks)")
                    .toList())));
    if (widened) {
      sb.append("  race windows WIDENED via the interleaving points:\n");
      for (String w : widening) {
        sb.append("    ").append(w).append('\n');
      }
    } else {
      sb.append(
          "  race windows NOT widened (--no-widen): the bare model on this machine's scheduler\n");
    }
    sb.append(conclusion(results));
    return sb.toString();
  }

  static String verdict(CellResult r) {
    boolean hung = r.stalled() || r.stuckThreads() > 0;
    if (r.warnings() == 0) {
      return hung ? "HUNG" : "clean";
    }
    return hung ? "LOST REFERENCES, then hung" : "LOST REFERENCES";
  }

  static String conclusion(List<CellResult> results) {
    StringBuilder sb = new StringBuilder();
    boolean unexpected = false;
    boolean shown = false;
    boolean ran = false;
    for (CellResult r : results) {
      if (r.cell().expectsLostReferences()) {
        ran = true;
        shown |= !r.clean();
      } else if (!r.clean()) {
        unexpected = true;
      }
    }
    if (unexpected) {
      sb.append(
          "  UNEXPECTED: a cell other than typesafe+memcpy raised warnings: that is a bug in the model.\n");
    }
    if (ran && shown) {
      sb.append(
          "  => memcpy + SLAB_TYPESAFE_BY_RCU lost readers' references (vm_refcnt overwritten in a recycled VMA);\n"
              + "     @CopyExcept(\"vm_refcnt\") and the call_rcu cache never did.\n");
    } else if (ran) {
      sb.append(
          "  => the race was not hit in typesafe+memcpy this run: try a longer --duration (or keep --widen on).\n");
    } else if (!unexpected) {
      sb.append(
          "  => no warnings in the cells run (typesafe+memcpy, the only cell expected to lose references, was not run).\n");
    }
    return sb.toString();
  }
}
