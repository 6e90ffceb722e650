package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.StressRun;
import dev.copyexcept.example.debug.Interleave;
import dev.copyexcept.example.debug.Interleave.Point;
import dev.copyexcept.example.debug.WidenWindows;
import dev.copyexcept.example.rcu.RcuDomain;
import dev.copyexcept.example.slab.SlabMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four cells {TYPESAFE_BY_RCU, CALL_RCU} × {COPY_EXCEPT, MEMCPY_THEN_RESET} under a bounded,
 * seeded stress run with widened race windows, checking every invariant of the spec ("Invariants
 * the tests must check"), with a negative control: the memcpy + type-safe cell must be
 * <em>detected</em> (a warning, a violation or a thread that never ended), the three others must be
 * clean. Each cell prints one report line (operations, faults, warnings, violations, stuck
 * threads).
 *
 * <p>Length: {@code -Dstress.millis=N} per cell (default 1500: the default build), extended by up
 * to {@link #EXTRA_MILLIS} only while the workers have not yet made the progress the test asserts
 * ({@link StressRun}); the long run is {@code mvn -B verify -pl example -am
 * -Dtest=AddressSpaceStressTest -Dstress.millis=60000 -Dsurefire.failIfNoSpecifiedTests=false} (see
 * the README).
 *
 * <p>How each invariant of the spec is checked here:
 *
 * <ul>
 *   <li>no page mapped outside a VMA; tree ranges disjoint; {@code map_count} equal to the number
 *       of VMAs; a VMA in a tree attached when {@code mmap_lock} is not write-held: {@link
 *       MmStruct#checkInvariants()}, by the writers every 16 operations (under the read lock) and
 *       at the end, on the parent and on every fork child;
 *   <li>after {@code mprotect(PROT_READ)} no write fault succeeds, after {@code munmap} no fault
 *       succeeds, and every permitted fault on a stable range is handled: the faulters compare each
 *       fault they did with no syscall on the slot overlapping (a per-slot sequence) with the
 *       slot's state;
 *   <li>{@code vm_refcnt} within bounds (REFCOUNT_UNDERFLOW / REFCOUNT_SATURATED), freed only when
 *       detached (VMA_FREE_ATTACHED), read locks held when a fault uses the VMA (VMA_NOT_LOCKED),
 *       every read lock released once (underflow), a write lock never taken over readers
 *       (VMA_REFCNT_CORRUPT), no reader touching a poisoned slab page (SLAB_USE_AFTER_FREE): the
 *       model's own checks, which raise kernel warnings: any warning in a correct cell fails it;
 *   <li>after the run: the VMA cache's invariants ({@link Kernel#checkInvariants()} after {@code
 *       exitMmap} and {@code rcuBarrier}), no failed RCU callback, no abandoned read section.
 * </ul>
 *
 * <p>Stuck threads. In the memcpy cell a lost reference can leave a lock word corrupted: a reader
 * that re-walks a VMA whose count was wiped to 0 for ever, or a writer that waits for readers that
 * are gone. After the deadline the widening hook throws {@link Aborted} at the next interleaving
 * point a worker reaches (ending the re-walking readers); a thread still alive after that counts as
 * stuck: a detection in the memcpy cell, a failure in the others.
 */
class AddressSpaceStressTest {
  static final long P = PAGE_SIZE;
  static final long BASE = 0x60000000L;
  static final int SLOTS = 8;
  static final int SLOT_PAGES = 4;
  static final long SLOT_STRIDE = 8 * P; // slots never touch: no merges across slots
  static final int UNMAPPED = 0;
  static final int READ_ONLY = 1;
  static final int READ_WRITE = 2;
  static final int RW = PROT_READ | PROT_WRITE;
  static final int ANON_FIXED = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
  static final long RUN_MILLIS = Long.getLong("stress.millis", 1500);
  static final long JOIN_MILLIS = 5_000;

  /**
   * How much longer than {@link #RUN_MILLIS} a run may go on while the workers have not made the
   * progress the test asserts (a loaded machine may hardly schedule them): see {@link StressRun}.
   */
  static final long EXTRA_MILLIS = 10_000;

  static long slotAddr(int slot) {
    return BASE + slot * SLOT_STRIDE;
  }

  /**
   * Per slot: a sequence (odd while its writer is inside a syscall on it) and the state the last
   * completed syscall left. A faulter that reads the same even sequence before and after its fault
   * knows that no syscall on the slot overlapped the fault, so the state decides the result.
   */
  static final class Slots {
    final AtomicLongArray seq = new AtomicLongArray(SLOTS);
    final AtomicIntegerArray state = new AtomicIntegerArray(SLOTS);

    void begin(int slot) {
      seq.incrementAndGet(slot);
    }

    void end(int slot, int newState) {
      state.set(slot, newState);
      seq.incrementAndGet(slot);
    }
  }

  /** Thrown by the widening hook into a worker after the deadline, to end a re-walking reader. */
  static final class Aborted extends RuntimeException {
    Aborted() {
      super("stress run over", null, false, false);
    }
  }

  /** The demo's widening, plus the abort after the deadline. */
  static final class Hook implements Interleave.Hook {
    final WidenWindows widen;
    final AtomicBoolean abort = new AtomicBoolean();

    Hook(long seed) {
      // the points and amounts of the demo's default widening (VmaDemo)
      widen =
          new WidenWindows(
              seed,
              500,
              50,
              EnumSet.of(
                  Point.LOCK_VMA_UNDER_RCU_AFTER_WALK,
                  Point.VMA_START_READ_AFTER_INC,
                  Point.VMA_REFCOUNT_PUT_BEFORE_DEC,
                  Point.VM_AREA_DUP_AFTER_COPY));
    }

    @Override
    public void reached(Point point) {
      if (abort.get() && Thread.currentThread().getName().startsWith("stress-")) {
        throw new Aborted();
      }
      widen.reached(point);
    }
  }

  static Stream<Arguments> cells() {
    return Stream.of(
        Arguments.of(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.COPY_EXCEPT),
        Arguments.of(SlabMode.CALL_RCU, CopyStrategy.COPY_EXCEPT),
        Arguments.of(SlabMode.CALL_RCU, CopyStrategy.MEMCPY_THEN_RESET),
        Arguments.of(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.MEMCPY_THEN_RESET));
  }

  @AfterEach
  void uninstallHook() {
    Interleave.reset();
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("cells")
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void faultersAgainstWriters_widenedWindows_correctCellsCleanMemcpyTypesafeDetected(
      SlabMode mode, CopyStrategy copy) throws Exception {
    boolean broken = mode == SlabMode.TYPESAFE_BY_RCU && copy == CopyStrategy.MEMCPY_THEN_RESET;
    Hook hook = new Hook(77);
    Interleave.install(hook);
    Kernel kernel = Kernel.builder().slabMode(mode).copyStrategy(copy).warningsLog(null).build();
    MmStruct mm = kernel.newMm();
    Slots slots = new Slots();
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> threw = Collections.synchronizedList(new ArrayList<>());
    LongAdder faults = new LongAdder();
    LongAdder checkedFaults = new LongAdder();
    LongAdder writerOps = new LongAdder();
    StressRun run =
        StressRun.of(Duration.ofMillis(RUN_MILLIS), Duration.ofMillis(RUN_MILLIS + EXTRA_MILLIS))
            .until(writerOps::sum, 21)
            .until(faults::sum, 51);
    if (!broken) {
      run.until(checkedFaults::sum, 21);
    }
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int writer = w;
      threads.add(
          worker(
              "stress-writer-" + w,
              threw,
              () -> writerLoop(mm, writer, slots, violations, writerOps, run)));
    }
    for (int f = 0; f < 3; f++) {
      int faulter = f;
      threads.add(
          worker(
              "stress-faulter-" + f,
              threw,
              () -> faulterLoop(mm, faulter, slots, violations, faults, checkedFaults, run)));
    }
    threads.forEach(Thread::start);
    int stuck = joinAfterRun(threads, run);
    if (stuck > 0) {
      hook.abort.set(true); // end readers that re-walk a corrupted VMA for ever
      stuck = joinAll(threads, JOIN_MILLIS * 1_000_000);
    }
    List<String> teardown = new ArrayList<>();
    if (stuck == 0) {
      teardown.addAll(mm.checkInvariants());
      teardownAndCheck(kernel, mm, teardown);
    }
    long warnings = kernel.warningsSink().total();
    String report =
        String.format(
            Locale.ROOT,
            "stress %s + %s, %d ms: %d writer ops, %d faults (%d checked against the slot state),"
                + " %d warnings %s, %d violations %s, %d stuck threads, %d failed callbacks;"
                + " %s",
            mode,
            copy,
            RUN_MILLIS,
            writerOps.sum(),
            faults.sum(),
            checkedFaults.sum(),
            warnings,
            kernel.warnings(),
            violations.size() + teardown.size(),
            first(violations, teardown),
            stuck,
            kernel.rcu().failedCallbacks(),
            hook.widen.summary());
    System.out.println(report);
    if (stuck == 0) {
      kernel.close();
    } // else: a writer waits for readers that are gone; its kernel cannot be closed
    assertTrue(writerOps.sum() > 20, "too few writer operations: " + report);
    assertTrue(faults.sum() > 50, "too few faults: " + report);
    if (broken) {
      assertTrue(
          warnings > 0 || !violations.isEmpty() || !teardown.isEmpty() || stuck > 0,
          "the negative control was not detected: memcpy on the type-safe cache lost no reference"
              + " that the run noticed: "
              + report);
      return;
    }
    assertEquals(List.of(), threw, report);
    assertEquals(0, stuck, report);
    assertEquals(List.of(), violations, report);
    assertEquals(List.of(), teardown, report);
    assertEquals(0, warnings, report);
    assertTrue(checkedFaults.sum() > 20, "too few faults checked: " + report);
  }

  private static String first(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a.subList(0, Math.min(3, a.size())));
    all.addAll(b.subList(0, Math.min(3, b.size())));
    return all.toString();
  }

  /** exit_mmap, rcu_barrier, then the cache invariants and the RCU domain's failure counters. */
  private static void teardownAndCheck(Kernel kernel, MmStruct mm, List<String> bad) {
    mm.exitMmap();
    RcuDomain rcu = kernel.rcu();
    rcu.rcuBarrier();
    bad.addAll(kernel.checkInvariants());
    if (rcu.failedCallbacks() > 0) {
      bad.add("RCU callbacks failed: " + rcu.firstCallbackFailure());
    }
    if (rcu.abandonedReadSections() > 0) {
      bad.add(rcu.abandonedReadSections() + " read sections abandoned");
    }
  }

  private static void writerLoop(
      MmStruct mm,
      int writer,
      Slots slots,
      List<String> violations,
      LongAdder writerOps,
      StressRun run) {
    SplittableRandom r = new SplittableRandom(1000 + writer);
    int ops = 0;
    while (run.running() && violations.size() < 10) {
      int slot = writer + 2 * r.nextInt(SLOTS / 2); // each slot has exactly one writer
      long a = slotAddr(slot);
      long len = SLOT_PAGES * P;
      int st = slots.state.get(slot);
      int op = r.nextInt(12);
      slots.begin(slot);
      int next;
      if (st == UNMAPPED || op == 0) {
        boolean rw = r.nextBoolean();
        long ret = mm.mmap(a, len, rw ? RW : PROT_READ, ANON_FIXED);
        expect(violations, ret == a, "mmap returned " + ret);
        next = rw ? READ_WRITE : READ_ONLY;
      } else if (op <= 2) {
        expect(violations, mm.munmap(a, len) == 0, "munmap failed");
        next = UNMAPPED;
      } else if (op <= 5) {
        boolean rw = r.nextBoolean();
        expect(violations, mm.mprotect(a, len, rw ? RW : PROT_READ) == 0, "mprotect failed");
        next = rw ? READ_WRITE : READ_ONLY;
      } else if (op <= 7) {
        // split the slot's VMA in three and merge it back (same final protection)
        int prot = st == READ_WRITE ? RW : PROT_READ;
        int other = st == READ_WRITE ? PROT_READ : RW;
        expect(
            violations,
            mm.mprotect(a + P, 2 * P, other) == 0 && mm.mprotect(a + P, 2 * P, prot) == 0,
            "split/merge mprotect failed");
        next = st;
      } else if (op <= 10) {
        // recycle (the demo's race window): unmap this slot, split another slot of this writer at
        // once (its vm_area_dup reuses the object just freed: the free list is LIFO), then put
        // both back
        int other = (slot + 2 * (1 + r.nextInt(SLOTS / 2 - 1))) % SLOTS;
        int ost = slots.state.get(other);
        slots.begin(other);
        expect(violations, mm.munmap(a, len) == 0, "recycle munmap failed");
        if (ost != UNMAPPED) {
          int prot = ost == READ_WRITE ? RW : PROT_READ;
          int flip = ost == READ_WRITE ? PROT_READ : RW;
          long b = slotAddr(other);
          expect(
              violations,
              mm.mprotect(b + P, P, flip) == 0 && mm.mprotect(b + P, P, prot) == 0,
              "recycle split failed");
        }
        slots.end(other, ost);
        long ret = mm.mmap(a, len, RW, ANON_FIXED);
        expect(violations, ret == a, "recycle mmap returned " + ret);
        next = READ_WRITE;
      } else {
        MmStruct child = mm.fork();
        child.handleFault(a, false);
        List<String> bad = child.checkInvariants();
        expect(violations, bad.isEmpty(), "fork child: " + bad);
        child.exitMmap();
        next = st;
      }
      slots.end(slot, next);
      writerOps.increment();
      if (++ops % 16 == 0) {
        List<String> bad = mm.checkInvariants();
        expect(violations, bad.isEmpty(), "while running: " + bad);
      }
    }
  }

  private static void faulterLoop(
      MmStruct mm,
      int faulter,
      Slots slots,
      List<String> violations,
      LongAdder faults,
      LongAdder checkedFaults,
      StressRun run) {
    SplittableRandom r = new SplittableRandom(2000 + faulter);
    while (run.running() && violations.size() < 10) {
      int slot = r.nextInt(SLOTS);
      long addr = slotAddr(slot) + r.nextInt(SLOT_PAGES) * P + r.nextInt((int) P);
      boolean write = r.nextBoolean();
      long s1 = slots.seq.get(slot);
      int st = slots.state.get(slot);
      FaultResult res = mm.handleFault(addr, write);
      faults.increment();
      long s2 = slots.seq.get(slot);
      if (s1 != s2 || (s1 & 1) != 0) {
        continue; // a syscall on this slot overlapped the fault: any result is linearizable
      }
      checkedFaults.increment();
      boolean allowed = st == READ_WRITE || (st == READ_ONLY && !write);
      expect(
          violations,
          allowed == res.handled(),
          "slot " + slot + " state " + st + (write ? " write " : " read ") + "-> " + res);
      expect(violations, allowed || res == FaultResult.SIGSEGV, "forbidden access gave " + res);
    }
  }

  private static void expect(List<String> violations, boolean ok, String what) {
    if (!ok) {
      violations.add(what);
    }
  }

  private static Thread worker(String name, List<Throwable> threw, Runnable body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Aborted e) {
                // ended after the deadline by the hook: counted by joinAll's first pass
              } catch (Throwable e) {
                threw.add(e);
              }
            },
            name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Waits for every thread to end, until {@link #JOIN_MILLIS} after {@code run} has ended; returns
   * how many are still alive then.
   */
  private static int joinAfterRun(List<Thread> threads, StressRun run) throws InterruptedException {
    while (run.running()) {
      if (threads.stream().noneMatch(Thread::isAlive)) {
        return 0;
      }
      Thread.sleep(10);
    }
    return joinAll(threads, TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS));
  }

  /** Joins every thread within a shared deadline; returns how many are still alive. */
  private static int joinAll(List<Thread> threads, long nanos) throws InterruptedException {
    long end = System.nanoTime() + nanos;
    int alive = 0;
    for (Thread t : threads) {
      long left = end - System.nanoTime();
      if (left > 0) {
        t.join(Math.max(1, left / 1_000_000));
      }
      if (t.isAlive()) {
        alive++;
      }
    }
    return alive;
  }
}
