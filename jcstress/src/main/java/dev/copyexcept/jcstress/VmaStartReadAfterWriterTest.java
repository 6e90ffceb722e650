package dev.copyexcept.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.copyexcept.example.mm.MmapLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Claim of {@code MmapLock}'s implementation notes: "__vma_exit_locked's release subtraction of
 * VMA_LOCK_OFFSET (after WRITE_ONCE of vm_lock_seq) pairs with the acquire increment: a reader that
 * gets in after a writer sees the writer's vm_lock_seq and so the re-check (4) fails while the
 * session lasts."
 *
 * <p>Kernel pairing: {@code __vma_start_write} ({@code mm/mmap_lock.c}: {@code __vma_enter_locked}
 * adds {@code VMA_LOCK_OFFSET}, {@code WRITE_ONCE(vma->vm_lock_seq, mm_lock_seq)}, {@code
 * __vma_exit_locked}'s {@code refcount_sub_and_test}, a release) against {@code vma_start_read}'s
 * {@code __refcount_inc_not_zero_limited_acquire}.
 *
 * <p>Real fields ({@link Fixtures}), extracted accesses: writer = {@code refcountAddNotZero}
 * (volatile CAS of {@code vm_refcnt + OFFSET}), the opaque store of {@code vm_lock_seq}, {@code
 * refcountSubRelease} ({@code getAndAddRelease(-OFFSET)}); the writer's wait for readers is left
 * out (a reader that got in first only makes r1 = 0). Reader = {@code
 * refcountIncNotZeroLimitedAcquire} (opaque load, refuse at 0 or over {@code VMA_REF_LIMIT}, else
 * {@code compareAndExchangeAcquire}), then the opaque load of {@code vm_lock_seq} of check (4).
 *
 * <p>State: an attached VMA ({@code vm_refcnt 1}) never locked ({@code vm_lock_seq -1}) in an mm
 * whose write session 1 is running. r1: the writer's CAS found the count at 1 (no reader yet); r2:
 * the reader's increment succeeded; r3: the reader then saw {@code vm_lock_seq == 1}. With r1 = 1
 * and r2 = 1 the reader's CAS read the value the writer's subtraction wrote (the count carries the
 * offset in between, which the reader refuses), so it must see the session's {@code vm_lock_seq}.
 */
@JCStressTest
@Outcome(
    id = "1, 1, 0",
    expect = FORBIDDEN,
    desc =
        "The reader got in after the writer dropped its offset but saw the old vm_lock_seq: it"
            + " would read-lock a write-locked VMA.")
@Outcome(
    id = "1, 1, 1",
    expect = ACCEPTABLE,
    desc = "The reader got in after the writer and sees the lock: check (4) fails, as it must.")
@Outcome(
    id = "1, 0, 0",
    expect = ACCEPTABLE,
    desc = "The reader met the writer's offset and was refused (FAILED).")
@Outcome(
    id = {"0, 1, 0", "0, 1, 1"},
    expect = ACCEPTABLE,
    desc = "The reader got in before the writer (the real writer would then wait for it).")
@Outcome(expect = FORBIDDEN, desc = "Impossible by construction.")
@State
public class VmaStartReadAfterWriterTest {
  static final int SESSION = 1;

  final Fixtures.Pair p = new Fixtures.Pair(1, SESSION, MmapLock.VM_LOCK_SEQ_UNLOCKED);

  @Actor
  public void writer(III_Result r) {
    r.r1 = addOffset(p) == 1 ? 1 : 0;
    Fixtures.VM_LOCK_SEQ.setOpaque(p.vma, SESSION); // WRITE_ONCE(vma->vm_lock_seq, ...)
    // __vma_exit_locked: release, pairs with the reader's acquire CAS
    Fixtures.VM_REFCNT.getAndAddRelease(p.vma, -MmapLock.VMA_LOCK_OFFSET);
  }

  @Actor
  public void reader(III_Result r) {
    readerIncrementThenCheck(p, r);
  }

  /** refcountAddNotZero(vma, VMA_LOCK_OFFSET): returns the old count (never 0 here). */
  static int addOffset(Fixtures.Pair p) {
    int old = (int) Fixtures.VM_REFCNT.getOpaque(p.vma);
    while (true) {
      int witness =
          (int) Fixtures.VM_REFCNT.compareAndExchange(p.vma, old, old + MmapLock.VMA_LOCK_OFFSET);
      if (witness == old) {
        return old;
      }
      old = witness;
    }
  }

  /** refcountIncNotZeroLimitedAcquire, then check (4)'s load of vm_lock_seq. */
  static void readerIncrementThenCheck(Fixtures.Pair p, III_Result r) {
    int old = (int) Fixtures.VM_REFCNT.getOpaque(p.vma);
    while (true) {
      if (old == 0 || old + 1 > MmapLock.VMA_REF_LIMIT) {
        return; // refused; r2 = r3 = 0
      }
      int witness = (int) Fixtures.VM_REFCNT.compareAndExchangeAcquire(p.vma, old, old + 1);
      if (witness == old) {
        break;
      }
      old = witness;
    }
    r.r2 = 1;
    r.r3 = (int) Fixtures.VM_LOCK_SEQ.getOpaque(p.vma) == SESSION ? 1 : 0;
  }
}
