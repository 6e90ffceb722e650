package dev.copyexcept.example.demo;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;

import dev.copyexcept.example.debug.WarnKind;
import dev.copyexcept.example.debug.Warning;
import dev.copyexcept.example.mm.FaultResult;
import dev.copyexcept.example.mm.Kernel;
import dev.copyexcept.example.mm.MmStruct;
import dev.copyexcept.example.mm.VmEvent;
import dev.copyexcept.example.slab.SlabInfo;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One cell's run: a fresh {@link Kernel}, one address space, faulting threads and writer threads
 * for a fixed time, a live sample once a second, and a {@link CellResult} at the end.
 */
final class Workload {
  /*
   * Implementation notes.
   *
   * The address space is SLOTS slots of SLOT_PAGES pages, SLOT_STRIDE apart (so slots never
   * merge with each other). Writers (under mmap_lock, one at a time) keep unmapping, remapping,
   * splitting (mprotect of a slot's middle and back), re-protecting and forking (the child faults
   * a little and exits). Each "recycle" operation unmaps a slot and at once splits another: on a
   * TYPESAFE_BY_RCU cache the split's vm_area_dup gets the object just freed (the free list is
   * LIFO) while faulting threads may still be looking at it through a stale tree walk. That is
   * the window of the seed's race; the widened-window hook makes it wide enough to hit on 2 cores.
   *
   * Faulters fault random pages of random slots (read or write), recording each fault's latency
   * in an HdrHistogram Recorder (sampled by the live table, merged at the end).
   *
   * Determinism: every random choice comes from a SplittableRandom seeded from the run's seed and
   * the thread's role and index; the thread interleaving is the scheduler's.
   *
   * Stopping: the stop flag ends the loops; the main thread joins with a timeout. In the memcpy
   * cell a lost reference can leave a VMA's lock word corrupted: a VMA in a tree with its count
   * wiped to 0 looks detached forever (lockVmaUnderRcu re-walks without end; a writer faulting in
   * its fork child livelocks there), or a writer waits for readers that are gone. Threads are
   * daemons: such a thread is reported as stuck and abandoned rather than hanging the demo.
   */

  static final long P = PAGE_SIZE;
  static final long BASE = 0x7f0000000000L;
  static final int SLOTS = 8;
  static final int SLOT_PAGES = 4;
  static final long SLOT_STRIDE = 8 * P;
  private static final long JOIN_NANOS = 3_000_000_000L;

  private final Cell cell;
  private final long durationNanos;
  private final int faulters;
  private final int writers;
  private final long seed;

  Workload(Cell cell, long durationNanos, int faulters, int writers, long seed) {
    this.cell = cell;
    this.durationNanos = durationNanos;
    this.faulters = faulters;
    this.writers = writers;
    this.seed = seed;
  }

  /**
   * A live sample for the table: deltas over the last interval. {@code stalled}: no fault completed
   * although a warning was raised; {@code writersStuck}: no writer operation (mmap, munmap,
   * mprotect, madvise, fork) completed although a warning was raised, so the writers hang on a
   * corrupted VMA lock and the faults still counted are the ones that need no writer.
   */
  record Sample(
      double elapsed,
      double faultsPerSecond,
      double fastPathPercent,
      long miss,
      long abort,
      long retry,
      long slabReused,
      long warnings,
      long underflows,
      double writerOpsPerSecond,
      boolean stalled,
      boolean writersStuck) {}

  /**
   * Seconds without a single completed fault, after a warning, that end a cell early as stalled.
   */
  static final int STALL_SECONDS = 3;

  static long slot(int i) {
    return BASE + i * SLOT_STRIDE;
  }

  CellResult run(Consumer<Sample> live) {
    Kernel kernel =
        Kernel.builder()
            .slabMode(cell.slabMode())
            .copyStrategy(cell.copyStrategy())
            .warningsLog(null)
            .build();
    MmStruct mm = kernel.newMm();
    for (int i = 0; i < SLOTS; i++) {
      mm.mmap(
          slot(i), SLOT_PAGES * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
    }
    AtomicBoolean stop = new AtomicBoolean();
    Recorder latency = new Recorder(3);
    LongAdder writerOps = new LongAdder();
    LongAdder forks = new LongAdder();
    LongAdder segv = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + 17 + w);
      threads.add(daemon("writer-" + w, () -> writerLoop(mm, r, stop, writerOps, forks)));
    }
    for (int f = 0; f < faulters; f++) {
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + 1_000 + f);
      threads.add(daemon("faulter-" + f, () -> faulterLoop(mm, r, stop, latency, segv)));
    }

    Histogram total = new Histogram(3);
    long start = System.nanoTime();
    for (Thread t : threads) {
      t.start();
    }
    Map<VmEvent, Long> last = counters(kernel);
    long lastReused = reused(kernel);
    long lastWarn = 0;
    long lastUnder = 0;
    long lastWriterOps = 0;
    long lastT = start;
    long end = start + durationNanos;
    int idle = 0;
    boolean stalled = false;
    while (!stalled) {
      long now = System.nanoTime();
      if (now >= end) {
        break;
      }
      long sleep = Math.min(1_000_000_000L - ((now - start) % 1_000_000_000L), end - now);
      sleepNanos(sleep);
      now = System.nanoTime();
      Map<VmEvent, Long> c = counters(kernel);
      long rs = reused(kernel);
      long w = kernel.warningsSink().total();
      long u = kernel.warningsSink().count(WarnKind.REFCOUNT_UNDERFLOW);
      long ops = writerOps.sum();
      double dt = (now - lastT) / 1e9;
      long df = c.get(VmEvent.PGFAULT) - last.get(VmEvent.PGFAULT);
      long ds = c.get(VmEvent.VMA_LOCK_SUCCESS) - last.get(VmEvent.VMA_LOCK_SUCCESS);
      total.add(latency.getIntervalHistogram());
      idle = df == 0 && w > 0 ? idle + 1 : 0;
      stalled = idle >= STALL_SECONDS;
      if (live != null) {
        live.accept(
            new Sample(
                (now - start) / 1e9,
                df / dt,
                df == 0 ? 0 : 100.0 * ds / df,
                c.get(VmEvent.VMA_LOCK_MISS) - last.get(VmEvent.VMA_LOCK_MISS),
                c.get(VmEvent.VMA_LOCK_ABORT) - last.get(VmEvent.VMA_LOCK_ABORT),
                c.get(VmEvent.VMA_LOCK_RETRY) - last.get(VmEvent.VMA_LOCK_RETRY),
                rs - lastReused,
                w - lastWarn,
                u - lastUnder,
                (ops - lastWriterOps) / dt,
                df == 0 && w > 0,
                ops == lastWriterOps && w > 0));
      }
      lastWriterOps = ops;
      last = c;
      lastReused = rs;
      lastWarn = w;
      lastUnder = u;
      lastT = now;
    }
    stop.set(true);
    double seconds = (System.nanoTime() - start) / 1e9;
    int stuck = joinAll(threads);
    total.add(latency.getIntervalHistogram());
    // Tear down with a deadline, too: exit_mmap write-locks every VMA and may hang on a corrupted
    // one.
    Thread teardown =
        daemon(
            "teardown",
            () -> {
              mm.exitMmap();
              kernel.close();
            });
    teardown.start();
    stuck += joinAll(List.of(teardown));

    Map<VmEvent, Long> c = counters(kernel);
    SlabInfo si = kernel.slabinfo().get(0);
    StringBuilder kinds = new StringBuilder();
    Map<WarnKind, Long> byKind = new EnumMap<>(WarnKind.class);
    for (Warning wn : kernel.warnings()) {
      byKind.merge(wn.kind(), wn.count(), Long::sum);
    }
    byKind.forEach(
        (k, v) -> kinds.append(kinds.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return new CellResult(
        cell,
        seconds,
        c.get(VmEvent.PGFAULT),
        c.get(VmEvent.VMA_LOCK_SUCCESS),
        c.get(VmEvent.VMA_LOCK_RETRY),
        c.get(VmEvent.VMA_LOCK_MISS),
        c.get(VmEvent.VMA_LOCK_ABORT),
        segv.sum(),
        writerOps.sum(),
        forks.sum(),
        si.allocs(),
        si.reusedBeforeGracePeriod(),
        kernel.warningsSink().count(WarnKind.REFCOUNT_UNDERFLOW),
        kernel.warningsSink().total(),
        kinds.toString(),
        total.getValueAtPercentile(50) / 1000.0,
        total.getValueAtPercentile(99) / 1000.0,
        stuck,
        stalled);
  }

  private static void writerLoop(
      MmStruct mm, SplittableRandom r, AtomicBoolean stop, LongAdder ops, LongAdder forks) {
    final int rw = PROT_READ | PROT_WRITE;
    final int anonFixed = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
    while (!stop.get()) {
      int s = r.nextInt(SLOTS);
      long a = slot(s);
      int op = r.nextInt(100);
      if (op < 35) {
        // recycle: unmap a slot, split another at once (its vm_area_dup reuses the freed object),
        // then put both back as they were
        long b = slot((s + 1 + r.nextInt(SLOTS - 1)) % SLOTS);
        mm.munmap(a, SLOT_PAGES * P);
        mm.mprotect(b + P, P, PROT_READ);
        mm.mmap(a, SLOT_PAGES * P, rw, anonFixed);
        mm.mprotect(b + P, P, rw);
      } else if (op < 50) {
        mm.mmap(a, SLOT_PAGES * P, r.nextInt(4) == 0 ? PROT_READ : rw, anonFixed);
      } else if (op < 65) {
        mm.mprotect(a, SLOT_PAGES * P, r.nextInt(4) == 0 ? PROT_READ : rw);
      } else if (op < 80) {
        mm.mprotect(a + P, 2 * P, PROT_READ);
        mm.mprotect(a + P, 2 * P, rw);
      } else if (op < 92) {
        mm.munmap(a + r.nextInt(SLOT_PAGES) * P, P);
        mm.mmap(a, SLOT_PAGES * P, rw, anonFixed);
      } else {
        MmStruct child = mm.fork();
        child.handleFault(a, false);
        child.handleFault(slot(r.nextInt(SLOTS)), true);
        child.exitMmap();
        forks.increment();
      }
      ops.increment();
    }
  }

  private static void faulterLoop(
      MmStruct mm, SplittableRandom r, AtomicBoolean stop, Recorder latency, LongAdder segv) {
    while (!stop.get()) {
      long addr = slot(r.nextInt(SLOTS)) + r.nextInt(SLOT_PAGES) * P + r.nextInt((int) P);
      boolean write = r.nextBoolean();
      long t0 = System.nanoTime();
      FaultResult res = mm.handleFault(addr, write);
      latency.recordValue(Math.max(1, System.nanoTime() - t0));
      if (res == FaultResult.SIGSEGV) {
        segv.increment();
      }
    }
  }

  private static Map<VmEvent, Long> counters(Kernel k) {
    Map<VmEvent, Long> m = new EnumMap<>(VmEvent.class);
    for (VmEvent e : VmEvent.values()) {
      m.put(e, k.vmEventCount(e));
    }
    return m;
  }

  private static long reused(Kernel k) {
    return k.slabinfo().get(0).reusedBeforeGracePeriod();
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, "vmademo-" + name);
    t.setDaemon(true);
    return t;
  }

  /** Joins every thread within a shared deadline; returns how many are still alive. */
  private static int joinAll(List<Thread> threads) {
    long deadline = System.nanoTime() + JOIN_NANOS;
    int alive = 0;
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          t.join(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        alive++;
      }
    }
    return alive;
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
