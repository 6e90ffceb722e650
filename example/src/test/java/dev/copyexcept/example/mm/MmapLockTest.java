package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.MmapLock.MMAP_LOCK_SPECULATE_FAILED;
import static dev.copyexcept.example.mm.MmapLock.REFCOUNT_SATURATED;
import static dev.copyexcept.example.mm.MmapLock.VMA_LOCK_OFFSET;
import static dev.copyexcept.example.mm.MmapLock.VMA_REF_LIMIT;
import static dev.copyexcept.example.mm.MmapLock.lockVmaUnderRcu;
import static dev.copyexcept.example.mm.MmapLock.mmapAssertLocked;
import static dev.copyexcept.example.mm.MmapLock.mmapAssertWriteLocked;
import static dev.copyexcept.example.mm.MmapLock.mmapLockSpeculateRetry;
import static dev.copyexcept.example.mm.MmapLock.mmapLockSpeculateTryBegin;
import static dev.copyexcept.example.mm.MmapLock.mmapReadLock;
import static dev.copyexcept.example.mm.MmapLock.mmapReadUnlock;
import static dev.copyexcept.example.mm.MmapLock.mmapWriteDowngrade;
import static dev.copyexcept.example.mm.MmapLock.mmapWriteLock;
import static dev.copyexcept.example.mm.MmapLock.mmapWriteUnlock;
import static dev.copyexcept.example.mm.MmapLock.vmaAssertAttached;
import static dev.copyexcept.example.mm.MmapLock.vmaAssertDetached;
import static dev.copyexcept.example.mm.MmapLock.vmaAssertLocked;
import static dev.copyexcept.example.mm.MmapLock.vmaAssertWriteLocked;
import static dev.copyexcept.example.mm.MmapLock.vmaEndRead;
import static dev.copyexcept.example.mm.MmapLock.vmaIsWriteLocked;
import static dev.copyexcept.example.mm.MmapLock.vmaMarkAttached;
import static dev.copyexcept.example.mm.MmapLock.vmaMarkDetached;
import static dev.copyexcept.example.mm.MmapLock.vmaRefcnt;
import static dev.copyexcept.example.mm.MmapLock.vmaStartRead;
import static dev.copyexcept.example.mm.MmapLock.vmaStartReadLocked;
import static dev.copyexcept.example.mm.MmapLock.vmaStartWrite;
import static dev.copyexcept.example.mm.VmaFixtures.awaitParkedWriter;
import static dev.copyexcept.example.mm.VmaFixtures.mapVma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.Interleave.Point;
import dev.copyexcept.example.debug.Schedule;
import dev.copyexcept.example.debug.WarnKind;
import dev.copyexcept.example.slab.SlabMode;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each transition of the mmap lock and the per-VMA lock, and each warning, one at a time. */
@ExtendWith(KernelExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MmapLockTest {
  private static final long A = 0x10000;
  private static final long A_END = 0x12000;

  /**
   * Runs {@code body} inside an RCU read section of {@code mm}'s kernel (vmaStartRead's
   * precondition).
   */
  private static <T> T underRcu(MmStruct mm, Function<MmStruct, T> body) {
    mm.kernel().rcu().rcuReadLock();
    try {
      return body.apply(mm);
    } finally {
      mm.kernel().rcu().rcuReadUnlock();
    }
  }

  // --- mmap_lock and mm_lock_seq --------------------------------------------------------------

  @Test
  void mmapWriteLock_held_mmLockSeqOddThenEvenAfterUnlock(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    int before = mm.mmLockSeq();
    assertEquals(0, before & 1);
    mmapWriteLock(mm);
    assertEquals(before + 1, mm.mmLockSeq());
    assertTrue(mmapAssertWriteLocked(mm));
    mmapWriteUnlock(mm);
    assertEquals(before + 2, mm.mmLockSeq());
    assertFalse(mm.mmap_lock.isWriteLocked());
  }

  @Test
  void mmapWriteUnlock_twoVmasWriteLocked_endsEveryVmaWriteLock(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    VmAreaStruct a = mapVma(mm, A, A_END);
    VmAreaStruct b = mapVma(mm, 0x20000, 0x21000);
    mmapWriteLock(mm);
    vmaStartWrite(a);
    vmaStartWrite(b);
    assertTrue(vmaIsWriteLocked(a) && vmaIsWriteLocked(b));
    mmapWriteUnlock(mm);
    assertFalse(vmaIsWriteLocked(a));
    assertFalse(vmaIsWriteLocked(b));
    assertEquals(1, vmaRefcnt(a));
    assertEquals(1, vmaRefcnt(b));
  }

  @Test
  void mmapWriteDowngrade_vmaWriteLocked_endsVmaLocksKeepsMmapReadLock(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    VmAreaStruct a = mapVma(mm, A, A_END);
    mmapWriteLock(mm);
    vmaStartWrite(a);
    mmapWriteDowngrade(mm);
    assertFalse(vmaIsWriteLocked(a));
    assertEquals(0, mm.mmLockSeq() & 1);
    assertFalse(mm.mmap_lock.isWriteLocked());
    assertEquals(1, mm.mmap_lock.getReadHoldCount());
    assertTrue(mmapAssertLocked(mm));
    assertSame(
        VmaReadResult.LOCKED, underRcu(mm, m -> vmaStartRead(m, a)), "readers may lock it again");
    vmaEndRead(a);
    mmapReadUnlock(mm);
    assertEquals(0, mm.mmap_lock.getReadHoldCount());
  }

  @Test
  void mmapLockSpeculate_noWriterBetween_noRetry(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    long seq = mmapLockSpeculateTryBegin(mm);
    assertNotEquals(MMAP_LOCK_SPECULATE_FAILED, seq);
    assertFalse(mmapLockSpeculateRetry(mm, seq));
  }

  @Test
  void mmapLockSpeculate_writeSessionBetween_retry(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    long seq = mmapLockSpeculateTryBegin(mm);
    mmapWriteLock(mm);
    mmapWriteUnlock(mm);
    assertTrue(mmapLockSpeculateRetry(mm, seq));
  }

  @Test
  void mmapLockSpeculateTryBegin_writeLocked_failsAndRetryIsTrue(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    mmapWriteLock(mm);
    long seq = mmapLockSpeculateTryBegin(mm);
    assertEquals(MMAP_LOCK_SPECULATE_FAILED, seq);
    assertTrue(mmapLockSpeculateRetry(mm, seq));
    mmapWriteUnlock(mm);
  }

  @Test
  @ExpectWarnings
  void mmapReadUnlock_notLocked_warnsMmapNotLocked(TestKernels kernels) {
    Kernel k = kernels.create();
    mmapReadUnlock(k.newMm());
    assertEquals(1, k.warningsSink().count(WarnKind.MMAP_NOT_LOCKED));
  }

  @Test
  @ExpectWarnings
  void mmapWriteUnlock_notLocked_warnsMmapNotWriteLocked(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    int seq = mm.mmLockSeq();
    mmapWriteUnlock(mm);
    assertEquals(1, k.warningsSink().count(WarnKind.MMAP_NOT_WRITE_LOCKED));
    assertEquals(seq, mm.mmLockSeq(), "nothing changed");
  }

  // --- attach / detach ----------------------------------------------------------------------

  @Test
  void vmaMarkAttached_writeLockedDetached_refcntOne(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    mmapWriteLock(mm);
    VmAreaStruct vma = VmaInit.vmAreaAlloc(mm);
    vmaStartWrite(vma);
    assertEquals(0, vmaRefcnt(vma), "write-locking a detached VMA adds no offset");
    assertTrue(vmaIsWriteLocked(vma));
    vmaMarkAttached(vma);
    assertEquals(1, vmaRefcnt(vma));
    assertTrue(vmaAssertAttached(vma));
    vmaMarkDetached(vma);
    VmaInit.vmAreaFree(vma);
    mmapWriteUnlock(mm);
  }

  @Test
  @ExpectWarnings
  void vmaMarkAttached_attached_warnsAlreadyAttachedAndKeepsCount(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    vma.vm_refcnt = 3; // attached with two readers
    mmapWriteLock(mm);
    vma.vm_lock_seq = mm.mmLockSeq(); // write-locked (as far as the assertion can tell)
    vmaMarkAttached(vma);
    assertEquals(1, k.warningsSink().count(WarnKind.VMA_ALREADY_ATTACHED));
    assertEquals(3, vmaRefcnt(vma), "readers' references are not erased");
    mmapWriteUnlock(mm);
  }

  @Test
  @ExpectWarnings
  void vmaMarkAttached_notWriteLocked_warnsVmaNotWriteLocked(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    mmapWriteLock(mm);
    VmAreaStruct vma = VmaInit.vmAreaAlloc(mm);
    vmaMarkAttached(vma);
    assertEquals(1, k.warningsSink().count(WarnKind.VMA_NOT_WRITE_LOCKED));
    mmapWriteUnlock(mm);
  }

  @Test
  void vmaMarkDetached_noReaders_refcntZero(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    mmapWriteLock(mm);
    vmaStartWrite(vma);
    vmaMarkDetached(vma);
    assertEquals(0, vmaRefcnt(vma));
    assertTrue(vmaAssertDetached(vma));
    mm.mm_mt.erase(A, A_END); // finish the munmap, so that the mm is consistent again
    mm.map_count--;
    mmapWriteUnlock(mm);
    VmaInit.vmAreaFree(vma);
  }

  @Test
  @ExpectWarnings
  void vmaMarkDetached_detached_warnsAlreadyDetached(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    mmapWriteLock(mm);
    VmAreaStruct vma = VmaInit.vmAreaAlloc(mm);
    vmaStartWrite(vma);
    vmaMarkDetached(vma);
    assertEquals(1, k.warningsSink().count(WarnKind.VMA_ALREADY_DETACHED));
    assertEquals(0, vmaRefcnt(vma), "no underflow: the decrement was refused");
    assertEquals(0, k.warningsSink().count(WarnKind.REFCOUNT_UNDERFLOW));
    mmapWriteUnlock(mm);
  }

  // --- readers ------------------------------------------------------------------------------

  @Test
  void vmaStartRead_attachedUnlocked_locksAndEndReadReleases(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    assertSame(VmaReadResult.LOCKED, underRcu(mm, m -> vmaStartRead(m, vma)));
    assertEquals(2, vmaRefcnt(vma));
    assertTrue(vmaAssertLocked(vma));
    vmaEndRead(vma);
    assertEquals(1, vmaRefcnt(vma));
  }

  @Test
  void vmaStartRead_writeLocked_failsWithoutTouchingCount(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    mmapWriteLock(mm);
    vmaStartWrite(vma);
    assertSame(VmaReadResult.FAILED, underRcu(mm, m -> vmaStartRead(m, vma)));
    assertEquals(1, vmaRefcnt(vma));
    mmapWriteUnlock(mm);
    assertSame(
        VmaReadResult.LOCKED,
        underRcu(mm, m -> vmaStartRead(m, vma)),
        "unlocked by mmapWriteUnlock");
    vmaEndRead(vma);
  }

  @Test
  void vmaStartRead_detached_returnsDetached(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    VmAreaStruct vma = VmaInit.vmAreaAlloc(mm);
    assertSame(VmaReadResult.DETACHED, underRcu(mm, m -> vmaStartRead(m, vma)));
    assertEquals(0, vmaRefcnt(vma));
  }

  @Test
  void vmaStartRead_writerOffsetPresent_failsWithoutTouchingCount(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    vma.vm_refcnt = VMA_LOCK_OFFSET + 2; // a writer waits for one reader
    assertSame(VmaReadResult.FAILED, underRcu(mm, m -> vmaStartRead(m, vma)));
    assertEquals(VMA_LOCK_OFFSET + 2, vmaRefcnt(vma));
    vma.vm_refcnt = 1;
  }

  @Test
  void vmaStartRead_atRefLimit_fails(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    vma.vm_refcnt = VMA_REF_LIMIT;
    assertSame(VmaReadResult.FAILED, underRcu(mm, m -> vmaStartRead(m, vma)));
    assertEquals(VMA_REF_LIMIT, vmaRefcnt(vma));
    vma.vm_refcnt = VMA_REF_LIMIT - 1;
    assertSame(
        VmaReadResult.LOCKED,
        underRcu(mm, m -> vmaStartRead(m, vma)),
        "the limit itself is reachable");
    assertEquals(VMA_REF_LIMIT, vmaRefcnt(vma));
    vma.vm_refcnt = 1;
  }

  @Test
  void vmaStartReadLocked_underMmapReadLock_locks(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    mmapReadLock(mm);
    assertTrue(vmaStartReadLocked(vma));
    mmapReadUnlock(mm);
    assertEquals(2, vmaRefcnt(vma));
    vmaEndRead(vma);
    assertEquals(1, vmaRefcnt(vma));
  }

  @Test
  @ExpectWarnings
  void vmaStartReadLocked_withoutMmapLock_warnsMmapNotLocked(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    assertTrue(vmaStartReadLocked(vma));
    vmaEndRead(vma);
    assertEquals(1, k.warningsSink().count(WarnKind.MMAP_NOT_LOCKED));
  }

  @Test
  void lockVmaUnderRcu_noVma_returnsNullCountsAbort(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    assertNull(lockVmaUnderRcu(mm, A));
    assertEquals(1L, k.vmstat().get("vma_lock_abort"));
    assertEquals(0L, k.vmstat().get("vma_lock_miss"));
  }

  @Test
  void lockVmaUnderRcu_attachedVma_returnsItReadLocked(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    assertSame(vma, lockVmaUnderRcu(mm, A_END - 1));
    assertEquals(2, vmaRefcnt(vma));
    vmaEndRead(vma);
    assertEquals(0L, k.vmstat().get("vma_lock_abort"));
    assertEquals(0L, k.vmstat().get("vma_lock_success"), "success is counted by the fault path");
  }

  @Test
  void lockVmaUnderRcu_writeLocked_returnsNullCountsAbort(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    mmapWriteLock(mm);
    vmaStartWrite(vma);
    assertNull(lockVmaUnderRcu(mm, A));
    assertEquals(1L, k.vmstat().get("vma_lock_abort"));
    mmapWriteUnlock(mm);
    assertEquals(1, vmaRefcnt(vma));
  }

  @Test
  void lockVmaUnderRcu_rangeChangedAfterWalk_dropsReferenceAndAborts(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    vma.vm_end = A + 0x1000; // the tree still says [A, A_END): a writer is between the two updates
    assertNull(lockVmaUnderRcu(mm, A + 0x1000));
    assertEquals(1, vmaRefcnt(vma));
    assertEquals(1L, k.vmstat().get("vma_lock_abort"));
    vma.vm_end = A_END; // the writer's second update: the mm is consistent again
  }

  // --- writers ------------------------------------------------------------------------------

  @Test
  void vmaStartWrite_noReaders_locksAndRemovesOffset(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    mmapWriteLock(mm);
    vmaStartWrite(vma);
    assertTrue(vmaIsWriteLocked(vma));
    assertTrue(vmaAssertWriteLocked(vma));
    assertTrue(vmaAssertLocked(vma));
    assertEquals(1, vmaRefcnt(vma));
    vmaStartWrite(vma); // already locked in this session: no-op
    assertEquals(1, vmaRefcnt(vma));
    mmapWriteUnlock(mm);
  }

  @Test
  @ExpectWarnings
  void vmaStartWrite_withoutMmapLock_warnsAndDoesNotLock(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    vmaStartWrite(vma);
    assertEquals(1, k.warningsSink().count(WarnKind.MMAP_NOT_WRITE_LOCKED));
    assertEquals(1, vmaRefcnt(vma));
    assertNotEquals(mm.mmLockSeq(), MmapLock.vmaLockSeq(vma));
  }

  // --- assertions and refcount_t warnings ----------------------------------------------------

  @Test
  @ExpectWarnings
  void vmaAssertions_violated_eachWarnsItsKind(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct attached = mapVma(mm, A, A_END);
    VmAreaStruct detached = VmaInit.vmAreaAlloc(mm);
    assertFalse(vmaAssertAttached(detached));
    assertFalse(vmaAssertDetached(attached));
    assertFalse(vmaAssertLocked(attached));
    mmapWriteLock(mm);
    assertFalse(vmaAssertWriteLocked(attached));
    mmapWriteUnlock(mm);
    assertFalse(mmapAssertLocked(mm));
    assertFalse(mmapAssertWriteLocked(mm));
    assertEquals(1, k.warningsSink().count(WarnKind.VMA_NOT_ATTACHED));
    assertEquals(1, k.warningsSink().count(WarnKind.VMA_NOT_DETACHED));
    assertEquals(1, k.warningsSink().count(WarnKind.VMA_NOT_LOCKED));
    assertEquals(1, k.warningsSink().count(WarnKind.VMA_NOT_WRITE_LOCKED));
    assertEquals(1, k.warningsSink().count(WarnKind.MMAP_NOT_LOCKED));
    assertEquals(1, k.warningsSink().count(WarnKind.MMAP_NOT_WRITE_LOCKED));
    assertEquals(6, k.warningsSink().total());
  }

  @Test
  @ExpectWarnings
  void vmaEndRead_countZero_warnsUnderflowAndSaturates(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = VmaInit.vmAreaAlloc(mm);
    vmaEndRead(vma);
    assertEquals(1, k.warningsSink().count(WarnKind.REFCOUNT_UNDERFLOW));
    assertEquals(REFCOUNT_SATURATED, vmaRefcnt(vma), "saturated, not wrapped to -1");
    vmaEndRead(vma);
    assertEquals(REFCOUNT_SATURATED, vmaRefcnt(vma), "stays saturated");
    assertEquals(2, k.warningsSink().count(WarnKind.REFCOUNT_UNDERFLOW));
  }

  @Test
  @ExpectWarnings
  void vmaStartRead_saturatedCount_warnsSaturatedAndStaysSaturated(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    vma.vm_refcnt = REFCOUNT_SATURATED;
    underRcu(mm, m -> vmaStartRead(m, vma));
    assertEquals(1, k.warningsSink().count(WarnKind.REFCOUNT_SATURATED));
    assertEquals(REFCOUNT_SATURATED, vmaRefcnt(vma));
  }

  @Test
  @ExpectWarnings
  void vmaStartWrite_countWouldOverflow_warnsSaturatedAndPinsCount(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    vma.vm_refcnt = VMA_LOCK_OFFSET + 1; // corrupted: an offset nobody added
    mmapWriteLock(mm);
    vmaStartWrite(vma); // adding another offset would wrap past INT_MAX
    mmapWriteUnlock(mm);
    assertTrue(k.warningsSink().count(WarnKind.REFCOUNT_SATURATED) >= 1);
    assertEquals(REFCOUNT_SATURATED, vmaRefcnt(vma), "saturated, never wrapped");
  }

  @Test
  @ExpectWarnings
  void lockVmaUnderRcu_vmaFreedButLeftInTreeAndPageReleased_warnsUseAfterFreeAndAborts(
      TestKernels kernels) {
    Kernel k = kernels.create(b -> b.slabMode(SlabMode.TYPESAFE_BY_RCU).vmaObjsPerSlab(1));
    MmStruct mm = k.newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    mmapWriteLock(mm);
    vmaStartWrite(vma);
    vmaMarkDetached(vma);
    VmaInit.vmAreaFree(vma); // BUG under test: freed while still in the tree
    mmapWriteUnlock(mm);
    k.vmAreaCachep().shrink(); // the empty slab is released after a grace period...
    k.rcu().rcuBarrier(); // ...which has now passed: the object is poisoned
    assertTrue(vma.slabPoisoned());
    assertNull(lockVmaUnderRcu(mm, A));
    assertEquals(1, k.warningsSink().count(WarnKind.SLAB_USE_AFTER_FREE));
    assertEquals(1L, k.vmstat().get("vma_lock_abort"));
  }

  @Test
  @ExpectWarnings
  void vmaMarkDetached_countCorruptedWhileWaiting_warnsUnderflowAndRefcntCorrupt(
      TestKernels kernels) throws Exception {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    try (Schedule s = Schedule.install()) {
      Thread writer =
          kernels.thread(
              "W",
              () -> {
                mmapWriteLock(mm);
                vmaStartWrite(vma);
                vma.vm_refcnt = 2; // a straggler reader got in
                vmaMarkDetached(vma); // 2 -> 1: waits for the straggler
                mmapWriteUnlock(mm);
              });
      s.hold(writer, Point.VMA_MARK_DETACHED_BEFORE_WAIT);
      writer.start();
      assertTrue(s.awaitArrival(writer, Point.VMA_MARK_DETACHED_BEFORE_WAIT));
      assertEquals(VMA_LOCK_OFFSET + 1, vmaRefcnt(vma));
      vma.vm_refcnt = REFCOUNT_SATURATED; // someone else's underflow corrupted the count
      s.release(writer, Point.VMA_MARK_DETACHED_BEFORE_WAIT);
      kernels.join(writer); // does not hang on a count that can never drain
    }
    assertEquals(1, k.warningsSink().count(WarnKind.VMA_REFCNT_CORRUPT));
    assertEquals(
        1,
        k.warningsSink().count(WarnKind.REFCOUNT_UNDERFLOW),
        "removing the offset from a saturated count");
    assertEquals(REFCOUNT_SATURATED, vmaRefcnt(vma));
  }

  @Test
  @ExpectWarnings
  void vmaStartWrite_anotherWriterAlreadyWaiting_warnsRcuwaitSecondWaiter(TestKernels kernels)
      throws Exception {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    assertSame(vma, lockVmaUnderRcu(mm, A)); // a reader holds it: the writer will wait
    Thread ghost = new Thread(() -> {}, "ghost-waiter");
    mm.vma_writer_wait = ghost; // corrupted rcuwait: a waiter that is not there
    Thread writer =
        kernels.thread(
            "W",
            () -> {
              mmapWriteLock(mm);
              vmaStartWrite(vma);
              mmapWriteUnlock(mm);
            });
    writer.start();
    awaitParkedWriter(mm, writer);
    vmaEndRead(vma);
    kernels.join(writer);
    assertEquals(1, k.warningsSink().count(WarnKind.RCUWAIT_SECOND_WAITER));
    assertNull(mm.vma_writer_wait);
  }

  @Test
  @ExpectWarnings
  void mmdrop_belowZero_warnsMmUseAfterFree(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    SchedMm.mmdrop(mm); // 1 -> 0: freed
    assertEquals(0, k.warningsSink().total());
    SchedMm.mmdrop(mm); // 0 -> -1
    assertEquals(1, k.warningsSink().count(WarnKind.MM_USE_AFTER_FREE));
  }

  @Test
  @ExpectWarnings
  void vmaEndRead_wakesWriterOfFreedMm_warnsMmUseAfterFree(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = mapVma(mm, A, A_END);
    vma.vm_refcnt = VMA_LOCK_OFFSET + 2; // a writer waits for one reader
    mm.mm_count = 0; // ...of an mm that was freed: the use-after-free the foreign-mm pin prevents
    vmaEndRead(vma);
    assertEquals(1, k.warningsSink().count(WarnKind.MM_USE_AFTER_FREE));
    assertEquals(VMA_LOCK_OFFSET + 1, vmaRefcnt(vma));
    mm.mm_count = 1;
    vma.vm_refcnt = 1;
  }

  // --- mmgrab / mmdrop ----------------------------------------------------------------------

  @Test
  void mmgrabMmdrop_balanced_mmCountBackToOne(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    assertEquals(1, mm.mmCount());
    SchedMm.mmgrab(mm);
    assertEquals(2, mm.mmCount());
    SchedMm.mmdrop(mm);
    assertEquals(1, mm.mmCount());
  }
}
