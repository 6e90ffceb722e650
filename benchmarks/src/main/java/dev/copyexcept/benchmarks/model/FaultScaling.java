package dev.copyexcept.benchmarks.model;

import dev.copyexcept.benchmarks.report.JmhJson;
import dev.copyexcept.example.mm.FaultResult;
import dev.copyexcept.example.mm.Kernel;
import dev.copyexcept.example.mm.MmStruct;
import dev.copyexcept.example.mm.Mman;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The fault path with per-VMA locks against the kernel before them ({@code
 * Kernel.builder().perVmaLock(false)}: every fault under {@code mmap_lock} for read, as Linux
 * before 6.4). Faults per second and fault latency percentiles (HdrHistogram), at 1 and 2 faulting
 * threads, each with and without a writer thread doing {@code mmap}/{@code mprotect}/{@code munmap}
 * on an unrelated range of the same mm.
 *
 * <p>Each faulting thread does what will-it-scale's {@code page_fault1} does, the test behind
 * Linux's per-VMA lock figures: map a private anonymous region of {@code --pages} pages,
 * write-fault every page once, unmap it, repeat. Only the faults are timed (one {@code
 * System.nanoTime} pair each, the same in both modes). The writer loops over {@code mmap} of 16
 * pages, {@code mprotect} of 4 of them (a split), {@code munmap}: each takes {@code mmap_lock} for
 * write.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.copyexcept.benchmarks.model.FaultScaling \
 *     --warmup 2 --seconds 5 --json results/fault.json
 * </pre>
 */
public final class FaultScaling {
  private static final int WRITER_PAGES = 16;

  /**
   * Where thread i maps (MAP_FIXED): its own 1 GiB slot, so no two threads' areas are neighbours
   * and merge; the writer takes the slot after the faulters'.
   */
  private static long slot(int i) {
    return 0x1_0000_0000L + ((long) i << 30);
  }

  private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
  private static final int FIXED_ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED;

  private FaultScaling() {}

  public static void main(String[] args) throws Exception {
    double warmup = 2;
    double seconds = 5;
    int pages = 256;
    Path json = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--warmup" -> warmup = Double.parseDouble(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--pages" -> pages = Integer.parseInt(args[++i]);
        case "--json" -> json = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    JmhJson out = new JmhJson();
    System.out.printf(
        Locale.ROOT,
        "%-13s %7s %6s %12s %8s %8s %8s %9s %8s %10s%n",
        "mode",
        "faulters",
        "writer",
        "faults/s",
        "p50 us",
        "p99 us",
        "p99.9 us",
        "max us",
        "fast%",
        "writer/s");
    // Pass 0 warms the JIT up on every configuration and is thrown away, so that the first
    // configuration measured is not the one that paid for compilation; pass 1 is measured.
    for (int pass = 0; pass < 2; pass++) {
      for (boolean writer : new boolean[] {false, true}) {
        for (int faulters = 1; faulters <= 2; faulters++) {
          for (boolean perVmaLock : new boolean[] {true, false}) {
            Run r = run(perVmaLock, faulters, writer, pages, warmup, pass == 0 ? warmup : seconds);
            if (pass == 1) {
              r.print();
              r.addTo(out);
            }
          }
        }
      }
    }
    if (json != null) {
      out.write(json);
    }
  }

  /** One measured configuration. */
  private record Run(
      boolean perVmaLock,
      int faulters,
      boolean writer,
      double faultsPerSec,
      Histogram latency,
      double fastPathPct,
      double writerOpsPerSec) {

    String mode() {
      return perVmaLock ? "perVmaLock" : "mmapLockOnly";
    }

    void print() {
      System.out.printf(
          Locale.ROOT,
          "%-13s %7d %6s %12.0f %8.2f %8.2f %8.2f %9.1f %8.1f %10.0f%n",
          mode(),
          faulters,
          writer ? "on" : "off",
          faultsPerSec,
          us(latency.getValueAtPercentile(50)),
          us(latency.getValueAtPercentile(99)),
          us(latency.getValueAtPercentile(99.9)),
          us(latency.getMaxValue()),
          fastPathPct,
          writerOpsPerSec);
    }

    void addTo(JmhJson out) {
      out.entry(
              FaultScaling.class.getName() + "." + mode(),
              faulters,
              faultsPerSec,
              Double.NaN,
              "faults/s")
          .param("writer", writer ? "on" : "off")
          .secondary("p50", us(latency.getValueAtPercentile(50)), "us")
          .secondary("p99", us(latency.getValueAtPercentile(99)), "us")
          .secondary("p99.9", us(latency.getValueAtPercentile(99.9)), "us")
          .secondary("max", us(latency.getMaxValue()), "us")
          .secondary("fastPathPct", fastPathPct, "%")
          .secondary("writerOpsPerSec", writerOpsPerSec, "ops/s")
          .add();
    }

    private static double us(long ns) {
      return ns / 1000.0;
    }
  }

  private static Run run(
      boolean perVmaLock,
      int faulters,
      boolean withWriter,
      int pages,
      double warmup,
      double seconds)
      throws Exception {
    try (Kernel kernel = Kernel.builder().perVmaLock(perVmaLock).warningsLog(null).build()) {
      MmStruct mm = kernel.newMm();
      Phase phase = new Phase();
      List<Thread> threads = new ArrayList<>();
      List<Faulter> fs = new ArrayList<>();
      int parties = faulters + (withWriter ? 1 : 0) + 1;
      CyclicBarrier start = new CyclicBarrier(parties);
      for (int i = 0; i < faulters; i++) {
        Faulter f = new Faulter(mm, slot(i), pages, phase, start);
        fs.add(f);
        threads.add(new Thread(f, "faulter-" + i));
      }
      AtomicLong writerOps = new AtomicLong();
      if (withWriter) {
        long at = slot(faulters);
        threads.add(new Thread(() -> writer(mm, at, phase, start, writerOps), "writer"));
      }
      threads.forEach(Thread::start);
      start.await();
      Thread.sleep((long) (warmup * 1000));
      phase.measuring = true;
      long t0 = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      phase.measuring = false;
      long elapsed = System.nanoTime() - t0;
      phase.stop = true;
      for (Thread t : threads) {
        t.join();
      }
      Histogram all = new Histogram(3);
      long faults = 0;
      long fast = 0;
      if (phase.failure != null) {
        throw new IllegalStateException(phase.failure);
      }
      for (Faulter f : fs) {
        all.add(f.latency);
        faults += f.faults;
        fast += f.fastPath;
      }
      double secs = elapsed / 1e9;
      mm.exitMmap();
      if (!kernel.warnings().isEmpty()) {
        throw new IllegalStateException("warnings: " + kernel.warnings());
      }
      return new Run(
          perVmaLock,
          faulters,
          withWriter,
          faults / secs,
          all,
          faults == 0 ? 0 : 100.0 * fast / faults,
          writerOps.get() / secs);
    }
  }

  /** Start/stop flags the driver flips; threads count only while {@code measuring}. */
  private static final class Phase {
    volatile boolean measuring;
    volatile boolean stop;
    volatile String failure;
  }

  /** page_fault1: map, write-fault every page, unmap, again. */
  private static final class Faulter implements Runnable {
    private final MmStruct mm;
    private final long at;
    private final int pages;
    private final Phase phase;
    private final CyclicBarrier start;
    final Histogram latency = new Histogram(3);
    long faults;
    long fastPath;

    Faulter(MmStruct mm, long at, int pages, Phase phase, CyclicBarrier start) {
      this.mm = mm;
      this.at = at;
      this.pages = pages;
      this.phase = phase;
      this.start = start;
    }

    @Override
    public void run() {
      try {
        start.await();
        long len = (long) pages * Mman.PAGE_SIZE;
        while (!phase.stop) {
          long addr = mm.mmap(at, len, RW, FIXED_ANON);
          if (addr != at) {
            throw new IllegalStateException("mmap: " + addr);
          }
          for (int p = 0; p < pages; p++) {
            long t0 = System.nanoTime();
            FaultResult r = mm.handleFault(addr + (long) p * Mman.PAGE_SIZE, true);
            long t = System.nanoTime() - t0;
            if (!r.handled()) {
              throw new IllegalStateException("fault: " + r);
            }
            if (phase.measuring) {
              latency.recordValue(t);
              faults++;
              if (r == FaultResult.HANDLED_VMA_LOCK) {
                fastPath++;
              }
            }
          }
          int rc = mm.munmap(addr, len);
          if (rc != 0) {
            throw new IllegalStateException("munmap: " + rc);
          }
        }
      } catch (Exception | Error e) {
        phase.failure = Thread.currentThread().getName() + ": " + e;
      }
    }
  }

  /** mmap 16 pages, mprotect 4 of them, munmap: three mmap_lock write sections per loop. */
  private static void writer(
      MmStruct mm, long at, Phase phase, CyclicBarrier start, AtomicLong ops) {
    try {
      start.await();
      long len = (long) WRITER_PAGES * Mman.PAGE_SIZE;
      while (!phase.stop) {
        long addr = mm.mmap(at, len, RW, FIXED_ANON);
        if (addr != at
            || mm.mprotect(addr, 4L * Mman.PAGE_SIZE, Mman.PROT_READ) != 0
            || mm.munmap(addr, len) != 0) {
          throw new IllegalStateException("writer: mmap/mprotect/munmap failed at " + addr);
        }
        if (phase.measuring) {
          ops.incrementAndGet();
        }
      }
    } catch (Exception | Error e) {
      phase.failure = "writer: " + e;
    }
  }
}
