package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.MmapLock.lockVmaUnderRcu;
import static dev.copyexcept.example.mm.MmapLock.mmapWriteLock;
import static dev.copyexcept.example.mm.MmapLock.mmapWriteUnlock;
import static dev.copyexcept.example.mm.MmapLock.vmaEndRead;
import static dev.copyexcept.example.mm.MmapLock.vmaMarkAttached;
import static dev.copyexcept.example.mm.MmapLock.vmaMarkDetached;
import static dev.copyexcept.example.mm.MmapLock.vmaRefcnt;
import static dev.copyexcept.example.mm.MmapLock.vmaStartWrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.StressRun;
import dev.copyexcept.example.slab.SlabMode;
import dev.copyexcept.example.tree.VmaTree;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Readers locking VMAs under RCU against a writer that write-locks them and replaces them with
 * recycled copies, with no schedule: in the three correct cells a reader holding a read lock never
 * overlaps a writer that completed vmaStartWrite, every lock is for the right mm and address, and
 * no warning is raised (checked by {@link KernelExtension}). Bounded: 300 ms per cell, longer (up
 * to 5 s) only until the readers have locked a VMA and the writer has replaced one.
 */
@ExtendWith(KernelExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VmaLockStressTest {
  private static final int SLOTS = 4;
  private static final long BASE = 0x100000;
  private static final long STRIDE = 0x10000;
  private static final long SIZE = 0x2000;
  private static final Duration RUN = Duration.ofMillis(300);
  private static final Duration CAP = Duration.ofSeconds(5); // within TestKernels.join's 10 s

  static Stream<Arguments> correctCells() {
    return Stream.of(
        Arguments.of(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.COPY_EXCEPT),
        Arguments.of(SlabMode.CALL_RCU, CopyStrategy.COPY_EXCEPT),
        Arguments.of(SlabMode.CALL_RCU, CopyStrategy.MEMCPY_THEN_RESET));
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("correctCells")
  void lockVmaUnderRcu_againstReplacingWriter_mutualExclusionAndNoWarnings(
      SlabMode mode, CopyStrategy strategy, TestKernels kernels) throws Exception {
    Kernel k = kernels.create(mode, strategy);
    MmStruct mm = k.newMm();
    for (int i = 0; i < SLOTS; i++) {
      VmaFixtures.mapVma(mm, slot(i), slot(i) + SIZE);
    }
    Set<VmAreaStruct> writing = Collections.newSetFromMap(new ConcurrentHashMap<>());
    AtomicLong violations = new AtomicLong();
    AtomicLong locked = new AtomicLong();
    AtomicLong replaced = new AtomicLong();
    StressRun run = StressRun.of(RUN, CAP).until(locked::get, 1).until(replaced::get, 1);

    Thread writer =
        kernels.thread(
            "writer",
            () -> {
              SplittableRandom r = new SplittableRandom(1);
              while (run.running()) {
                int i = r.nextInt(SLOTS);
                mmapWriteLock(mm);
                VmAreaStruct v = mm.mm_mt.walk(slot(i));
                vmaStartWrite(v);
                writing.add(v);
                spin(r.nextInt(200));
                if (r.nextBoolean()) { // replace v by a copy of another slot's VMA, moved into v's
                  // range
                  VmAreaStruct model = mm.mm_mt.walk(slot((i + 1) % SLOTS));
                  vmaMarkDetached(v);
                  mm.mm_mt.erase(slot(i), slot(i) + SIZE);
                  writing.remove(v);
                  VmaInit.vmAreaFree(v);
                  VmAreaStruct n = VmaInit.vmAreaDup(model);
                  n.vm_start = slot(i);
                  n.vm_end = slot(i) + SIZE;
                  vmaStartWrite(n);
                  mm.mm_mt.store(n.vm_start, n.vm_end, n);
                  vmaMarkAttached(n);
                  replaced.incrementAndGet();
                } else {
                  writing.remove(v);
                }
                mmapWriteUnlock(mm);
                Thread.yield();
              }
            });
    List<Thread> readers =
        Stream.of("reader-1", "reader-2")
            .map(
                name ->
                    kernels.thread(
                        name,
                        () -> {
                          SplittableRandom r = new SplittableRandom(name.hashCode());
                          while (run.running()) {
                            long addr = slot(r.nextInt(SLOTS)) + r.nextLong(SIZE);
                            VmAreaStruct v = lockVmaUnderRcu(mm, addr);
                            if (v == null) {
                              continue;
                            }
                            locked.incrementAndGet();
                            if (writing.contains(v)
                                || v.vm_mm != mm
                                || addr < v.vm_start
                                || addr >= v.vm_end
                                || vmaRefcnt(v) < 2) {
                              violations.incrementAndGet();
                            }
                            spin(r.nextInt(100));
                            if (writing.contains(v)) {
                              violations.incrementAndGet();
                            }
                            vmaEndRead(v);
                          }
                        }))
            .toList();

    writer.start();
    readers.forEach(Thread::start);
    kernels.join(writer);
    for (Thread t : readers) {
      kernels.join(t);
    }

    assertEquals(0, violations.get(), "a reader overlapped a writer or locked the wrong VMA");
    assertTrue(locked.get() > 0, "readers locked VMAs");
    assertTrue(replaced.get() > 0, "the writer replaced VMAs");
    assertEquals(SLOTS, mm.mm_mt.size());
    for (VmaTree.Entry<VmAreaStruct> e : mm.mm_mt.entries()) {
      assertEquals(1, vmaRefcnt(e.value()), "attached, no readers left");
    }
  }

  private static long slot(int i) {
    return BASE + i * STRIDE;
  }

  private static void spin(int n) {
    for (int i = 0; i < n; i++) {
      Thread.onSpinWait();
    }
  }
}
