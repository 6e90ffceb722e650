package dev.copyexcept.benchmarks.model;

import dev.copyexcept.benchmarks.report.JmhJson;
import dev.copyexcept.example.mm.Kernel;
import dev.copyexcept.example.mm.MmStruct;
import dev.copyexcept.example.mm.Mman;
import dev.copyexcept.example.slab.SlabInfo;
import dev.copyexcept.example.slab.SlabMode;
import dev.copyexcept.example.slab.SlabPeaks;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The VMA cache's two freeing modes under churn: {@code SLAB_TYPESAFE_BY_RCU} (an object is
 * reusable at once; only empty slab pages wait for a grace period) against per-object {@code
 * call_rcu} (every freed VMA waits for a grace period before it can be reused). Operations per
 * second, and the peak memory held: slab pages allocated and not yet released, of them the pages
 * waiting for a grace period, and objects waiting for a grace period ({@link SlabPeaks}).
 *
 * <ul>
 *   <li>{@code mmapMunmap}: in an mm of 32 areas, map 4 pages (MAP_FIXED, not adjacent to
 *       anything), unmap them: one VMA allocated and freed per operation (the model's analogue of
 *       the brk churn Linux measured);
 *   <li>{@code forkExit}: fork an mm of 32 faulted areas and exit the child: 32 VMAs duplicated
 *       ({@code vm_area_dup}) and freed per operation.
 * </ul>
 *
 * <p>One thread drives each workload; the RCU domain's grace-period thread runs beside it, so the 2
 * cores are both busy.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.copyexcept.benchmarks.model.SlabChurn \
 *     --warmup 2 --seconds 5 --json results/slab.json
 * </pre>
 */
public final class SlabChurn {
  private static final int AREAS = 32;
  private static final long CHURN_AT = 0x7_0000_0000L;
  private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
  private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

  private SlabChurn() {}

  public static void main(String[] args) throws Exception {
    double warmup = 2;
    double seconds = 5;
    Path json = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--warmup" -> warmup = Double.parseDouble(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--json" -> json = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    JmhJson out = new JmhJson();
    System.out.printf(
        Locale.ROOT,
        "%-11s %-16s %12s %11s %14s %13s %14s%n",
        "workload",
        "slab mode",
        "ops/s",
        "peak pages",
        "peak pages@GP",
        "peak objs@GP",
        "reused<GP");
    // Pass 0 warms the JIT up on every configuration and is thrown away, so that the first
    // configuration measured is not the one that paid for compilation; pass 1 is measured.
    for (int pass = 0; pass < 2; pass++) {
      for (String workload : new String[] {"mmapMunmap", "forkExit"}) {
        for (SlabMode mode : new SlabMode[] {SlabMode.TYPESAFE_BY_RCU, SlabMode.CALL_RCU}) {
          run(workload, mode, warmup, pass == 0 ? warmup : seconds, pass == 0 ? null : out);
        }
      }
    }
    if (json != null) {
      out.write(json);
    }
  }

  private static void run(
      String workload, SlabMode mode, double warmup, double seconds, JmhJson out)
      throws InterruptedException {
    try (Kernel kernel = Kernel.builder().slabMode(mode).warningsLog(null).build()) {
      MmStruct mm = kernel.newMm();
      for (int i = 0; i < AREAS; i++) {
        // Alternate protections so that neighbours do not merge; fault each once (anon_vma).
        int prot = (i % 2 == 0) ? Mman.PROT_READ : RW;
        long a = mm.mmap(0, Mman.PAGE_SIZE, prot, ANON);
        if (a < 0 || !mm.handleFault(a, false).handled()) {
          throw new IllegalStateException("setup failed at area " + i + ": " + a);
        }
      }
      long warmupEnd = System.nanoTime() + (long) (warmup * 1e9);
      while (System.nanoTime() < warmupEnd) {
        op(workload, mm);
      }
      kernel.resetVmAreaCachepPeaks();
      SlabInfo before = kernel.slabinfo().get(0);
      long ops = 0;
      long t0 = System.nanoTime();
      long end = t0 + (long) (seconds * 1e9);
      while (System.nanoTime() < end) {
        for (int i = 0; i < 16; i++) {
          op(workload, mm);
        }
        ops += 16;
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      SlabPeaks peaks = kernel.vmAreaCachepPeaks();
      SlabInfo after = kernel.slabinfo().get(0);
      mm.exitMmap();
      if (!kernel.warnings().isEmpty()) {
        throw new IllegalStateException("warnings: " + kernel.warnings());
      }
      long reused = after.reusedBeforeGracePeriod() - before.reusedBeforeGracePeriod();
      if (out == null) {
        return; // the warm-up pass
      }
      System.out.printf(
          Locale.ROOT,
          "%-11s %-16s %12.0f %11d %14d %13d %14d%n",
          workload,
          mode,
          ops / secs,
          peaks.pagesHeld(),
          peaks.pagesAwaitingGracePeriod(),
          peaks.objsAwaitingGracePeriod(),
          reused);
      out.entry(SlabChurn.class.getName() + "." + workload, 1, ops / secs, Double.NaN, "ops/s")
          .param("slab", mode.name())
          .secondary("peakPagesHeld", peaks.pagesHeld(), "pages")
          .secondary("peakPagesAwaitingGP", peaks.pagesAwaitingGracePeriod(), "pages")
          .secondary("peakObjsAwaitingGP", peaks.objsAwaitingGracePeriod(), "objects")
          .secondary("objsPerSlab", after.objsPerSlab(), "objects")
          .secondary("reusedBeforeGP", reused, "objects")
          .add();
    }
  }

  private static void op(String workload, MmStruct mm) {
    if (workload.equals("mmapMunmap")) {
      long len = 4L * Mman.PAGE_SIZE;
      long a = mm.mmap(CHURN_AT, len, RW, ANON | Mman.MAP_FIXED);
      if (a != CHURN_AT || mm.munmap(a, len) != 0) {
        throw new IllegalStateException("mmap/munmap failed: " + a);
      }
    } else {
      MmStruct child = mm.fork();
      child.exitMmap();
    }
  }
}
