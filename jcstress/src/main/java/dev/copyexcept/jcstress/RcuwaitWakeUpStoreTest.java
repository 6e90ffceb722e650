package dev.copyexcept.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The weakened twin of {@link RcuwaitWakeUpTest}: the writer registers itself with a release store
 * ({@code setRelease}, a plain {@code mov} on x86) instead of the volatile exchange of {@code
 * MmapLock.rcuwaitWaitEvent}. A release store is not ordered before the writer's later load of
 * {@code vm_refcnt}: on x86-TSO the store can wait in the store buffer while the load is served,
 * and the reader's fence and load, meanwhile, find the slot empty. "0, 0", the lost wake-up, is
 * then allowed and marked interesting. Only the writer's side is weakened: the reader's release
 * decrement is a locked {@code xadd} on x86 (a full fence whatever the mode), so weakening its side
 * alone could not fail on this hardware.
 */
@JCStressTest
@Outcome(
    id = "0, 0",
    expect = ACCEPTABLE_INTERESTING,
    desc =
        "The lost wake-up that the volatile exchange prevents: the registration was reordered"
            + " after the writer's load of vm_refcnt.")
@Outcome(expect = ACCEPTABLE, desc = "Any other outcome, as in RcuwaitWakeUpTest.")
@State
public class RcuwaitWakeUpStoreTest {
  final Fixtures.Pair p = Fixtures.pair(RcuwaitWakeUpTest.TARGET + 1);

  @Actor
  public void writer(II_Result r) {
    Fixtures.VMA_WRITER_WAIT.setRelease(p.mm, Thread.currentThread()); // weakened: no exchange
    r.r1 = (int) Fixtures.VM_REFCNT.getVolatile(p.vma) == RcuwaitWakeUpTest.TARGET ? 1 : 0;
  }

  @Actor
  public void reader(II_Result r) {
    Fixtures.VM_REFCNT.getAndAddRelease(p.vma, -1);
    VarHandle.fullFence();
    r.r2 = Fixtures.VMA_WRITER_WAIT.getVolatile(p.mm) != null ? 1 : 0;
  }
}
