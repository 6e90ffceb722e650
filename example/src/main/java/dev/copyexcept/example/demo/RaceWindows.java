package dev.copyexcept.example.demo;

import dev.copyexcept.example.debug.Interleave;
import dev.copyexcept.example.debug.Interleave.Point;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo's window-widening hook: like {@link dev.copyexcept.example.debug.WidenWindows}, a
 * seeded random yield or spin at an interleaving point, but only at the points that bound the
 * seed's race, so that the rest of the model runs at full speed:
 *
 * <ul>
 *   <li>{@link Point#LOCK_VMA_UNDER_RCU_AFTER_WALK}: a reader found a VMA under RCU and has no
 *       reference yet; meanwhile the VMA can be unmapped, freed and (type-safe cache) reused;
 *   <li>{@link Point#VMA_START_READ_AFTER_INC} and {@link Point#VMA_REFCOUNT_PUT_BEFORE_DEC}: the
 *       reader holds a reference; if a memcpy-and-reset lands in between, its increment is erased
 *       and its decrement is the one that is lost (underflow, or an attached VMA at 0);
 *   <li>{@link Point#VM_AREA_DUP_AFTER_COPY}: {@code vm_area_dup} has copied into a (possibly
 *       recycled) object; with memcpy its {@code vm_refcnt} holds the original's count until the
 *       reset that follows.
 * </ul>
 *
 * Each thread's random stream is derived from the seed and the thread's name (the demo's workers
 * have fixed names), so the same seed gives every worker the same stream in every run.
 */
final class RaceWindows implements Interleave.Hook {
  static final Set<Point> POINTS = EnumSet.of(Point.LOCK_VMA_UNDER_RCU_AFTER_WALK,
      Point.VMA_START_READ_AFTER_INC, Point.VMA_REFCOUNT_PUT_BEFORE_DEC, Point.VM_AREA_DUP_AFTER_COPY);

  private final long seed;
  private final int maxSpins;
  private final int yieldPercent;
  private final ThreadLocal<SplittableRandom> random;
  private final Map<Point, LongAdder> reached = new EnumMap<>(Point.class);
  private final LongAdder yields = new LongAdder();
  private final LongAdder spins = new LongAdder();

  RaceWindows(long seed, int maxSpins, int yieldPercent) {
    if (maxSpins < 1 || yieldPercent < 0 || yieldPercent > 100) {
      throw new IllegalArgumentException("maxSpins " + maxSpins + ", yieldPercent " + yieldPercent);
    }
    this.seed = seed;
    this.maxSpins = maxSpins;
    this.yieldPercent = yieldPercent;
    this.random = ThreadLocal.withInitial(
        () -> new SplittableRandom(seed ^ (Thread.currentThread().getName().hashCode() * 0x9E3779B97F4A7C15L)));
    for (Point p : POINTS) {
      reached.put(p, new LongAdder());
    }
  }

  @Override
  public void reached(Point point) {
    LongAdder n = reached.get(point);
    if (n == null) {
      return; // not one of our points: no delay
    }
    n.increment();
    SplittableRandom r = random.get();
    if (r.nextInt(100) < yieldPercent) {
      yields.increment();
      Thread.yield();
      return;
    }
    int k = r.nextInt(maxSpins);
    spins.add(k);
    for (int i = 0; i < k; i++) {
      Thread.onSpinWait();
    }
  }

  /** One line for the summary: where and by how much the windows were widened. */
  String summary() {
    StringBuilder sb = new StringBuilder();
    reached.forEach((p, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(p).append(" x").append(v.sum()));
    return String.format(Locale.ROOT, "%s; %d yields (%d%% per point), %d spin-waits (< %d per point), seed %d",
        sb, yields.sum(), yieldPercent, spins.sum(), maxSpins, seed);
  }
}
