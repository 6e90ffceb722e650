package dev.copyexcept.example.debug;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A deterministic test schedule over the {@link Interleave} points: "hold thread T the first time
 * it reaches point P, until I release it".
 *
 * <pre>{@code
 * try (Schedule s = Schedule.install()) {
 *   Thread reader = new Thread(...);
 *   s.hold(reader, Point.LOCK_VMA_UNDER_RCU_AFTER_WALK);
 *   reader.start();
 *   s.awaitArrival(reader, Point.LOCK_VMA_UNDER_RCU_AFTER_WALK);
 *   ... the writer runs while the reader is held ...
 *   s.release(reader, Point.LOCK_VMA_UNDER_RCU_AFTER_WALK);
 * }
 * }</pre>
 *
 * <p>Only threads and points that were armed with {@link #hold} are affected; every other arrival
 * passes straight through. {@link #close()} releases every held thread and uninstalls the hook.
 * {@link #trace()} lists every point every thread reached, in order, for assertions and for failure
 * messages.
 */
public final class Schedule implements Interleave.Hook, AutoCloseable {
  /*
   * Implementation notes.
   *
   * One Gate per armed (thread, point): 'taken' makes the hold one-shot (the first arrival
   * parks, later ones pass); 'arrived' and 'released' are latches, so happens-before runs from
   * everything the held thread did before reaching the point to the test thread returning from
   * awaitArrival, and from everything the test did before release() to the held thread resuming.
   * That is the whole point of a schedule: the test observes and mutates state between the two
   * without races of its own.
   *
   * A held thread waits at most HOLD_LIMIT and then throws, so a broken test cannot leave a
   * thread parked forever; close() releases every gate.
   */

  /** Longest a thread is held before the schedule gives up on the test and throws. */
  static final Duration HOLD_LIMIT = Duration.ofSeconds(60);

  private record Key(Thread thread, Interleave.Point point) {}

  private static final class Gate {
    final AtomicBoolean taken = new AtomicBoolean();
    final CountDownLatch arrived = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);
  }

  private final Map<Key, Gate> gates = new ConcurrentHashMap<>();
  private final List<String> trace = new ArrayList<>();
  private volatile boolean closed;
  private Interleave.Installation installation;

  private Schedule() {}

  /** Installs a new, empty schedule as the global interleaving hook. */
  public static Schedule install() {
    Schedule s = new Schedule();
    s.installation = Interleave.install(s);
    return s;
  }

  /**
   * Arms a hold: the first time {@code thread} reaches {@code point} it parks until {@link
   * #release}.
   */
  public Schedule hold(Thread thread, Interleave.Point point) {
    if (gates.putIfAbsent(new Key(thread, point), new Gate()) != null) {
      throw new IllegalStateException(thread.getName() + " is already held at " + point);
    }
    return this;
  }

  @Override
  public void reached(Interleave.Point point) {
    Thread me = Thread.currentThread();
    synchronized (trace) {
      trace.add(me.getName() + "@" + point);
    }
    if (closed) {
      return;
    }
    Gate g = gates.get(new Key(me, point));
    if (g == null || !g.taken.compareAndSet(false, true)) {
      return;
    }
    g.arrived.countDown();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (!g.released.await(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(
                me.getName()
                    + " held at "
                    + point
                    + " for more than "
                    + HOLD_LIMIT
                    + " and never released");
          }
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        me.interrupt();
      }
    }
  }

  /**
   * Waits until {@code thread} is held at {@code point}.
   *
   * @return true when it arrived; false when the thread terminated without reaching the point (a
   *     path that never gets there, e.g. an increment that failed)
   * @throws IllegalStateException after {@code timeout} with neither
   */
  public boolean awaitArrival(Thread thread, Interleave.Point point, Duration timeout)
      throws InterruptedException {
    Gate g = gate(thread, point);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!g.arrived.await(5, TimeUnit.MILLISECONDS)) {
      if (thread.getState() == Thread.State.TERMINATED) {
        return g.arrived.getCount() == 0;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            thread.getName()
                + " did not reach "
                + point
                + " within "
                + timeout
                + " (state "
                + thread.getState()
                + "); trace "
                + trace());
      }
    }
    return true;
  }

  /** {@link #awaitArrival(Thread, Interleave.Point, Duration)} with a 10 s timeout. */
  public boolean awaitArrival(Thread thread, Interleave.Point point) throws InterruptedException {
    return awaitArrival(thread, point, Duration.ofSeconds(10));
  }

  /**
   * Lets {@code thread} go on from {@code point} (or pass it without stopping, if not yet there).
   */
  public void release(Thread thread, Interleave.Point point) {
    gate(thread, point).released.countDown();
  }

  /** Whether {@code thread} has reached {@code point} while armed. */
  public boolean arrived(Thread thread, Interleave.Point point) {
    return gate(thread, point).arrived.getCount() == 0;
  }

  /** Every point reached so far, as {@code threadName@POINT}, in order. */
  public List<String> trace() {
    synchronized (trace) {
      return List.copyOf(trace);
    }
  }

  /** Releases every held thread and uninstalls the hook. */
  @Override
  public void close() {
    closed = true;
    gates.values().forEach(g -> g.released.countDown());
    installation.close();
  }

  private Gate gate(Thread thread, Interleave.Point point) {
    Gate g = gates.get(new Key(thread, point));
    if (g == null) {
      throw new IllegalStateException(thread.getName() + " is not armed at " + point);
    }
    return g;
  }
}
