package dev.copyexcept.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.copyexcept.example.mm.MmapLock;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The rcuwait Dekker pair of {@code MmapLock}: "the waiter registers itself with a volatile
 * exchange and then reads vm_refcnt volatile; the waker decrements (release RMW), issues a full
 * fence (the smp_mb in rcuwait_wake_up), then reads the waiter volatile. Either the waiter's read
 * sees the decrement or the waker sees the waiter" — so a writer that goes to sleep is always
 * woken.
 *
 * <p>Kernel pairing: {@code rcuwait_wait_event} ({@code include/linux/rcuwait.h}: {@code
 * rcu_assign_pointer(w->task, current)} then {@code set_current_state}'s full barrier, then the
 * condition) against {@code vma_refcount_put} → {@code rcuwait_wake_up} ({@code kernel/exit.c}:
 * {@code smp_mb()} then {@code rcu_dereference(w->task)}).
 *
 * <p><b>Real fields, extracted accesses.</b> The lock word is a real {@code VmAreaStruct.vm_refcnt}
 * and the waiter slot a real {@code MmStruct.vma_writer_wait}, on objects of one {@code Kernel}
 * made once per fork. The accesses mirror {@code MmapLock.rcuwaitWaitEvent} (writer: {@code
 * getAndSet} of the slot, then a volatile load of vm_refcnt) and {@code MmapLock.vmaRefcountPut} +
 * {@code rcuwaitWakeUp} (reader: {@code getAndAddRelease(-1)}, {@code VarHandle.fullFence()}, a
 * volatile load of the slot); the real functions park and unpark, which a jcstress actor cannot.
 *
 * <p>State: a writer has added {@code VMA_LOCK_OFFSET} to an attached VMA with one reader ({@code
 * OFFSET + 2}); it waits for {@code OFFSET + 1}. r1: the writer saw the reader gone (1) or not (0:
 * it would park); r2: the reader saw the waiter (1: it unparks) or not (0).
 */
@JCStressTest
@Outcome(
    id = "0, 0",
    expect = FORBIDDEN,
    desc =
        "Lost wake-up: the writer saw the reader still in and would park, and the reader saw no"
            + " waiter and would not unpark it.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The writer parks; the reader unparks it.")
@Outcome(
    id = "1, 0",
    expect = ACCEPTABLE,
    desc = "The writer saw the count drained before the reader looked (no park, no wake-up).")
@Outcome(
    id = "1, 1",
    expect = ACCEPTABLE,
    desc = "Both saw each other: a spurious unpark, which the waiter tolerates.")
@State
public class RcuwaitWakeUpTest {
  static final int TARGET = MmapLock.VMA_LOCK_OFFSET + 1;

  final Fixtures.Pair p = Fixtures.pair(TARGET + 1);

  @Actor
  public void writer(II_Result r) {
    Fixtures.VMA_WRITER_WAIT.getAndSet(p.mm, Thread.currentThread()); // pairs with the fence below
    r.r1 = (int) Fixtures.VM_REFCNT.getVolatile(p.vma) == TARGET ? 1 : 0;
  }

  @Actor
  public void reader(II_Result r) {
    Fixtures.VM_REFCNT.getAndAddRelease(p.vma, -1);
    VarHandle.fullFence(); // rcuwait_wake_up's smp_mb(): pairs with the writer's exchange
    r.r2 = Fixtures.VMA_WRITER_WAIT.getVolatile(p.mm) != null ? 1 : 0;
  }
}
