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
import dev.copyexcept.example.debug.Interleave.Point;
import dev.copyexcept.example.debug.Schedule;
import dev.copyexcept.example.slab.SlabMode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deterministic races between a fault and a writer, scheduled with the interleaving points: a
 * reader that found a VMA in the tree before munmap / mprotect ran meets it afterwards.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultRaceTest {
  static final long P = PAGE_SIZE;
  static final long A = 0x58000000L;

  @AfterEach
  void cleanUp() {
    Interleave.reset();
  }

  private static Thread faulter(
      MmStruct mm, long addr, boolean write, AtomicReference<FaultResult> out) {
    return new Thread(() -> out.set(mm.handleFault(addr, write)), "faulter");
  }

  @ParameterizedTest
  @EnumSource(SlabMode.class)
  void handleFault_vmaUnmappedAfterWalk_missThenSigsegv(SlabMode mode) throws Exception {
    try (Kernel k =
        Kernel.builder().slabMode(mode).copyStrategy(CopyStrategy.COPY_EXCEPT).build()) {
      MmStruct mm = k.newMm();
      mm.mmap(A, 2 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
      AtomicReference<FaultResult> result = new AtomicReference<>();
      Thread t = faulter(mm, A + P, false, result);
      long miss0 = k.vmEventCount(VmEvent.VMA_LOCK_MISS);
      try (Schedule s = Schedule.install()) {
        s.hold(t, Point.LOCK_VMA_UNDER_RCU_AFTER_WALK);
        t.start();
        assertTrue(s.awaitArrival(t, Point.LOCK_VMA_UNDER_RCU_AFTER_WALK));
        // the reader holds a pointer to the VMA and no reference; munmap completes meanwhile
        assertEquals(0, mm.munmap(A, 2 * P));
        s.release(t, Point.LOCK_VMA_UNDER_RCU_AFTER_WALK);
        t.join(5_000);
        assertFalse(t.isAlive(), () -> "faulter still running (" + t.getState() + ")");
      }
      assertEquals(
          FaultResult.SIGSEGV, result.get(), "no fault succeeds in a range after munmap returned");
      assertEquals(
          1,
          k.vmEventCount(VmEvent.VMA_LOCK_MISS) - miss0,
          "the reader met the detached VMA and walked again");
      assertEquals(0, mm.pageTable().size());
      assertEquals(List.of(), mm.checkInvariants());
      assertEquals(List.of(), k.warnings());
    }
  }

  @ParameterizedTest
  @EnumSource(SlabMode.class)
  void handleFault_vmaMadeReadOnlyAfterWalk_writeSigsegv(SlabMode mode) throws Exception {
    try (Kernel k =
        Kernel.builder().slabMode(mode).copyStrategy(CopyStrategy.COPY_EXCEPT).build()) {
      MmStruct mm = k.newMm();
      mm.mmap(A, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
      mm.handleFault(A + P, true); // the VMA has its anon_vma: a write would take the fast path
      AtomicReference<FaultResult> result = new AtomicReference<>();
      Thread t = faulter(mm, A + P + 64, true, result);
      try (Schedule s = Schedule.install()) {
        s.hold(t, Point.LOCK_VMA_UNDER_RCU_AFTER_WALK);
        t.start();
        assertTrue(s.awaitArrival(t, Point.LOCK_VMA_UNDER_RCU_AFTER_WALK));
        // split + flag change while the reader waits with a stale pointer to the original VMA
        assertEquals(0, mm.mprotect(A + P, P, PROT_READ));
        s.release(t, Point.LOCK_VMA_UNDER_RCU_AFTER_WALK);
        t.join(5_000);
        assertFalse(t.isAlive(), () -> "faulter still running (" + t.getState() + ")");
      }
      assertEquals(
          FaultResult.SIGSEGV,
          result.get(),
          "no write fault succeeds after mprotect(PROT_READ) returned");
      assertEquals(3, mm.mapCount());
      assertEquals(List.of(), mm.checkInvariants());
      assertEquals(List.of(), k.warnings());
    }
  }
}
