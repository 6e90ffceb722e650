package dev.copyexcept.example.mm;

import static dev.copyexcept.example.debug.Interleave.Point.LOCK_VMA_UNDER_RCU_AFTER_WALK;
import static dev.copyexcept.example.mm.MmapLock.vmaRefcnt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.Schedule;
import dev.copyexcept.example.slab.SlabMode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SLUB's free pointer in the VMA cache ({@code freeptr_offset}: {@code vm_freeptr} over {@code
 * vm_start}) and the range re-check of {@code lock_vma_under_rcu} that makes it safe.
 */
@ExtendWith(KernelExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FreePointerTest {
  private static final long P = Mman.PAGE_SIZE;
  private static final long X = 0x10000;
  private static final long Y = 0x40000;
  private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
  private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED;

  @Test
  void kmemCacheFree_vmaCache_writesTheFreePointerOverVmStart(TestKernels kernels) {
    Kernel k = kernels.create(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.COPY_EXCEPT);
    MmStruct mm = k.newMm();
    assertEquals(X, mm.mmap(X, P, RW, ANON));
    assertEquals(Y, mm.mmap(Y, P, RW, ANON));
    VmAreaStruct x = mm.vmaObjectAt(X);
    assertEquals(0, mm.munmap(X, P));
    // The free list now holds x, then (further down) the rest of the slab: the pointer is set.
    assertNotEquals(X, x.vm_start, "vm_freeptr overwrote vm_start");
    assertTrue(
        Long.compareUnsigned(x.vm_start, Mman.TASK_SIZE) >= 0 || x.vm_start == 0,
        "the free pointer is a kernel address (or NULL), never a user range: "
            + Long.toHexString(x.vm_start));
    assertEquals(X + P, x.vm_end, "vm_freeptr is one word: vm_end keeps the old value");
    assertEquals(0, vmaRefcnt(x), "free: detached");
  }

  @Test
  void kmemCacheFree_callRcu_pointerWrittenOnlyAfterTheGracePeriod(TestKernels kernels) {
    Kernel k = kernels.create(SlabMode.CALL_RCU, CopyStrategy.COPY_EXCEPT);
    MmStruct mm = k.newMm();
    assertEquals(X, mm.mmap(X, P, RW, ANON));
    assertEquals(Y, mm.mmap(Y, P, RW, ANON));
    VmAreaStruct x = mm.vmaObjectAt(X);
    k.rcu().rcuReadLock(); // a reader that might still look at x
    assertEquals(0, mm.munmap(X, P));
    assertEquals(X, x.vm_start, "call_rcu: not on the free list while a reader may see it");
    k.rcu().rcuReadUnlock();
    k.rcu().rcuBarrier();
    assertNotEquals(X, x.vm_start, "after the grace period it is a free object like any other");
  }

  /**
   * The re-check. Reader R faults at X and finds VMA x there; before R takes its reference, x is
   * unmapped (its vm_start overwritten by the free pointer) and its object, recycled at once,
   * becomes a new VMA at Y in the same mm, attached, its write session over. R's increment
   * succeeds, vm_mm is R's mm, vm_lock_seq is not current: only the range re-check tells R that the
   * object is no longer the VMA it found. With it R drops the reference and falls back: under
   * mmap_lock there is no VMA at X, a SIGSEGV. Without it R would handle the fault at X inside the
   * VMA of Y and install a page outside any VMA.
   */
  @Test
  void lockVmaUnderRcu_objectRecycledAtAnotherRangeOfTheSameMm_rangeRecheckRefusesIt(
      TestKernels kernels) throws Exception {
    Kernel k = kernels.create(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.COPY_EXCEPT);
    MmStruct mm = k.newMm();
    assertEquals(X, mm.mmap(X, P, RW, ANON));
    VmAreaStruct x = mm.vmaObjectAt(X);
    AtomicReference<FaultResult> fault = new AtomicReference<>();

    try (Schedule s = Schedule.install()) {
      Thread reader = kernels.thread("R", () -> fault.set(mm.handleFault(X, false)));
      s.hold(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK);
      reader.start();
      assertTrue(s.awaitArrival(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK), "R found x at X");

      assertEquals(0, mm.munmap(X, P));
      assertNotEquals(X, x.vm_start, "freed: the free pointer is over vm_start");
      assertEquals(Y, mm.mmap(Y, 2 * P, RW, ANON));
      assertSame(x, mm.vmaObjectAt(Y), "recycled at once as the VMA at Y");
      assertEquals(1, vmaRefcnt(x), "attached");

      s.release(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK);
      kernels.join(reader);
    }

    assertEquals(FaultResult.SIGSEGV, fault.get(), "nothing is mapped at X");
    assertNull(mm.pageTable().get(X), "no page installed at X");
    assertEquals(List.of(), mm.checkInvariants());
    assertEquals(1L, k.vmstat().get("vma_lock_abort"), "the re-check refused the recycled VMA");
    assertEquals(0L, k.vmstat().get("vma_lock_miss"));
    assertEquals(1, vmaRefcnt(x), "R's reference was dropped again");
  }
}
