package dev.copyexcept.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim of {@code MmapLock}'s implementation notes: "vmaEndWriteAll's release store of mm_lock_seq
 * pairs with the acquire load in check (4) [...]: a reader that sees the session ended sees
 * everything the session wrote." The session's changes to a write-locked VMA are made after the
 * writer dropped {@code VMA_LOCK_OFFSET}, so the reader's acquire increment does not order them:
 * only this pair does.
 *
 * <p>Kernel pairing: {@code vma_end_write_all} → {@code mm_lock_seqcount_end} ({@code
 * include/linux/mmap_lock.h}: {@code do_raw_write_seqcount_end}, a release) against {@code
 * vma_start_read}'s {@code vma->vm_lock_seq == raw_read_seqcount(&mm->mm_lock_seq)} (an acquire).
 *
 * <p>Real fields ({@link Fixtures}), extracted accesses: session end = plain stores of the VMA's
 * range, then {@code setRelease} of {@code mm_lock_seq} ({@code MmapLock.vmaEndWriteAll}); reader
 * (holding a reference) = {@code getAcquire} of {@code mm_lock_seq} compared with the opaque {@code
 * vm_lock_seq}, then (LOCKED) its reads of the range, as {@code lockVmaUnderRcu} does.
 *
 * <p>State: session 1 has write-locked the VMA ({@code vm_lock_seq 1}, {@code mm_lock_seq 1}) and
 * moves it from page 1 to page 5. r1: the re-check passed (the session looked ended); r2: {@code
 * vm_start} in pages as then read (0 when the check failed).
 */
@JCStressTest
@Outcome(
    id = "1, 1",
    expect = FORBIDDEN,
    desc = "The reader saw the session ended but the VMA as it was before the session's change.")
@Outcome(id = "1, 5", expect = ACCEPTABLE, desc = "Session ended; the reader sees its change.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The VMA still looked write-locked: FAILED.")
@Outcome(expect = FORBIDDEN, desc = "Impossible by construction.")
@State
public class MmLockSeqRecheckTest {
  static final long PAGE = 4096;

  final Fixtures.Pair p = session();

  static Fixtures.Pair session() {
    Fixtures.Pair p = new Fixtures.Pair(2, 1, 1); // attached, our reference, locked in session 1
    p.vma.vm_start = 1 * PAGE;
    p.vma.vm_end = 9 * PAGE;
    return p;
  }

  @Actor
  public void sessionEnd() {
    p.vma.vm_start = 5 * PAGE; // a change made under the VMA write lock
    Fixtures.MM_LOCK_SEQ.setRelease(p.mm, 2); // vmaEndWriteAll: pairs with the reader's acquire
  }

  @Actor
  public void reader(II_Result r) {
    int seq = (int) Fixtures.MM_LOCK_SEQ.getAcquire(p.mm); // pairs with the release above
    if ((int) Fixtures.VM_LOCK_SEQ.getOpaque(p.vma) == seq) {
      return; // check (4) failed
    }
    r.r1 = 1;
    r.r2 = (int) (p.vma.vm_start / PAGE);
  }
}
