package dev.copyexcept.example.mm;

import static dev.copyexcept.example.debug.Interleave.Point.LOCK_VMA_UNDER_RCU_AFTER_WALK;
import static dev.copyexcept.example.debug.Interleave.Point.VMA_REFCOUNT_PUT_AFTER_DEC;
import static dev.copyexcept.example.debug.Interleave.Point.VMA_REFCOUNT_PUT_BEFORE_DEC;
import static dev.copyexcept.example.debug.Interleave.Point.VMA_START_WRITE_BEFORE_WAIT;
import static dev.copyexcept.example.mm.MmapLock.VMA_LOCK_OFFSET;
import static dev.copyexcept.example.mm.MmapLock.lockVmaUnderRcu;
import static dev.copyexcept.example.mm.MmapLock.vmaRefcnt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.Schedule;
import dev.copyexcept.example.debug.WarnKind;
import dev.copyexcept.example.slab.SlabMode;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lifetime of an mm ({@code mmget}/{@code mmput}, {@code mmgrab}/{@code mmdrop}, {@code
 * __mmdrop} poisoning the struct), and the use-after-free that {@code vma_start_read}'s foreign-mm
 * pin prevents.
 */
@ExtendWith(KernelExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MmLifetimeTest {
  private static final long P = Mman.PAGE_SIZE;
  private static final long A = 0x10000;
  private static final long C = 0x50000;
  private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
  private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED;

  @Test
  void mmput_lastUser_tearsDownThenFreesAndPoisons(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    assertEquals(A, mm.mmap(A, 2 * P, RW, ANON));
    SchedMm.mmget(mm); // a second user (e.g. /proc/PID/maps reader)
    SchedMm.mmput(mm);
    assertEquals(1, mm.mapCount(), "a user is left: nothing torn down");
    assertFalse(mm.freed());
    SchedMm.mmput(mm); // the last user: __mmput (exit_mmap), then mmdrop
    assertEquals(0, mm.mmUsers());
    assertEquals(0, mm.mmCount());
    assertTrue(mm.freed(), "__mmdrop freed the struct");
    assertEquals(MmStruct.POISON_FREE, mm.mm_lock_seq, "poisoned like a freed slab object");
    assertEquals(0, k.slabinfo().get(0).activeObjs(), "exit_mmap freed the VMAs");
  }

  @Test
  void mmgrab_keepsTheStructAfterTheLastMmput(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    SchedMm.mmgrab(mm);
    SchedMm.mmput(mm);
    assertFalse(mm.freed(), "the grab keeps the struct");
    assertEquals(1, mm.mmCount());
    SchedMm.mmdrop(mm);
    assertTrue(mm.freed());
    assertEquals(0, k.warningsSink().total());
  }

  @Test
  @ExpectWarnings
  void mmgrab_ofAFreedMm_warns(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    SchedMm.mmput(mm);
    SchedMm.mmgrab(mm);
    assertEquals(1, k.warningsSink().count(WarnKind.MM_USE_AFTER_FREE));
  }

  /**
   * The use-after-free of "mm: fix a UAF when vma->mm is freed after vma->vm_refcnt got dropped".
   * Reader R faults in mm1; the VMA it found was unmapped and recycled into mm2 (type-safe cache),
   * and R's increment landed on it. mm2's last user exits: exit_mmap's vma_start_write waits for
   * R's stray reference. Schedule:
   *
   * <ol>
   *   <li>R increments the recycled VMA, sees vm_mm == mm2 (with the pin: mmgrab(mm2)); held before
   *       its put;
   *   <li>X: mmput(mm2), the last user: exit_mmap, vma_start_write adds the writer's offset; held
   *       before its wait;
   *   <li>R decrements (only the writer remains); held before rcuwait_wake_up(&mm2->...);
   *   <li>X sees the count drained without sleeping, finishes exit_mmap, mmdrop: without the pin
   *       that was the last reference and mm2 is freed (poisoned); with it, R's grab keeps it;
   *   <li>R wakes mm2's writer: a read of mm2, freed without the pin.
   * </ol>
   */
  @ParameterizedTest(name = "foreignMmPin={0}")
  @ValueSource(booleans = {true, false})
  @ExpectWarnings // without the pin one MM_USE_AFTER_FREE; the test asserts the exact warnings
  void vmaStartRead_foreignMmFreedBeforeTheWakeUp_reportedOnlyWithoutThePin(
      boolean pin, TestKernels kernels) throws Exception {
    Kernel k =
        kernels.create(
            b ->
                b.slabMode(SlabMode.TYPESAFE_BY_RCU)
                    .copyStrategy(CopyStrategy.COPY_EXCEPT)
                    .foreignMmPin(pin));
    MmStruct mm1 = k.newMm();
    MmStruct mm2 = k.newMm();
    assertEquals(A, mm1.mmap(A, P, RW, ANON));
    VmAreaStruct a = mm1.vmaObjectAt(A);
    AtomicReference<VmAreaStruct> readerGot = new AtomicReference<>(a);
    boolean freedBeforeWakeUp;

    try (Schedule s = Schedule.install()) {
      Thread reader = kernels.thread("R", () -> readerGot.set(lockVmaUnderRcu(mm1, A)));
      s.hold(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK)
          .hold(reader, VMA_REFCOUNT_PUT_BEFORE_DEC)
          .hold(reader, VMA_REFCOUNT_PUT_AFTER_DEC);
      reader.start();
      assertTrue(s.awaitArrival(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK));

      // munmap(A) in mm1; mmap in mm2 gets A's object back at once.
      assertEquals(0, mm1.munmap(A, P));
      assertEquals(C, mm2.mmap(C, P, RW, ANON));
      VmAreaStruct c = mm2.vmaObjectAt(C);
      assertSame(a, c, "recycled into mm2");

      // 1. R's increment lands on mm2's VMA; R is about to drop it.
      s.release(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK);
      assertTrue(s.awaitArrival(reader, VMA_REFCOUNT_PUT_BEFORE_DEC));
      assertEquals(2, vmaRefcnt(c), "attached + R's stray reference");
      assertEquals(pin ? 2 : 1, mm2.mmCount(), "mmgrab(mm2) iff the pin is there");

      // 2. mm2 exits; exit_mmap's write lock waits for R.
      Thread exiter = kernels.thread("X", () -> SchedMm.mmput(mm2));
      s.hold(exiter, VMA_START_WRITE_BEFORE_WAIT);
      exiter.start();
      assertTrue(s.awaitArrival(exiter, VMA_START_WRITE_BEFORE_WAIT));
      assertEquals(VMA_LOCK_OFFSET + 2, vmaRefcnt(c));

      // 3. R drops its reference; not yet woken the writer.
      s.release(reader, VMA_REFCOUNT_PUT_BEFORE_DEC);
      assertTrue(s.awaitArrival(reader, VMA_REFCOUNT_PUT_AFTER_DEC));
      assertEquals(VMA_LOCK_OFFSET + 1, vmaRefcnt(c), "only the writer remains");

      // 4. X sees the readers gone, tears mm2 down and drops the users' reference.
      s.release(exiter, VMA_START_WRITE_BEFORE_WAIT);
      kernels.join(exiter);
      freedBeforeWakeUp = mm2.freed();
      assertEquals(!pin, freedBeforeWakeUp, "without the pin mm2 is freed under R");

      // 5. R wakes mm2's writer, then (with the pin) mmdrop.
      s.release(reader, VMA_REFCOUNT_PUT_AFTER_DEC);
      kernels.join(reader);
    }

    assertNull(readerGot.get(), "a foreign VMA is a failure (NULL)");
    assertTrue(mm2.freed(), "mm2 is freed in the end either way (by R's mmdrop with the pin)");
    assertEquals(0, mm2.mmCount());
    assertEquals(
        pin ? 0 : 1,
        k.warningsSink().count(WarnKind.MM_USE_AFTER_FREE),
        "the wake-up read a freed mm iff unpinned");
    assertEquals(pin ? 0 : 1, k.warningsSink().total(), k.warnings().toString());
  }
}
