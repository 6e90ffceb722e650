package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.Interleave;
import dev.copyexcept.example.debug.WidenWindows;
import dev.copyexcept.example.slab.SlabMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Faulting threads against writer threads (mmap, munmap, mprotect, splits, fork + exit of the
 * child) on one address space, bounded in time and seeded, checking the spec's invariants: no page
 * mapped outside a VMA, tree ranges disjoint, map_count equal to the number of VMAs
 * (MmStruct.checkInvariants, run by the writers while they work and at the end); no write fault
 * succeeding on a range after mprotect(PROT_READ) returned; no fault succeeding on a range after
 * munmap returned; every fault on a stably mapped, permitted range handled; no warnings, in each of
 * the three cells that the spec says never lose a reference (memcpy on the call_rcu cache included:
 * there no object is reused while a reader may still hold a stale pointer).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AddressSpaceStressTest {
  static final long P = PAGE_SIZE;
  static final long BASE = 0x60000000L;
  static final int SLOTS = 8;
  static final int SLOT_PAGES = 4;
  static final long SLOT_STRIDE = 8 * P; // slots never touch: no merges across slots
  static final int UNMAPPED = 0;
  static final int READ_ONLY = 1;
  static final int READ_WRITE = 2;
  static final long RUN_NANOS = 1_000_000_000L;

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

  /** The three cells in which the spec says no reference is ever lost. */
  static Stream<Arguments> correctCells() {
    return Stream.of(
        Arguments.of(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.COPY_EXCEPT, false),
        Arguments.of(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.COPY_EXCEPT, true),
        Arguments.of(SlabMode.CALL_RCU, CopyStrategy.COPY_EXCEPT, false),
        Arguments.of(SlabMode.CALL_RCU, CopyStrategy.MEMCPY_THEN_RESET, true));
  }

  @AfterEach
  void uninstallHook() {
    Interleave.reset();
  }

  @ParameterizedTest(name = "{0} + {1}, widened windows {2}")
  @MethodSource("correctCells")
  void faultersAgainstWriters_correctCells_invariantsHoldAndNoWarnings(
      SlabMode mode, CopyStrategy copy, boolean widen) throws Exception {
    if (widen) {
      // seeded random spins and yields at every interleaving point, as the demo's widening does
      Interleave.install(new WidenWindows(77, 200, 20));
    }
    try (Kernel kernel = Kernel.builder().slabMode(mode).copyStrategy(copy).build()) {
      MmStruct mm = kernel.newMm();
      Slots slots = new Slots();
      List<String> violations = Collections.synchronizedList(new ArrayList<>());
      LongAdder checkedFaults = new LongAdder();
      LongAdder writerOps = new LongAdder();
      long deadline = System.nanoTime() + RUN_NANOS;
      List<Thread> threads = new ArrayList<>();

      for (int w = 0; w < 2; w++) {
        final int writer = w;
        threads.add(
            new Thread(
                () -> {
                  SplittableRandom r = new SplittableRandom(1000 + writer);
                  int ops = 0;
                  while (System.nanoTime() < deadline && violations.size() < 10) {
                    int slot =
                        writer + 2 * r.nextInt(SLOTS / 2); // each slot has exactly one writer
                    long a = slotAddr(slot);
                    long len = SLOT_PAGES * P;
                    int st = slots.state.get(slot);
                    int op = r.nextInt(10);
                    slots.begin(slot);
                    int next;
                    if (st == UNMAPPED || op == 0) {
                      boolean rw = r.nextBoolean();
                      long ret =
                          mm.mmap(
                              a,
                              len,
                              rw ? PROT_READ | PROT_WRITE : PROT_READ,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
                      if (ret != a) {
                        violations.add("mmap returned " + ret);
                      }
                      next = rw ? READ_WRITE : READ_ONLY;
                    } else if (op <= 3) {
                      if (mm.munmap(a, len) != 0) {
                        violations.add("munmap failed");
                      }
                      next = UNMAPPED;
                    } else if (op <= 6) {
                      boolean rw = r.nextBoolean();
                      if (mm.mprotect(a, len, rw ? PROT_READ | PROT_WRITE : PROT_READ) != 0) {
                        violations.add("mprotect failed");
                      }
                      next = rw ? READ_WRITE : READ_ONLY;
                    } else if (op <= 8) {
                      // split the slot's VMA in three and merge it back (same final protection)
                      int prot = st == READ_WRITE ? PROT_READ | PROT_WRITE : PROT_READ;
                      int other = st == READ_WRITE ? PROT_READ : PROT_READ | PROT_WRITE;
                      if (mm.mprotect(a + P, 2 * P, other) != 0
                          || mm.mprotect(a + P, 2 * P, prot) != 0) {
                        violations.add("split/merge mprotect failed");
                      }
                      next = st;
                    } else {
                      MmStruct child = mm.fork();
                      child.handleFault(a, false);
                      List<String> bad = child.checkInvariants();
                      if (!bad.isEmpty()) {
                        violations.add("child: " + bad);
                      }
                      child.exitMmap();
                      next = st;
                    }
                    slots.end(slot, next);
                    writerOps.increment();
                    if (++ops % 16 == 0) {
                      List<String> bad = mm.checkInvariants();
                      if (!bad.isEmpty()) {
                        violations.add("while running: " + bad);
                      }
                    }
                  }
                },
                "writer-" + w));
      }
      for (int f = 0; f < 3; f++) {
        final int faulter = f;
        threads.add(
            new Thread(
                () -> {
                  SplittableRandom r = new SplittableRandom(2000 + faulter);
                  while (System.nanoTime() < deadline && violations.size() < 10) {
                    int slot = r.nextInt(SLOTS);
                    long addr = slotAddr(slot) + r.nextInt(SLOT_PAGES) * P + r.nextInt((int) P);
                    boolean write = r.nextBoolean();
                    long s1 = slots.seq.get(slot);
                    int st = slots.state.get(slot);
                    FaultResult res = mm.handleFault(addr, write);
                    long s2 = slots.seq.get(slot);
                    if (s1 != s2 || (s1 & 1) != 0) {
                      continue; // a syscall on this slot overlapped the fault: any result is
                      // linearizable
                    }
                    checkedFaults.increment();
                    boolean allowed = st == READ_WRITE || (st == READ_ONLY && !write);
                    if (allowed != res.handled()) {
                      violations.add(
                          "slot "
                              + slot
                              + " state "
                              + st
                              + (write ? " write " : " read ")
                              + "-> "
                              + res);
                    }
                    if (!allowed && res != FaultResult.SIGSEGV) {
                      violations.add("forbidden access gave " + res);
                    }
                  }
                },
                "faulter-" + f));
      }
      for (Thread t : threads) {
        t.start();
      }
      for (Thread t : threads) {
        t.join(30_000);
      }
      for (Thread t : threads) {
        assertFalse(t.isAlive(), () -> t.getName() + " still running (" + t.getState() + ")");
      }
      assertEquals(List.of(), violations);
      assertEquals(List.of(), mm.checkInvariants());
      assertEquals(mm.vmas().size(), mm.mapCount());
      assertTrue(checkedFaults.sum() > 50, "too few faults checked: " + checkedFaults.sum());
      assertTrue(writerOps.sum() > 20, "too few writer operations: " + writerOps.sum());
      mm.exitMmap();
      assertEquals(List.of(), kernel.warnings(), "a correct cell raised warnings");
    }
  }
}
