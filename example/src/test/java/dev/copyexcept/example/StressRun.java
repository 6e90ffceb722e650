package dev.copyexcept.example;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How long a bounded stress run goes on: at least its minimum duration, then on until every
 * progress counter it watches has reached its minimum, and never past its cap.
 *
 * <p>A fixed window is not enough on a loaded machine (CI shares its cores with other jobs): a
 * thread may not be scheduled at all within a few hundred milliseconds, and a test that asserts
 * progress ("the readers locked VMAs") would then fail for the machine's sake. The run waits for
 * that progress instead; the cap keeps a broken run bounded, and the test's progress assertions
 * then report what is missing. Build it before starting the threads, then let every thread loop
 * {@code while (run.running())}; the counters must be updated while the run goes on (not summed at
 * the end), and may be read from any thread.
 */
public final class StressRun {
  private final long start = System.nanoTime();
  private final long minNanos;
  private final long capNanos;
  private final List<Goal> goals = new ArrayList<>();

  /** A counter and the value it must reach. */
  private record Goal(LongSupplier counter, long min) {
    boolean unmet() {
      return counter.getAsLong() < min;
    }
  }

  private StressRun(Duration min, Duration cap) {
    if (min.isNegative() || cap.compareTo(min) < 0) {
      throw new IllegalArgumentException("min " + min + " must be >= 0 and <= cap " + cap);
    }
    this.minNanos = min.toNanos();
    this.capNanos = cap.toNanos();
  }

  /** A run of at least {@code min}, extended for progress up to {@code cap}. */
  public static StressRun of(Duration min, Duration cap) {
    return new StressRun(min, cap);
  }

  /**
   * Goes on (after the minimum duration, within the cap) until {@code counter} reaches {@code min}.
   */
  public StressRun until(LongSupplier counter, long min) {
    goals.add(new Goal(counter, min));
    return this;
  }

  /** Whether the run goes on. */
  public boolean running() {
    long elapsed = System.nanoTime() - start;
    if (elapsed >= capNanos) {
      return false;
    }
    if (elapsed < minNanos) {
      return true;
    }
    return goals.stream().anyMatch(Goal::unmet);
  }
}
