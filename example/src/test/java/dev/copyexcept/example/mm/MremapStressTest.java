package dev.copyexcept.example.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.StressRun;
import dev.copyexcept.example.slab.SlabMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * mremap under concurrent faults, in the three correct cells, no schedule: a writer moves a faulted
 * 4-page mapping back and forth between two places ({@code MREMAP_FIXED}) and grows and shrinks it
 * in place, while faulters fault random pages of both places. Afterwards: no warning, the
 * invariants hold, and the four original pages (each marked with its index) are exactly where the
 * mapping ended, in order: the page-table move never lost, duplicated or misplaced an entry.
 */
@ExtendWith(KernelExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MremapStressTest {
  static final long P = Mman.PAGE_SIZE;
  static final long X = 0x40000000L;
  static final long Y = 0x50000000L;
  static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
  static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED;
  static final Duration RUN = Duration.ofMillis(700);
  static final Duration CAP = Duration.ofSeconds(5); // within TestKernels.join's 10 s
  static final int FAULTERS = 2;

  static Stream<Arguments> correctCells() {
    return Stream.of(
        Arguments.of(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.COPY_EXCEPT),
        Arguments.of(SlabMode.CALL_RCU, CopyStrategy.COPY_EXCEPT),
        Arguments.of(SlabMode.CALL_RCU, CopyStrategy.MEMCPY_THEN_RESET));
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("correctCells")
  void mremapMovesAndResizes_concurrentFaults_pagesFollowTheMappingAndNoWarnings(
      SlabMode mode, CopyStrategy strategy, TestKernels kernels) throws Exception {
    long seed = 0x5eed_0010L;
    Kernel k = kernels.create(mode, strategy);
    MmStruct mm = k.newMm();
    assertEquals(X, mm.mmap(X, 4 * P, RW, ANON));
    List<Page> original = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      assertTrue(mm.handleFault(X + i * P, true).handled());
      Page p = mm.pageTable().get(X + i * P).page();
      p.setData(i + 1);
      original.add(p);
    }
    ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
    LongAdder faults = new LongAdder();
    LongAdder moves = new LongAdder();
    StressRun run = StressRun.of(RUN, CAP).until(moves::sum, 11).until(faults::sum, 101);
    long[] where = {X};
    Thread writer =
        kernels.thread(
            "writer",
            () -> {
              SplittableRandom rnd = new SplittableRandom(seed);
              long cur = X;
              while (run.running()) {
                long other = cur == X ? Y : X;
                long r =
                    mm.mremap(cur, 4 * P, 4 * P, Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED, other);
                if (r != other) {
                  bad.add("move " + Long.toHexString(cur) + " -> " + r);
                  return;
                }
                cur = other;
                moves.increment();
                if (rnd.nextInt(4) == 0) {
                  long g = mm.mremap(cur, 4 * P, 6 * P, 0, 0);
                  long s = mm.mremap(cur, 6 * P, 4 * P, 0, 0);
                  if (g != cur || s != cur) {
                    bad.add(
                        "grow/shrink in place at " + Long.toHexString(cur) + ": " + g + ", " + s);
                    return;
                  }
                }
              }
              where[0] = cur;
            });
    List<Thread> threads = new ArrayList<>(List.of(writer));
    for (int f = 0; f < FAULTERS; f++) {
      long fseed = seed + 1 + f;
      threads.add(
          kernels.thread(
              "faulter-" + f,
              () -> {
                SplittableRandom rnd = new SplittableRandom(fseed);
                while (run.running()) {
                  long addr = (rnd.nextBoolean() ? X : Y) + rnd.nextInt(6) * P;
                  FaultResult res = mm.handleFault(addr, rnd.nextBoolean());
                  if (res == FaultResult.SIGBUS) {
                    bad.add("SIGBUS at " + Long.toHexString(addr));
                  }
                  faults.increment();
                }
              }));
    }
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      kernels.join(t);
    }
    assertEquals(List.of(), List.copyOf(bad), "seed " + seed);
    assertTrue(moves.sum() > 10, "too few moves: " + moves.sum());
    assertTrue(faults.sum() > 100, "too few faults: " + faults.sum());
    assertEquals(List.of(), mm.checkInvariants(), "seed " + seed);
    long at = where[0];
    for (int i = 0; i < 4; i++) {
      PageTable.Pte pte = mm.pageTable().get(at + i * P);
      assertTrue(pte != null && pte.page() == original.get(i), "page " + i + " moved with the VMA");
      assertEquals(i + 1, pte.page().data());
    }
    assertEquals(0, k.warningsSink().total(), k.warnings().toString());
  }
}
