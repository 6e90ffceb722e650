package dev.copyexcept.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The weakened twin of {@link MmLockSeqRecheckTest}: the session ends with an opaque store of
 * {@code mm_lock_seq} and the reader re-checks with an opaque load ({@code READ_ONCE} on both
 * sides, the racy early check used as if it were authoritative). "1, 1" is then allowed.
 *
 * <p><b>Cannot fail on x86.</b> TSO keeps the session's two stores in order and the reader's two
 * loads in order, so only the JIT could reorder them (it may move a plain store after an opaque
 * one, but rarely does in code this small); expect no interesting outcome on this machine. The twin
 * is the check to run on AArch64 or POWER, where the hardware reorders both.
 */
@JCStressTest
@Outcome(
    id = "1, 1",
    expect = ACCEPTABLE_INTERESTING,
    desc = "The reader saw the session ended but the VMA before the change.")
@Outcome(expect = ACCEPTABLE, desc = "Any other outcome, as in MmLockSeqRecheckTest.")
@State
public class MmLockSeqRecheckOpaqueTest {
  final Fixtures.Pair p = MmLockSeqRecheckTest.session();

  @Actor
  public void sessionEnd() {
    p.vma.vm_start = 5 * MmLockSeqRecheckTest.PAGE;
    Fixtures.MM_LOCK_SEQ.setOpaque(p.mm, 2); // weakened: no release
  }

  @Actor
  public void reader(II_Result r) {
    int seq = (int) Fixtures.MM_LOCK_SEQ.getOpaque(p.mm); // weakened: no acquire
    if ((int) Fixtures.VM_LOCK_SEQ.getOpaque(p.vma) == seq) {
      return;
    }
    r.r1 = 1;
    r.r2 = (int) (p.vma.vm_start / MmLockSeqRecheckTest.PAGE);
  }
}
