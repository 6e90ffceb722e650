package dev.copyexcept.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim (A)/(B) of {@code RcuDomain}'s implementation notes, the Dekker pair: a reader that is
 * inside its read section is either seen by the grace period's scan (which then waits for it), or
 * its section began after the grace period's flip and it sees what the updater stored before {@code
 * synchronizeRcu()}.
 *
 * <p><b>A faithful extract, not the real class.</b> A real {@code RcuDomain} starts a grace-period
 * thread and its reader record lives in a {@code ThreadLocal}, too heavy for one instance per
 * jcstress state, and {@code synchronizeRcu()} would block on the reader's open section. The actors
 * below repeat, with the same fields, values and access modes, these accesses of {@code
 * example/src/main/java/dev/copyexcept/example/rcu/RcuDomain.java} (found by method and by the
 * pairing labels (A), (B), (D) of its comments, not by line):
 *
 * <ul>
 *   <li>reader: {@code rcuReadLock()}, the outermost lock: {@code s = gpSeqVolatile()}, then {@code
 *       r.setCtrVolatile(s)}, the store commented "(A) Dekker store"; then the section's {@code
 *       rcu_dereference} of a protected reference, an acquire load (the weakest load the notes
 *       allow);
 *   <li>updater: the caller's removal (an {@code rcu_assign_pointer}, a release store) before
 *       {@code synchronizeRcu()}; then {@code gracePeriodLocked()}: {@code s = gpSeqVolatile()},
 *       then {@code setGpSeqVolatile(s + 1)}, commented "(B) rcu_seq_start"; then {@code
 *       waitForReaders(s)}: {@code c = r.ctrVolatile()}, commented "(D) volatile (acquire) load",
 *       and the reader is not waited for iff {@code c == 0 || c > s}.
 * </ul>
 *
 * The reader does not unlock: the claim is about a section that is still open when the scan looks
 * at it (after an unlock, "idle" is the right answer, and pairing (C)/(D) takes over).
 *
 * <p>r1 is the {@code ctr} the scan loaded (0 idle; 2 the reader published the pre-flip {@code
 * gp_seq}; 3 it published the post-flip one); r2 is the protected value the reader loaded (0 the
 * old one, 1 the one the updater stored before the grace period).
 *
 * <p>With the reader's volatile store the JMM forbids "0, 0" only when the protected load is
 * volatile too; with an acquire load it relies on the volatile store acting as a full fence (every
 * JDK compiles it so), as the notes say: this test checks that reliance on the running JVM. {@link
 * RcuReaderPublicationOpaqueTest} weakens the store to opaque and shows "0, 0".
 */
@JCStressTest
@Outcome(
    id = "0, 0",
    expect = FORBIDDEN,
    desc =
        "The Dekker failure: the scan saw the reader idle (so the grace period would not wait"
            + " for it) and the reader, inside its section, saw the old value, which the updater may"
            + " now free.")
@Outcome(
    id = "0, 1",
    expect = ACCEPTABLE,
    desc = "The scan ran before the reader's store; the reader's later load saw the new value.")
@Outcome(
    id = "2, 0",
    expect = ACCEPTABLE,
    desc =
        "The scan saw the reader's pre-flip counter: the grace period waits for this section,"
            + " so the old value it sees stays valid.")
@Outcome(
    id = "2, 1",
    expect = ACCEPTABLE,
    desc =
        "The scan saw the reader's pre-flip counter (and waits); the reader already sees the"
            + " new value.")
@Outcome(
    id = "3, 1",
    expect = ACCEPTABLE,
    desc =
        "The reader's section began after the flip (it loaded gp_seq = 3): not waited for,"
            + " and it sees the new value.")
@Outcome(
    id = "3, 0",
    expect = FORBIDDEN,
    desc =
        "The reader loaded the post-flip gp_seq (a volatile load that synchronizes with the"
            + " flip) but not the value stored before the flip.")
@State
public class RcuReaderPublicationTest {
  /** RcuDomain.GP_SEQ_INIT: even (idle) and non-zero. */
  static final long GP_SEQ_INIT = 2L;

  /** gp_seq, as RcuDomain.gpSeq. */
  volatile long gpSeq = GP_SEQ_INIT;

  /** The reader record's ctr, as RcuDomain.ReaderRecord.ctr: 0 quiescent. */
  volatile long ctr;

  /** An RCU-protected reference, reduced to a version: 0 old, 1 new. */
  int ptr;

  @Actor
  public void reader(II_Result r) {
    long s = (long) GP_SEQ.getVolatile(this);
    CTR.setVolatile(this, s); // (A)
    r.r2 = (int) PTR.getAcquire(this); // rcu_dereference
  }

  @Actor
  public void updater(II_Result r) {
    PTR.setRelease(this, 1); // rcu_assign_pointer: the removal of the old value
    long s = gpSeq;
    GP_SEQ.setVolatile(this, s + 1); // (B)
    long c = (long) CTR.getVolatile(this); // (D), the load half of the Dekker pair
    r.r1 = (int) c;
  }

  static final VarHandle GP_SEQ;
  static final VarHandle CTR;
  static final VarHandle PTR;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      GP_SEQ = l.findVarHandle(RcuReaderPublicationTest.class, "gpSeq", long.class);
      CTR = l.findVarHandle(RcuReaderPublicationTest.class, "ctr", long.class);
      PTR = l.findVarHandle(RcuReaderPublicationTest.class, "ptr", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
