package dev.copyexcept.example.demo;

import dev.copyexcept.example.debug.Interleave;
import dev.copyexcept.example.debug.Interleave.Point;
import dev.copyexcept.example.debug.WidenWindows;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The demo: runs the fault/address-space workload in each cell of {TYPESAFE_BY_RCU, CALL_RCU} x
 * {COPY_EXCEPT, MEMCPY_THEN_RESET}, a fresh Kernel per cell, printing a live table once a second
 * and a summary at the end.
 *
 * <p>Run from the repository root: {@code mvn -B -q -Pdemo -DskipTests package}, with options in
 * {@code -Ddemo.args="--duration 5s --cells typesafe+memcpy,typesafe+copy-except"}.
 */
@Command(
    name = "vma-demo",
    mixinStandardHelpOptions = true,
    version = "vma-demo 0.1",
    sortOptions = false,
    description =
        "Faulting threads against writer threads (mmap, munmap, mprotect, fork) on the "
            + "model of Linux's per-VMA locks, in the four cells of {type-safe slab, call_rcu slab} x "
            + "{@CopyExcept copy, memcpy + reset}, a fresh Kernel per cell. Only memcpy on the "
            + "type-safe slab loses readers' references (refcount underflow and detach warnings, then "
            + "threads stuck on corrupted lock words); the other three cells stay clean. "
            + "That cell always runs last.")
public final class VmaDemo implements Callable<Integer> {
  /**
   * The interleaving points that bound the seed's race, the only ones the demo widens (the rest of
   * the model runs at full speed):
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
   * The demo's workers have fixed names, so the same seed gives every worker the same stream.
   */
  static final Set<Point> RACE_POINTS =
      EnumSet.of(
          Point.LOCK_VMA_UNDER_RCU_AFTER_WALK,
          Point.VMA_START_READ_AFTER_INC,
          Point.VMA_REFCOUNT_PUT_BEFORE_DEC,
          Point.VM_AREA_DUP_AFTER_COPY);

  @Spec CommandSpec spec;

  @Option(
      names = "--duration",
      defaultValue = "12s",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description =
          "Run time per cell: 12s, 300ms, 1m or plain seconds (default: ${DEFAULT-VALUE}).")
  long durationNanos;

  @Option(
      names = "--threads",
      defaultValue = "3",
      paramLabel = "N",
      description = "Faulting threads per cell (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--writers",
      defaultValue = "2",
      paramLabel = "N",
      description =
          "Writer threads (mmap/munmap/mprotect/fork) per cell (default: ${DEFAULT-VALUE}).")
  int writers;

  @Option(
      names = "--cells",
      defaultValue = "all",
      paramLabel = "LIST",
      description =
          "'all' or a comma-separated list of typesafe+memcpy, typesafe+copy-except, "
              + "callrcu+memcpy, callrcu+copy-except (default: ${DEFAULT-VALUE}).")
  String cells;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "Seed of every random choice (operations, addresses, widening) (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--widen",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Widen the race windows at the interleaving points that bound the race (a "
              + "reader between tree walk, refcount increment and decrement; vm_area_dup between copy "
              + "and reset) with seeded random yields and spins (default: on; --no-widen for the bare model).")
  boolean widen;

  @Option(
      names = "--max-spins",
      defaultValue = "500",
      paramLabel = "N",
      description =
          "Widening: spin-waits per point are drawn from [0, N) (default: ${DEFAULT-VALUE}).")
  int maxSpins;

  @Option(
      names = "--yield-percent",
      defaultValue = "50",
      paramLabel = "PCT",
      description =
          "Widening: chance of a Thread.yield() instead of a spin at a point (default: ${DEFAULT-VALUE}).")
  int yieldPercent;

  @Option(names = "--quiet", description = "No live table, only the summary.")
  boolean quiet;

  public static void main(String[] args) {
    int code = new CommandLine(new VmaDemo()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Cell> list;
    try {
      list = Cell.parseList(cells);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (threads < 1 || writers < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--threads and --writers must be >= 1");
    }
    out.printf(
        Locale.ROOT,
        "vma-demo: %d cell(s) x %.1fs, %d faulting + %d writer threads, %s, windows %s%n",
        list.size(),
        durationNanos / 1e9,
        threads,
        writers,
        seedsText(seed, list.size()),
        widen
            ? "widened (max " + maxSpins + " spins, " + yieldPercent + "% yields per point)"
            : "not widened");
    if (!quiet) {
      out.println(Tables.legend());
    }
    out.flush();
    List<CellResult> results = new ArrayList<>();
    List<String> widening = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Cell cell = list.get(i);
      Workload w = new Workload(cell, durationNanos, threads, writers, seed + i);
      if (!quiet) {
        out.printf(Locale.ROOT, "%n== %s (seed %d) ==%n", cell, seed + i);
        out.println(Tables.liveHeader());
        out.flush();
      }
      WidenWindows hook =
          widen ? new WidenWindows(seed + i, maxSpins, yieldPercent, RACE_POINTS) : null;
      Interleave.Installation inst = hook == null ? null : Interleave.install(hook);
      CellResult r;
      try {
        r =
            w.run(
                quiet
                    ? null
                    : s -> {
                      out.println(Tables.liveRow(cell, s));
                      out.flush();
                    });
      } finally {
        if (inst != null) {
          inst.close(); // stuck threads of a broken cell no longer reach the hook
        }
      }
      if (hook != null) {
        widening.add(cell + ": " + hook.summary());
      }
      results.add(r);
    }
    out.println();
    out.print(Tables.summary(results, widen, widening));
    out.flush();
    return 0;
  }

  /** The seeds the cells use: cell {@code i} runs with {@code seed + i}. */
  static String seedsText(long seed, int cells) {
    return cells == 1
        ? "seed " + seed
        : String.format(
            Locale.ROOT, "seeds %d-%d (cell i uses --seed + i)", seed, seed + cells - 1);
  }

  /** Parses "12s", "300ms", "1m", "2.5" (seconds) into nanoseconds. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      double scale;
      if (v.endsWith("ms")) {
        scale = 1e6;
        v = v.substring(0, v.length() - 2);
      } else if (v.endsWith("s")) {
        scale = 1e9;
        v = v.substring(0, v.length() - 1);
      } else if (v.endsWith("m")) {
        scale = 60e9;
        v = v.substring(0, v.length() - 1);
      } else {
        scale = 1e9;
      }
      double d = Double.parseDouble(v.trim());
      if (!(d > 0) || d * scale > 3600e9) {
        throw new CommandLine.TypeConversionException(
            "duration must be > 0 and at most 1h: " + value);
      }
      return (long) (d * scale);
    }
  }
}
