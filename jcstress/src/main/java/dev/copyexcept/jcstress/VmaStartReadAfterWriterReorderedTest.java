package dev.copyexcept.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import dev.copyexcept.example.mm.MmapLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The weakened twin of {@link VmaStartReadAfterWriterTest}: the writer's subtraction of the offset
 * loses its release, and the reordering that this allows (the {@code vm_lock_seq} store moving
 * after the subtraction) is written out in program order. It has to be written out: on x86 every
 * read-modify-write is a locked instruction, a full fence whatever its VarHandle mode, and TSO
 * never reorders two stores, so a mode-only weakening ({@code getAndAddAcquire}) could be reordered
 * only by the JIT, and would very likely never show here. "1, 1, 0" (the reader read-locks a VMA
 * that is write-locked) is then allowed and marked interesting.
 */
@JCStressTest
@Outcome(
    id = "1, 1, 0",
    expect = ACCEPTABLE_INTERESTING,
    desc = "The reader got in after the offset was dropped and missed the write lock.")
@Outcome(expect = ACCEPTABLE, desc = "Any other outcome, as in VmaStartReadAfterWriterTest.")
@State
public class VmaStartReadAfterWriterReorderedTest {
  final Fixtures.Pair p =
      new Fixtures.Pair(1, VmaStartReadAfterWriterTest.SESSION, MmapLock.VM_LOCK_SEQ_UNLOCKED);

  @Actor
  public void writer(III_Result r) {
    r.r1 = VmaStartReadAfterWriterTest.addOffset(p) == 1 ? 1 : 0;
    Fixtures.VM_REFCNT.getAndAddAcquire(p.vma, -MmapLock.VMA_LOCK_OFFSET); // weakened: no release
    Fixtures.VM_LOCK_SEQ.setOpaque(p.vma, VmaStartReadAfterWriterTest.SESSION); // and moved after
  }

  @Actor
  public void reader(III_Result r) {
    VmaStartReadAfterWriterTest.readerIncrementThenCheck(p, r);
  }
}
