package dev.copyexcept.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The weakened twin of {@link RcuReaderPublicationTest}: the reader publishes its counter with an
 * <em>opaque</em> store instead of a volatile one (the mutation of {@code RcuDomain.rcuReadLock}'s
 * store commented "(A) Dekker store", {@code r.setCtrVolatile(s)}, that the existing stress test
 * did not catch). Everything else is identical.
 *
 * <p>An opaque store is not ordered before the reader's later load of the protected value: the
 * store can sit in the store buffer while the load is served (x86-TSO reorders a store with a later
 * load to another address), and the updater's scan, running meanwhile, loads {@code ctr == 0}. So
 * "0, 0", the Dekker failure that the real code forbids, is allowed here and marked interesting:
 * seeing it proves that the test can tell the two modes apart.
 */
@JCStressTest
@Outcome(
    id = "0, 0",
    expect = ACCEPTABLE_INTERESTING,
    desc =
        "The Dekker failure the volatile store prevents: the scan saw the reader idle and the"
            + " reader, inside its section, saw the old value (its opaque store was reordered after"
            + " its load).")
@Outcome(
    id = "0, 1",
    expect = ACCEPTABLE,
    desc = "The scan ran before the reader's store; the reader's later load saw the new value.")
@Outcome(
    id = "2, 0",
    expect = ACCEPTABLE,
    desc = "The scan saw the reader's pre-flip counter: the grace period waits for this section.")
@Outcome(
    id = "2, 1",
    expect = ACCEPTABLE,
    desc =
        "The scan saw the reader's pre-flip counter (and waits); the reader already sees the"
            + " new value.")
@Outcome(
    id = "3, 1",
    expect = ACCEPTABLE,
    desc = "The reader's section began after the flip: not waited for, and it sees the new value.")
@Outcome(
    id = "3, 0",
    expect = FORBIDDEN,
    desc =
        "The reader loaded the post-flip gp_seq (volatile, synchronizes with the flip) but not"
            + " the value stored before it; the weakened store does not affect this.")
@State
public class RcuReaderPublicationOpaqueTest {
  volatile long gpSeq = RcuReaderPublicationTest.GP_SEQ_INIT;
  volatile long ctr;
  int ptr;

  @Actor
  public void reader(II_Result r) {
    long s = (long) GP_SEQ.getVolatile(this);
    CTR.setOpaque(this, s); // weakened (A): not ordered before the load below
    r.r2 = (int) PTR.getAcquire(this);
  }

  @Actor
  public void updater(II_Result r) {
    PTR.setRelease(this, 1);
    long s = gpSeq;
    GP_SEQ.setVolatile(this, s + 1);
    r.r1 = (int) (long) CTR.getVolatile(this);
  }

  static final VarHandle GP_SEQ;
  static final VarHandle CTR;
  static final VarHandle PTR;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      GP_SEQ = l.findVarHandle(RcuReaderPublicationOpaqueTest.class, "gpSeq", long.class);
      CTR = l.findVarHandle(RcuReaderPublicationOpaqueTest.class, "ctr", long.class);
      PTR = l.findVarHandle(RcuReaderPublicationOpaqueTest.class, "ptr", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
