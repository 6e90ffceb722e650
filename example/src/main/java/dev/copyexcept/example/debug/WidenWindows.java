package dev.copyexcept.example.debug;

import dev.copyexcept.example.debug.Interleave.Point;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link Interleave} hook that widens race windows for a statistical run: at each selected point
 * a thread reaches, it yields with probability {@code yieldPercent}% or else spins for a random
 * number of {@link Thread#onSpinWait()} iterations below {@code maxSpins}; at the other points it
 * does nothing, so the rest of the model runs at full speed.
 *
 * <p>Seeded: each thread's random stream is derived from the seed and the thread's name, so a run
 * with the same seed and the same (named) threads widens the same way; the scheduler still decides
 * the rest.
 */
public final class WidenWindows implements Interleave.Hook {
  private final long seed;
  private final int maxSpins;
  private final int yieldPercent;
  private final ThreadLocal<SplittableRandom> random;

  /** One counter per selected point; a point without a counter is not widened. Never resized. */
  private final Map<Point, LongAdder> reached = new EnumMap<>(Point.class);

  private final LongAdder spins = new LongAdder();
  private final LongAdder yields = new LongAdder();

  /** Widens the windows at every interleaving point. */
  public WidenWindows(long seed, int maxSpins, int yieldPercent) {
    this(seed, maxSpins, yieldPercent, EnumSet.allOf(Point.class));
  }

  /**
   * @param seed the seed of every thread's random stream
   * @param maxSpins exclusive upper bound of the spin count at one point (at least 1)
   * @param yieldPercent 0..100, the chance of a {@link Thread#yield()} instead of a spin
   * @param points the points to widen; the others are left alone
   */
  public WidenWindows(long seed, int maxSpins, int yieldPercent, Set<Point> points) {
    if (maxSpins < 1) {
      throw new IllegalArgumentException("maxSpins must be at least 1: " + maxSpins);
    }
    if (yieldPercent < 0 || yieldPercent > 100) {
      throw new IllegalArgumentException("yieldPercent must be in 0..100: " + yieldPercent);
    }
    Objects.requireNonNull(points, "points");
    this.seed = seed;
    this.maxSpins = maxSpins;
    this.yieldPercent = yieldPercent;
    this.random =
        ThreadLocal.withInitial(
            () ->
                new SplittableRandom(
                    seed ^ (Thread.currentThread().getName().hashCode() * 0x9E3779B97F4A7C15L)));
    for (Point p : points) {
      reached.put(p, new LongAdder());
    }
  }

  @Override
  public void reached(Point point) {
    LongAdder counter = reached.get(point);
    if (counter == null) {
      return; // not a selected point: no delay
    }
    counter.increment();
    SplittableRandom r = random.get();
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
    long n = 0;
    for (LongAdder a : reached.values()) {
      n += a.sum();
    }
    return n;
  }

  /** One line for a summary: where and by how much the windows were widened. */
  public String summary() {
    StringJoiner where = new StringJoiner(", ");
    reached.forEach(
        (p, n) -> {
          if (n.sum() > 0) {
            where.add(p + " x" + n.sum());
          }
        });
    return String.format(
        Locale.ROOT,
        "windows widened at %d points (seed %d): %s; %d yields (%d%% per point), %d spin-waits"
            + " (< %d per point)",
        widened(),
        seed,
        where,
        yields.sum(),
        yieldPercent,
        spins.sum(),
        maxSpins);
  }
}
