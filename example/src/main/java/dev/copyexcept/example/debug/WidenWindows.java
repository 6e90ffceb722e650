package dev.copyexcept.example.debug;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link Interleave} hook that widens race windows for a statistical run: at every point a
 * thread reaches, it yields with probability {@code yieldPercent}% or else spins for a random
 * number of {@link Thread#onSpinWait()} iterations below {@code maxSpins}. Seeded: each thread's
 * random stream is derived from the seed and the thread's id, so a run with the same seed and
 * thread setup widens the same way (the scheduler still decides the rest).
 */
public final class WidenWindows implements Interleave.Hook {
  private final long seed;
  private final int maxSpins;
  private final int yieldPercent;
  private final ThreadLocal<SplittableRandom> random;
  private final LongAdder widened = new LongAdder();
  private final LongAdder spins = new LongAdder();
  private final LongAdder yields = new LongAdder();

  /**
   * @param seed the seed of every thread's random stream
   * @param maxSpins exclusive upper bound of the spin count at one point (at least 1)
   * @param yieldPercent 0..100, the chance of a {@link Thread#yield()} instead of a spin
   */
  public WidenWindows(long seed, int maxSpins, int yieldPercent) {
    if (maxSpins < 1 || yieldPercent < 0 || yieldPercent > 100) {
      throw new IllegalArgumentException("maxSpins " + maxSpins + ", yieldPercent " + yieldPercent);
    }
    this.seed = seed;
    this.maxSpins = maxSpins;
    this.yieldPercent = yieldPercent;
    this.random = ThreadLocal.withInitial(
        () -> new SplittableRandom(seed ^ (Thread.currentThread().getId() * 0x9E3779B97F4A7C15L)));
  }

  @Override
  public void reached(Interleave.Point point) {
    SplittableRandom r = random.get();
    widened.increment();
    if (r.nextInt(100) < yieldPercent) {
      yields.increment();
      Thread.yield();
      return;
    }
    int n = r.nextInt(maxSpins);
    spins.add(n);
    for (int i = 0; i < n; i++) {
      Thread.onSpinWait();
    }
  }

  /** Points at which a window was widened so far. */
  public long widened() {
    return widened.sum();
  }

  /** One line for a demo summary: how the windows were widened. */
  public String summary() {
    return String.format("windows widened at %d points (seed %d): %d yields (%d%%), %d spin-waits (< %d per point)",
        widened.sum(), seed, yields.sum(), yieldPercent, spins.sum(), maxSpins);
  }
}
