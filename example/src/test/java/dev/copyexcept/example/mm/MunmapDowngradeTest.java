package dev.copyexcept.example.mm;

import static dev.copyexcept.example.debug.Interleave.Point.VMS_COMPLETE_MUNMAP_BEFORE_CLEAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.Schedule;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * munmap downgrades mmap_lock to read before it clears the page tables and frees the VMAs ({@code
 * vms_complete_munmap_vmas}): other faults run meanwhile, and what keeps them out of the unmapped
 * range is that its VMAs are detached and out of the tree.
 */
@ExtendWith(KernelExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MunmapDowngradeTest {
  static final long P = Mman.PAGE_SIZE;
  static final long A = 0x10000000L;
  static final long B = 0x20000000L;
  static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
  static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED;

  @Test
  void munmap_afterTheDowngrade_faultsElsewhereRunAndTheRangeStaysUnreachable(TestKernels kernels)
      throws Exception {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    assertEquals(A, mm.mmap(A, 2 * P, RW, ANON));
    assertEquals(B, mm.mmap(B, 2 * P, RW, ANON));
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(A, true));
    VmAreaStruct a = mm.vmaObjectAt(A);
    AtomicInteger ret = new AtomicInteger(1);
    try (Schedule s = Schedule.install()) {
      Thread unmapper = kernels.thread("U", () -> ret.set(mm.munmap(A, 2 * P)));
      s.hold(unmapper, VMS_COMPLETE_MUNMAP_BEFORE_CLEAR);
      unmapper.start();
      assertTrue(s.awaitArrival(unmapper, VMS_COMPLETE_MUNMAP_BEFORE_CLEAR));

      assertEquals(1, mm.mmap_lock.getReadLockCount(), "U holds mmap_lock for read only");
      assertNotNull(mm.pageTable().get(A), "A's page tables are not cleared yet");
      assertEquals(0, MmapLock.vmaRefcnt(a), "A is detached");
      assertNull(mm.vmaObjectAt(A), "and out of the tree");
      // The rest of the address space is usable, even by the mmap_lock slow path.
      assertEquals(
          List.of(new VmaInfo(B, B + 2 * P, MmapScenarioTest.F_RW, B >>> 12, null)), mm.vmas());
      assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(B, true));
      // A fault in the range being unmapped finds nothing, on either path.
      assertEquals(FaultResult.SIGSEGV, mm.handleFault(A + P, true));
      assertNull(mm.pageTable().get(A + P), "no page installed in the unmapped range");

      s.release(unmapper, VMS_COMPLETE_MUNMAP_BEFORE_CLEAR);
      kernels.join(unmapper);
    }
    assertEquals(0, ret.get());
    assertNull(mm.pageTable().get(A));
    assertEquals(0, mm.mmap_lock.getReadLockCount());
    assertEquals(List.of(), mm.checkInvariants());
  }
}
