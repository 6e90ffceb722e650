package dev.copyexcept.example.mm;

import dev.copyexcept.example.debug.Interleave;
import dev.copyexcept.example.debug.Interleave.Point;
import dev.copyexcept.example.debug.WarnKind;
import dev.copyexcept.example.rcu.RcuDomain;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The mmap lock and the per-VMA lock: {@code include/linux/mmap_lock.h} and {@code mm/mmap_lock.c}
 * of Linux 6.15+ (the {@code vm_refcnt} design), as static functions with the kernel's names in
 * camelCase.
 *
 * <p>Rules for callers, as in the kernel: a VMA is changed only with {@code mmap_lock} held for
 * write and the VMA write-locked ({@link #vmaStartWrite}); write locks end all at once when the
 * mmap write lock is released or downgraded (there is no {@code vma_end_write}); a new VMA is
 * write-locked, then attached ({@link #vmaMarkAttached}) when it is published in the tree; a VMA is
 * detached ({@link #vmaMarkDetached}) before it leaves the tree for good and freed only when
 * detached. A reader locks with {@link #lockVmaUnderRcu} and unlocks with {@link #vmaEndRead}.
 *
 * <p>Misuse raises a kernel-style warning ({@link WarnKind}) instead of a {@code VM_BUG_ON}. Where
 * carrying on would itself corrupt the lock word (attaching an attached VMA, detaching a detached
 * one, write-locking without {@code mmap_lock}), the model warns and refuses; otherwise it warns
 * and carries on as a non-debug kernel would.
 */
public final class MmapLock {
  /*
   * Implementation notes.
   *
   * The lock word. vma->vm_refcnt is both the reference count that makes a VMA found under RCU
   * safe to use and the per-VMA reader/writer lock. It is a refcount_t: every operation below
   * checks for underflow and overflow like lib/refcount.c and saturates instead of wrapping.
   *
   *   vm_refcnt                          meaning
   *   ---------------------------------  --------------------------------------------------------
   *   0                                  detached (not in any tree, or free in the slab); readers'
   *                                      increments fail ("inc not zero") -> DETACHED, walk again
   *   1                                  attached, no readers
   *   1 + n   (n <= VMA_REF_LIMIT - 1)   attached, n readers
   *   VMA_LOCK_OFFSET + 1 + n            a writer (vmaStartWrite) waits for n readers to leave;
   *                                      readers' increments fail (over VMA_REF_LIMIT) -> FAILED
   *   VMA_LOCK_OFFSET + n                a detaching writer (vmaMarkDetached) waits for n readers
   *   REFCOUNT_SATURATED (negative)      corrupted: an underflow or overflow was detected, warned
   *                                      about, and the count pinned so it never wraps
   *
   * vm_lock_seq vs mm_lock_seq. mm_lock_seq is odd exactly while mmap_lock is write-held
   * (mmapWriteLock increments it, vmaEndWriteAll increments it again). vmaStartWrite stores the
   * current (odd) mm_lock_seq into vm_lock_seq: the VMA is write-locked exactly while the two
   * are equal, so ending the mmap write session unlocks every VMA it locked at once.
   * VM_LOCK_SEQ_UNLOCKED (-1, the kernel's UINT_MAX) marks a new or copied VMA as never locked.
   * A wrap of mm_lock_seq can make an unlocked VMA look locked (a false "locked" result, which
   * only costs a fall back); it can never make a locked VMA look unlocked.
   *
   * Order of checks in vmaStartRead (the kernel's):
   *   1. racy early check vm_lock_seq == mm_lock_seq (opaque loads) -> FAILED;
   *   2. __refcount_inc_not_zero_limited_acquire(vm_refcnt, VMA_REF_LIMIT): 0 -> DETACHED;
   *      a result over the limit (a writer's offset, or too many readers) -> FAILED;
   *   3. vm_mm != mm (recycled into another mm): mmgrab(other), drop the reference (which may
   *      wake that mm's writer), mmdrop -> FAILED (the kernel returns NULL here, not -EAGAIN);
   *   4. authoritative vm_lock_seq == mm_lock_seq with an acquire load of mm_lock_seq -> drop
   *      the reference, FAILED;
   *   5. LOCKED. lockVmaUnderRcu then checks the address against [vm_start, vm_end).
   *
   * Memory ordering (each pair is repeated at the access):
   *   - vmaMarkAttached's release store of 1 pairs with the acquire increment in vmaStartRead:
   *     a reader that gets a reference sees every store made to the VMA before it was attached.
   *   - __vma_exit_locked's release subtraction of VMA_LOCK_OFFSET (after WRITE_ONCE of
   *     vm_lock_seq) pairs with the acquire increment: a reader that gets in after a writer sees
   *     the writer's vm_lock_seq and so the re-check (4) fails while the session lasts.
   *   - vmaEndWriteAll's release store of mm_lock_seq pairs with the acquire load in check (4)
   *     and in mmapLockSpeculateTryBegin: a reader that sees the session ended sees everything
   *     the session wrote.
   *   - the readers' release decrement (vmaRefcountPut) pairs with the writer's volatile load
   *     of vm_refcnt in rcuwaitWaitEvent: a writer that sees the readers gone is ordered after
   *     everything they read.
   *   - rcuwait (no lost wake-up): the waiter registers itself with a volatile exchange and then
   *     reads vm_refcnt volatile; the waker decrements (release RMW), issues a full fence (the
   *     smp_mb in rcuwait_wake_up), then reads the waiter volatile. By the seq_cst-fence rules
   *     either the waiter's read sees the decrement or the waker sees the waiter; unpark before
   *     park is remembered by LockSupport, so a wake-up is never lost.
   *   - mmLockSeqcountBegin: opaque increment then storeStoreFence (do_raw_write_seqcount_begin's
   *     smp_wmb) pairs with the loadLoadFence in mmapLockSpeculateRetry.
   *
   * Progress. Readers never block: every failure returns. A writer blocks in rcuwaitWaitEvent
   * until readers drain; readers hold a VMA lock for a bounded time (a fault), and new readers
   * cannot enter while the offset is set, so the writer's wait is bounded by the slowest current
   * reader. Interrupts do not end the wait (TASK_UNINTERRUPTIBLE); the flag is restored after.
   * A saturated (negative) count ends the wait: it can never drain, its warning was raised, and
   * a model that hangs reports nothing (the kernel would hang).
   *
   * Known differences from the kernel: no lockdep (the assertions check the caller's own mmap
   * lock, which is stricter); the kernel's rcuwait and task states become LockSupport park/unpark;
   * the atomic_try_cmpxchg_relaxed of refcount_add_not_zero is a volatile CAS here (stronger).
   *
   * References: include/linux/mmap_lock.h, mm/mmap_lock.c (lock_vma_under_rcu, vma_start_read,
   * __vma_start_write, vma_mark_detached, __vma_enter_locked), lib/refcount.c,
   * include/linux/refcount.h, include/linux/rcuwait.h, Documentation/mm/process_addrs.rst.
   */

  // --- Constants: every state of the lock words is named here (see the table above). --------

  /** Added to {@code vm_refcnt} by a writer while it waits for readers (bit 30). */
  public static final int VMA_LOCK_OFFSET = 0x40000000;

  /**
   * The highest count a reader's increment may produce; any writer offset puts the count above it.
   */
  public static final int VMA_REF_LIMIT = VMA_LOCK_OFFSET - 1;

  /**
   * The value a corrupted {@code refcount_t} is pinned at ({@code INT_MIN / 2}), as in
   * lib/refcount.c.
   */
  public static final int REFCOUNT_SATURATED = Integer.MIN_VALUE / 2;

  /** {@code vm_lock_seq} of a VMA that no mmap write session has locked ({@code UINT_MAX}). */
  public static final int VM_LOCK_SEQ_UNLOCKED = -1;

  /**
   * {@link #mmapLockSpeculateTryBegin} result: {@code mmap_lock} is write-held, do not speculate.
   */
  static final long MMAP_LOCK_SPECULATE_FAILED = -1L;

  private MmapLock() {}

  // ===========================================================================================
  // mmap_lock
  // ===========================================================================================

  /**
   * {@code mmap_write_lock}: takes {@code mmap_lock} for write and starts a write session
   * (mm_lock_seq odd).
   */
  static void mmapWriteLock(MmStruct mm) {
    mm.mmap_lock.writeLock().lock();
    mmLockSeqcountBegin(mm);
  }

  /** {@code mmap_write_trylock}. */
  static boolean mmapWriteTrylock(MmStruct mm) {
    if (!mm.mmap_lock.writeLock().tryLock()) {
      return false;
    }
    mmLockSeqcountBegin(mm);
    return true;
  }

  /**
   * {@code mmap_write_unlock}: ends every VMA write lock of the session (vma_end_write_all), then
   * unlocks.
   */
  static void mmapWriteUnlock(MmStruct mm) {
    if (!mmapAssertWriteLocked(mm)) {
      return; // unlocking a lock we do not hold would throw; the warning is the report
    }
    vmaEndWriteAll(mm);
    mm.mmap_lock.writeLock().unlock();
  }

  /** {@code mmap_write_downgrade}: ends every VMA write lock, keeps {@code mmap_lock} for read. */
  static void mmapWriteDowngrade(MmStruct mm) {
    if (!mmapAssertWriteLocked(mm)) {
      return;
    }
    vmaEndWriteAll(mm);
    mm.mmap_lock.readLock().lock(); // a write holder may always take the read lock: downgrade
    mm.mmap_lock.writeLock().unlock();
  }

  /** {@code mmap_read_lock}. */
  static void mmapReadLock(MmStruct mm) {
    mm.mmap_lock.readLock().lock();
  }

  /**
   * {@code mmap_read_trylock}: fails if a writer holds {@code mmap_lock} or a thread waits for it
   * (an rwsem's read trylock fails with waiters queued: {@code RWSEM_READ_FAILED_MASK}); the JDK
   * lock's {@code tryLock} would barge past a queued writer, hence the explicit check, which is an
   * estimate ({@code hasQueuedThreads}) just as the kernel's is a snapshot of the count.
   */
  static boolean mmapReadTrylock(MmStruct mm) {
    if (mm.mmap_lock.hasQueuedThreads()) {
      return false;
    }
    return mm.mmap_lock.readLock().tryLock();
  }

  /**
   * {@code lock_mm_and_find_vma}: the fault path's {@code mmap_lock} fallback. Takes {@code
   * mmap_lock} for read and returns the VMA containing {@code addr} with the lock still held; if
   * {@code addr} is just below a {@code VM_GROWSDOWN} VMA, the stack grows to it first, which needs
   * the write lock: there is no atomic upgrade ({@code mmap_upgrade_trylock} always fails), so the
   * read lock is dropped, the write lock taken, the VMA looked up again (anything may have happened
   * meanwhile), the stack expanded, and the lock downgraded to read. Returns null, with {@code
   * mmap_lock} released, when there is no VMA for {@code addr} (a SIGSEGV: {@code
   * bad_area_nosemaphore}).
   */
  public static VmAreaStruct lockMmAndFindVma(MmStruct mm, long addr) {
    mmapReadLock(mm); // get_mmap_lock_carefully
    VmAreaStruct vma = VmaFunctions.findVma(mm, addr);
    if (vma != null && vma.vm_start <= addr) {
      return vma;
    }
    if (vma == null || (vma.vm_flags & VmFlags.VM_GROWSDOWN) == 0) {
      mmapReadUnlock(mm);
      return null;
    }
    // mmap_upgrade_trylock: "Nope". upgrade_mmap_lock_carefully: drop, then take for write.
    mmapReadUnlock(mm);
    Interleave.point(Point.LOCK_MM_AND_FIND_VMA_UPGRADE);
    mmapWriteLock(mm);
    vma = VmaFunctions.findVma(mm, addr); // the VMA we had may be gone or changed
    if (vma == null) {
      mmapWriteUnlock(mm);
      return null;
    }
    if (vma.vm_start > addr) {
      if ((vma.vm_flags & VmFlags.VM_GROWSDOWN) == 0 || Mmap.expandStackLocked(vma, addr) != 0) {
        mmapWriteUnlock(mm);
        return null;
      }
    }
    mmapWriteDowngrade(mm);
    return vma;
  }

  /** {@code mmap_read_unlock}. */
  static void mmapReadUnlock(MmStruct mm) {
    if (mm.mmap_lock.getReadHoldCount() == 0) {
      mm.kernel
          .warningsSink()
          .warn(WarnKind.MMAP_NOT_LOCKED, "mmap_read_unlock without mmap_read_lock");
      return;
    }
    mm.mmap_lock.readLock().unlock();
  }

  /**
   * {@code mmap_assert_locked}: the current thread holds {@code mmap_lock} for read or write;
   * otherwise warns {@link WarnKind#MMAP_NOT_LOCKED}. Returns whether it holds it.
   */
  static boolean mmapAssertLocked(MmStruct mm) {
    if (mm.mmap_lock.isWriteLockedByCurrentThread() || mm.mmap_lock.getReadHoldCount() > 0) {
      return true;
    }
    mm.kernel.warningsSink().warn(WarnKind.MMAP_NOT_LOCKED, "mmap_lock not held");
    return false;
  }

  /**
   * {@code mmap_assert_write_locked}: the current thread holds {@code mmap_lock} for write;
   * otherwise warns {@link WarnKind#MMAP_NOT_WRITE_LOCKED}. Returns whether it holds it.
   */
  static boolean mmapAssertWriteLocked(MmStruct mm) {
    if (mm.mmap_lock.isWriteLockedByCurrentThread()) {
      return true;
    }
    mm.kernel.warningsSink().warn(WarnKind.MMAP_NOT_WRITE_LOCKED, "mmap_lock not held for write");
    return false;
  }

  /**
   * {@code mmap_lock_speculate_try_begin}: starts a lock-free speculation over the address space.
   *
   * @return the sequence to pass to {@link #mmapLockSpeculateRetry} (0 .. 2^32-1), or {@link
   *     #MMAP_LOCK_SPECULATE_FAILED} when {@code mmap_lock} is write-held (waiting for it is as
   *     good as taking it: take the slow path)
   */
  static long mmapLockSpeculateTryBegin(MmStruct mm) {
    // raw_seqcount_try_begin: READ_ONCE + smp_rmb == an acquire load; pairs with the release in
    // vmaEndWriteAll.
    int seq = mm.mmLockSeqAcquire();
    return (seq & 1) != 0 ? MMAP_LOCK_SPECULATE_FAILED : Integer.toUnsignedLong(seq);
  }

  /**
   * {@code mmap_lock_speculate_retry}: whether a speculation begun with {@code seq} must be thrown
   * away (a write session began or ended since). Always true for {@link
   * #MMAP_LOCK_SPECULATE_FAILED}.
   */
  static boolean mmapLockSpeculateRetry(MmStruct mm, long seq) {
    if (seq == MMAP_LOCK_SPECULATE_FAILED) {
      return true;
    }
    // read_seqcount_retry: smp_rmb orders the speculative reads before the re-read; pairs with
    // the storeStoreFence in mmLockSeqcountBegin.
    VarHandle.loadLoadFence();
    return mm.mmLockSeqOpaque() != (int) seq;
  }

  /** {@code mm_lock_seqcount_begin}: mm_lock_seq becomes odd. Write-lock holder only. */
  private static void mmLockSeqcountBegin(MmStruct mm) {
    int seq = mm.mmLockSeqOpaque(); // only the write holder stores it: this is our own value
    mm.setMmLockSeqOpaque(seq + 1);
    // do_raw_write_seqcount_begin's smp_wmb: the odd value is visible before any store of the
    // session; pairs with the loadLoadFence in mmapLockSpeculateRetry.
    VarHandle.storeStoreFence();
  }

  /**
   * {@code vma_end_write_all} ({@code mm_lock_seqcount_end}): mm_lock_seq becomes even, which
   * unlocks every VMA write-locked in this session. Write-lock holder only.
   */
  private static void vmaEndWriteAll(MmStruct mm) {
    int seq = mm.mmLockSeqOpaque();
    // Release: pairs with the acquire loads in vmaStartRead (check 4) and
    // mmapLockSpeculateTryBegin; whoever sees the new value sees the whole session's stores.
    mm.setMmLockSeqRelease(seq + 1);
  }

  // ===========================================================================================
  // Per-VMA lock: readers
  // ===========================================================================================

  /**
   * {@code lock_vma_under_rcu}: finds the VMA covering {@code address} and read-locks it without
   * taking {@code mmap_lock}. Walks the tree again (counting {@link VmEvent#VMA_LOCK_MISS}) each
   * time the VMA found was detached under it; on any failure counts {@link VmEvent#VMA_LOCK_ABORT}
   * and returns null, and the caller falls back to {@code mmap_lock}. {@link
   * VmEvent#VMA_LOCK_SUCCESS} is not counted here: as in the kernel, the fault path counts it once
   * the fault was handled under the VMA lock.
   *
   * @return the read-locked VMA of {@code mm} covering {@code address} (release it with {@link
   *     #vmaEndRead}), or null
   */
  public static VmAreaStruct lockVmaUnderRcu(MmStruct mm, long address) {
    RcuDomain rcu = mm.kernel.rcu();
    for (; ; ) {
      rcu.rcuReadLock();
      VmAreaStruct vma = mm.mm_mt.walk(address);
      if (vma == null) {
        rcu.rcuReadUnlock();
        break;
      }
      Interleave.point(Point.LOCK_VMA_UNDER_RCU_AFTER_WALK);
      // KASAN: we are about to touch an object we hold no reference to; under RCU its slab page
      // must not have been released. A detected use-after-free is warned about and the attempt
      // fails.
      if (!mm.kernel.vmAreaCachep().kasanCheck(vma)) {
        rcu.rcuReadUnlock();
        break;
      }
      VmaReadResult r = vmaStartRead(mm, vma);
      rcu.rcuReadUnlock();
      if (r == VmaReadResult.DETACHED) {
        mm.kernel.countVmEvent(VmEvent.VMA_LOCK_MISS);
        continue; // the area was replaced with another one: walk again
      }
      if (r == VmaReadResult.FAILED) {
        break;
      }
      // A stable reference: the VMA is read-locked and was attached when we got in; its fields
      // no longer change under us. Check that it is still the area we looked for.
      if (address < vma.vm_start || address >= vma.vm_end) {
        vmaEndRead(vma);
        break;
      }
      return vma;
    }
    mm.kernel.countVmEvent(VmEvent.VMA_LOCK_ABORT);
    return null;
  }

  /**
   * {@code vma_start_read}: tries to read-lock {@code vma}, found in {@code mm}'s tree under RCU.
   * The caller holds the RCU read lock (of {@code mm.kernel().rcu()}) before and after; on the
   * foreign-mm path the lock is dropped and re-taken in between (the fix's shape in 6.16), so after
   * a failure the caller must not touch {@code vma} again.
   */
  static VmaReadResult vmaStartRead(MmStruct mm, VmAreaStruct vma) {
    assert mm.kernel.rcu().rcuReadLockHeld() : "vmaStartRead outside an RCU read section";
    // 1. Racy early check: a pessimistic hint only (opaque loads, no ordering needed); the
    //    authoritative check is (4).
    if (vma.vmLockSeqOpaque() == mm.mmLockSeqOpaque()) {
      return VmaReadResult.FAILED;
    }
    Interleave.point(Point.VMA_START_READ_BEFORE_INC);
    // 2. Limited acquire increment: fails on 0 (detached) and whenever the writer's offset is
    //    present (the result would exceed VMA_REF_LIMIT). Acquire: pairs with the release in
    //    vmaMarkAttached and in vmaExitLocked; orders the checks below after the increment.
    int old = refcountIncNotZeroLimitedAcquire(vma, VMA_REF_LIMIT);
    if (incNotZeroLimitedRefused(old, VMA_REF_LIMIT)) {
      return old == 0 ? VmaReadResult.DETACHED : VmaReadResult.FAILED;
    }
    Interleave.point(Point.VMA_START_READ_AFTER_INC);
    // 3. Recycled into another mm: that mm is not stable; pin it across the drop, because
    //    dropping the reference may wake that mm's writer ("mm: fix a UAF when vma->mm is freed
    //    after vma->vm_refcnt got dropped", 2025).
    MmStruct other = vma.vm_mm;
    if (other != mm) {
      RcuDomain rcu = mm.kernel.rcu();
      rcu.rcuReadUnlock(); // mmdrop may be heavy; no RCU protection needed for it
      boolean pin = mm.kernel.foreignMmPin(); // false only to demonstrate the use-after-free
      if (pin) {
        SchedMm.mmgrab(other);
      }
      Interleave.point(Point.VMA_START_READ_FOREIGN_MM_GRABBED);
      vmaRefcountPut(vma, other);
      if (pin) {
        SchedMm.mmdrop(other);
      }
      rcu.rcuReadLock(); // the caller expects to still hold it
      return VmaReadResult.FAILED;
    }
    // 4. Authoritative check. Acquire on mm_lock_seq pairs with the release in vmaEndWriteAll:
    //    if the session that locked this VMA has ended we see everything it wrote. A VMA write
    //    lock cannot be taken behind our back now: vmaStartWrite waits for our reference.
    if (vma.vmLockSeqOpaque() == mm.mmLockSeqAcquire()) {
      vmaRefcountPut(vma, mm);
      return VmaReadResult.FAILED;
    }
    return VmaReadResult.LOCKED;
  }

  /**
   * {@code vma_start_read_locked}: read-locks {@code vma} while the caller holds {@code mmap_lock}
   * (so it cannot be write-locked or detached under us). False only if the reader count is at its
   * limit or a writer is waiting.
   */
  static boolean vmaStartReadLocked(VmAreaStruct vma) {
    mmapAssertLocked(vma.vm_mm);
    // Acquire: pairs with the release in vmaMarkAttached / vmaExitLocked, as in vmaStartRead.
    int old = refcountIncNotZeroLimitedAcquire(vma, VMA_REF_LIMIT);
    return !incNotZeroLimitedRefused(old, VMA_REF_LIMIT);
  }

  /**
   * {@code vma_end_read}: drops a read lock; wakes the mm's waiting writer if it was the last
   * reader.
   */
  public static void vmaEndRead(VmAreaStruct vma) {
    vmaRefcountPut(vma, vma.vm_mm);
  }

  /**
   * {@code vma_refcount_put}: drops one reference. {@code mm} is the VMA's mm read before the drop
   * (after it the VMA may be freed and reused at once) and pinned by the caller.
   */
  private static void vmaRefcountPut(VmAreaStruct vma, MmStruct mm) {
    Interleave.point(Point.VMA_REFCOUNT_PUT_BEFORE_DEC);
    // Release: pairs with the writer's volatile load in rcuwaitWaitEvent (our reads of the VMA
    // happen before its changes).
    int old = refcountSubRelease(vma, 1);
    boolean reachedZero = old == 1;
    Interleave.point(Point.VMA_REFCOUNT_PUT_AFTER_DEC);
    if (!reachedZero && isVmaWriterOnly(old - 1)) {
      rcuwaitWakeUp(mm);
    }
    if (reachedZero) {
      checkLostReference(vma, mm);
    }
  }

  /**
   * A put that takes {@code vm_refcnt} to 0 may be legitimate: a detaching writer's {@code
   * vma_mark_detached} drops the attach reference first and only then waits for readers, so a
   * transient reader's put can be the last one. What is never legitimate is an attached VMA in its
   * mm's tree with a count of 0 while no writer is active: the attach reference was lost (a stale
   * reader's increment was erased by memcpy + reset in {@code vm_area_dup} and this put consumed
   * the attach reference instead). From then on every reader misses the VMA and its teardown will
   * warn; this is the moment the memcpy bug bites, so it is reported here ({@link
   * WarnKind#VMA_REFCNT_LOST}).
   *
   * <p>The check is a lock-free diagnostic (like the kernel's {@code VM_WARN_ON_ONCE}s), so it must
   * not mistake a moving state for a broken one: between our decrement and these reads the VMA may
   * have been detached, freed, and recycled into a new VMA that is being attached, and each read
   * alone would look like a loss. It therefore runs as an {@code mmap_lock} speculation: it gives
   * up if a write session is active, and believes what it read only if no write session began or
   * ended meanwhile, so both reads see one quiescent address space, in which every VMA in the tree
   * is attached. A loss whose put overlaps a write session is left to the writer ({@code
   * vma_mark_detached} reports the 0) and to the invariant checks. {@code mm} is pinned by the
   * caller; the tree walk is lock-free.
   */
  private static void checkLostReference(VmAreaStruct vma, MmStruct mm) {
    long seq = mmapLockSpeculateTryBegin(mm);
    if (seq == MMAP_LOCK_SPECULATE_FAILED) {
      return;
    }
    boolean lost = vma.vmRefcntOpaque() == 0 && mm.mm_mt.walk(vma.vm_start) == vma;
    if (lost && !mmapLockSpeculateRetry(mm, seq)) {
      mm.kernel
          .warningsSink()
          .warn(
              WarnKind.VMA_REFCNT_LOST,
              "vma_refcount_put: a reader's put took vm_refcnt of an attached VMA to 0 (its attach"
                  + " reference was lost)");
    }
  }

  /**
   * {@code is_vma_writer_only}: only a writer remains ({@code OFFSET + 1} attached, {@code OFFSET}
   * detaching). Readers racing to increment may make a wake-up spurious; the waiter re-checks.
   */
  private static boolean isVmaWriterOnly(int refcnt) {
    return (refcnt & VMA_LOCK_OFFSET) != 0 && refcnt <= VMA_LOCK_OFFSET + 1;
  }

  // ===========================================================================================
  // Per-VMA lock: writers
  // ===========================================================================================

  /**
   * {@code vma_start_write}: write-locks {@code vma} for the rest of the current mmap write
   * session, waiting for its readers to leave. A no-op if already write-locked in this session.
   * Requires {@code mmap_lock} held for write (else warns {@link WarnKind#MMAP_NOT_WRITE_LOCKED}
   * and does nothing).
   */
  static void vmaStartWrite(VmAreaStruct vma) {
    MmStruct mm = vma.vm_mm;
    if (!mmapAssertWriteLocked(mm)) {
      return;
    }
    int seq = mm.mmLockSeqOpaque(); // we are the only writer of mm_lock_seq
    if (vma.vmLockSeqOpaque() == seq) {
      return; // __is_vma_write_locked: already locked in this session
    }
    vmaStartWriteSlow(vma, seq);
  }

  /** {@code __vma_start_write}. */
  private static void vmaStartWriteSlow(VmAreaStruct vma, int seq) {
    // Returns false at once if the VMA is detached (no reader can be in), otherwise waits until
    // the count shows the VMA attached with no readers.
    boolean locked = vmaEnterLocked(vma, false);
    // WRITE_ONCE: the early check in vmaStartRead reads it racily. Published to readers by the
    // release in vmaExitLocked (or, for a detached VMA, by vmaMarkAttached's release).
    vma.setVmLockSeqOpaque(seq);
    if (locked) {
      boolean detached = vmaExitLocked(vma);
      if (detached) {
        vma.vm_mm
            .kernel
            .warningsSink()
            .warn(WarnKind.VMA_REFCNT_CORRUPT, "vma became detached while being write-locked");
      }
    }
  }

  /**
   * {@code __vma_enter_locked}: adds {@link #VMA_LOCK_OFFSET} unless detached, then waits until
   * only the writer remains ({@code OFFSET + 1}, or {@code OFFSET} when detaching).
   *
   * @return false if the VMA was detached (nothing added, nothing to wait for)
   */
  private static boolean vmaEnterLocked(VmAreaStruct vma, boolean detaching) {
    int tgtRefcnt = VMA_LOCK_OFFSET + (detaching ? 0 : 1);
    // A detached VMA's count can only be raised by vmaMarkAttached, which needs the mmap write
    // lock we hold: no race.
    if (!refcountAddNotZero(vma, VMA_LOCK_OFFSET)) {
      return false;
    }
    Interleave.point(
        detaching ? Point.VMA_MARK_DETACHED_BEFORE_WAIT : Point.VMA_START_WRITE_BEFORE_WAIT);
    rcuwaitWaitEvent(vma.vm_mm, vma, tgtRefcnt);
    return true;
  }

  /**
   * {@code __vma_exit_locked}: removes the offset; returns whether the count reached 0 (detached).
   */
  private static boolean vmaExitLocked(VmAreaStruct vma) {
    // Release: pairs with the acquire increment in vmaStartRead; a reader that gets in after
    // this sees the vm_lock_seq stored before it.
    int old = refcountSubRelease(vma, VMA_LOCK_OFFSET);
    return old == VMA_LOCK_OFFSET;
  }

  /**
   * {@code vma_mark_attached}: publishes a write-locked, detached VMA to readers ({@code
   * refcount_set_release(1)}). Warns {@link WarnKind#VMA_ALREADY_ATTACHED} and refuses if it is
   * attached (storing 1 would erase readers' references).
   */
  static void vmaMarkAttached(VmAreaStruct vma) {
    vmaAssertWriteLocked(vma);
    if (vma.vmRefcntOpaque() != 0) {
      vma.vm_mm
          .kernel
          .warningsSink()
          .warn(
              WarnKind.VMA_ALREADY_ATTACHED,
              "vma_mark_attached: vm_refcnt " + vma.vmRefcntOpaque());
      return;
    }
    // Release: pairs with the acquire increment in vmaStartRead; a reader that gets a reference
    // sees every store made to the VMA before this.
    vma.setVmRefcntRelease(1);
  }

  /**
   * {@code vma_mark_detached}: write-locked, attached VMA → detached; if readers still hold
   * references (they got in before the write lock and are about to notice it), waits for them.
   * Warns {@link WarnKind#VMA_ALREADY_DETACHED} and refuses if it is detached.
   */
  static void vmaMarkDetached(VmAreaStruct vma) {
    vmaAssertWriteLocked(vma);
    if (vma.vmRefcntOpaque() == 0) {
      vma.vm_mm
          .kernel
          .warningsSink()
          .warn(WarnKind.VMA_ALREADY_DETACHED, "vma_mark_detached: vm_refcnt 0");
      return;
    }
    // We are the only writer, so no wake-up is needed (vma_refcount_put is for readers).
    // Readers can hold the count up only briefly: they are about to see the write lock and drop.
    int old = refcountSubRelease(vma, 1);
    if (old == 1) {
      return; // detached, no readers
    }
    if (vmaEnterLocked(vma, true)) { // wait until detached with no readers
      boolean detached = vmaExitLocked(vma);
      if (!detached) {
        vma.vm_mm
            .kernel
            .warningsSink()
            .warn(
                WarnKind.VMA_REFCNT_CORRUPT,
                "vma still referenced after vma_mark_detached: vm_refcnt " + vma.vmRefcntOpaque());
      }
    }
  }

  // ===========================================================================================
  // Assertions
  // ===========================================================================================

  /**
   * {@code vma_assert_write_locked}: {@code mmap_lock} write-held by the caller and the VMA
   * write-locked in this session; else warns ({@link WarnKind#MMAP_NOT_WRITE_LOCKED} or {@link
   * WarnKind#VMA_NOT_WRITE_LOCKED}). Returns whether it is.
   */
  static boolean vmaAssertWriteLocked(VmAreaStruct vma) {
    MmStruct mm = vma.vm_mm;
    if (!mmapAssertWriteLocked(mm)) {
      return false;
    }
    if (vma.vmLockSeqOpaque() != mm.mmLockSeqOpaque()) {
      mm.kernel.warningsSink().warn(WarnKind.VMA_NOT_WRITE_LOCKED, "vma not write-locked");
      return false;
    }
    return true;
  }

  /**
   * {@code vma_assert_locked}: read-locked by someone (count above 1: like the kernel, the model
   * cannot tell whose) or write-locked by the caller; else warns {@link WarnKind#VMA_NOT_LOCKED}.
   */
  static boolean vmaAssertLocked(VmAreaStruct vma) {
    if (vma.vmRefcntOpaque() > 1) {
      return true;
    }
    MmStruct mm = vma.vm_mm;
    if (mm.mmap_lock.isWriteLockedByCurrentThread()
        && vma.vmLockSeqOpaque() == mm.mmLockSeqOpaque()) {
      return true;
    }
    mm.kernel.warningsSink().warn(WarnKind.VMA_NOT_LOCKED, "vma neither read- nor write-locked");
    return false;
  }

  /**
   * {@code vma_assert_attached}: {@code vm_refcnt != 0}; else warns {@link
   * WarnKind#VMA_NOT_ATTACHED}.
   */
  static boolean vmaAssertAttached(VmAreaStruct vma) {
    if (vma.vmRefcntOpaque() != 0) {
      return true;
    }
    vma.vm_mm.kernel.warningsSink().warn(WarnKind.VMA_NOT_ATTACHED, "vma detached");
    return false;
  }

  /**
   * {@code vma_assert_detached}: {@code vm_refcnt == 0}; else warns {@link
   * WarnKind#VMA_NOT_DETACHED}.
   */
  static boolean vmaAssertDetached(VmAreaStruct vma) {
    int refcnt = vma.vmRefcntOpaque();
    if (refcnt == 0) {
      return true;
    }
    vma.vm_mm
        .kernel
        .warningsSink()
        .warn(WarnKind.VMA_NOT_DETACHED, "vma attached: vm_refcnt " + refcnt);
    return false;
  }

  /** The current {@code vm_refcnt} of {@code vma} (for tests and invariant checks). */
  static int vmaRefcnt(VmAreaStruct vma) {
    return vma.vmRefcntOpaque();
  }

  /** The current {@code vm_lock_seq} of {@code vma} (for tests and invariant checks). */
  static int vmaLockSeq(VmAreaStruct vma) {
    return vma.vmLockSeqOpaque();
  }

  /**
   * Whether {@code vma} is write-locked in its mm's current write session (no assertion; for
   * tests).
   */
  static boolean vmaIsWriteLocked(VmAreaStruct vma) {
    return vma.vmLockSeqOpaque() == vma.vm_mm.mmLockSeqAcquire();
  }

  // ===========================================================================================
  // rcuwait: the single-waiter wait of a VMA writer (include/linux/rcuwait.h)
  // ===========================================================================================

  /** {@code rcuwait_wait_event(&mm->vma_writer_wait, vm_refcnt == tgt, TASK_UNINTERRUPTIBLE)}. */
  private static void rcuwaitWaitEvent(MmStruct mm, VmAreaStruct vma, int tgtRefcnt) {
    Thread me = Thread.currentThread();
    // Volatile exchange: the Dekker half that pairs with the full fence + volatile load in
    // rcuwaitWakeUp.
    Thread previous = mm.exchangeVmaWriterWait(me);
    if (previous != null && previous != me) {
      mm.kernel
          .warningsSink()
          .warn(
              WarnKind.RCUWAIT_SECOND_WAITER,
              me.getName() + " waits while " + previous.getName() + " already waits");
    }
    boolean interrupted = false;
    try {
      // Volatile load: after our registration (no lost wake-up) and an acquire that pairs with
      // the readers' release decrements.
      for (int refcnt; (refcnt = vma.vmRefcntVolatile()) != tgtRefcnt; ) {
        if (refcnt < 0) {
          // Saturated: a refcount_t warning was raised and the count will never drain. The
          // kernel would wait forever; the model stops waiting so that the corruption is
          // reported rather than hung on.
          break;
        }
        LockSupport.park(mm);
        if (Thread.interrupted()) {
          interrupted = true; // TASK_UNINTERRUPTIBLE: keep waiting, restore the flag after
        }
      }
    } finally {
      mm.exchangeVmaWriterWait(previous == me ? me : null);
      if (interrupted) {
        me.interrupt();
      }
    }
  }

  /** {@code rcuwait_wake_up(&mm->vma_writer_wait)}. */
  private static void rcuwaitWakeUp(MmStruct mm) {
    // smp_mb(): orders the caller's decrement before the load of the waiter; pairs with the
    // waiter's volatile exchange + volatile load of the count (see the notes).
    VarHandle.fullFence();
    if (mm.mmFreedAcquire() || mm.mmCount() <= 0) { // KASAN on mm->vma_writer_wait
      mm.kernel
          .warningsSink()
          .warn(
              WarnKind.MM_USE_AFTER_FREE,
              "rcuwait_wake_up on a freed mm (mm_count "
                  + mm.mmCount()
                  + (mm.mmFreedAcquire() ? ", poisoned by __mmdrop)" : ")"));
    }
    Thread waiter = mm.vmaWriterWaitVolatile();
    if (waiter != null) {
      LockSupport.unpark(waiter);
    }
  }

  // ===========================================================================================
  // refcount_t on vm_refcnt (lib/refcount.c, include/linux/refcount.h)
  // ===========================================================================================

  /**
   * {@code __refcount_inc_not_zero_limited_acquire(&vma->vm_refcnt, &old, limit)}: increments
   * unless the count is 0 or the result would exceed {@code limit}. Returns the old value; the
   * increment happened iff {@link #incNotZeroLimitedRefused} is false for it. Acquire on success.
   */
  private static int refcountIncNotZeroLimitedAcquire(VmAreaStruct vma, int limit) {
    int old = vma.vmRefcntOpaque();
    for (; ; ) {
      if (incNotZeroLimitedRefused(old, limit)) {
        return old;
      }
      int witness = vma.caeVmRefcntAcquire(old, old + 1);
      if (witness == old) {
        break;
      }
      old = witness;
    }
    if (old < 0 || old + 1 < 0) {
      refcountWarnSaturate(vma, WarnKind.REFCOUNT_SATURATED, "inc_not_zero on " + old);
    }
    return old;
  }

  /**
   * Whether {@link #refcountIncNotZeroLimitedAcquire} refuses to increment a count of {@code old}.
   */
  private static boolean incNotZeroLimitedRefused(int old, int limit) {
    return old == 0 || 1L > (long) limit - old;
  }

  /**
   * {@code refcount_add_not_zero}: adds {@code i} unless the count is 0; returns whether it added.
   */
  private static boolean refcountAddNotZero(VmAreaStruct vma, int i) {
    int old = vma.vmRefcntOpaque();
    for (; ; ) {
      if (old == 0) {
        return false;
      }
      int witness = vma.caeVmRefcnt(old, old + i);
      if (witness == old) {
        break;
      }
      old = witness;
    }
    if (old < 0 || old + i < 0) {
      refcountWarnSaturate(vma, WarnKind.REFCOUNT_SATURATED, "add_not_zero " + i + " on " + old);
    }
    return true;
  }

  /**
   * {@code __refcount_sub_and_test}: subtracts {@code i} with release; returns the old value (the
   * count reached 0 iff it equals {@code i}, and then an acquire fence follows, as {@code
   * smp_acquire__after_ctrl_dep}). Going below 0 warns and saturates.
   */
  private static int refcountSubRelease(VmAreaStruct vma, int i) {
    int old = vma.getAndAddVmRefcntRelease(-i);
    if (old > 0 && old == i) {
      VarHandle.acquireFence();
      return old;
    }
    if (old <= 0 || old - i < 0) {
      refcountWarnSaturate(vma, WarnKind.REFCOUNT_UNDERFLOW, "sub " + i + " from " + old);
    }
    return old;
  }

  /** {@code refcount_warn_saturate}: pins the count at {@link #REFCOUNT_SATURATED} and warns. */
  private static void refcountWarnSaturate(VmAreaStruct vma, WarnKind kind, String detail) {
    vma.setVmRefcntOpaque(REFCOUNT_SATURATED);
    MmStruct mm = vma.vm_mm;
    if (mm != null) {
      mm.kernel
          .warningsSink()
          .warn(
              kind,
              "refcount_t vm_refcnt: "
                  + detail
                  + (kind == WarnKind.REFCOUNT_UNDERFLOW
                      ? " (underflow; use-after-free)"
                      : " (saturated; leaking memory)"));
    }
  }
}
