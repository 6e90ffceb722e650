package dev.copyexcept.kdiff;

import dev.copyexcept.example.mm.Kernel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The command: runs {@code --count} generated sequences from {@code --seed} on Linux and on the
 * model, shrinks and prints the first divergences as JUnit scenarios, and ends with a summary. Exit
 * status 0 when every sequence agreed (discarded ones aside), 1 on a divergence, 2 on a usage
 * error.
 */
public final class KernelDiff {
  private KernelDiff() {}

  static final String USAGE =
      """
      usage: KernelDiff [--seed S] [--count N] [--from I] [--window-mib M] [--max-reports R]
                        [--[no-]mremap] [--verbose] [--trace] [--help]
        --seed S         seed of the run (default 1); sequence I uses a seed derived from S and I
        --count N        number of sequences (default 500)
        --from I         index of the first sequence (default 0): --from I --count 1 reruns one
        --window-mib M   size of the reserved window in MiB (default 1024)
        --max-reports R  divergences to shrink and print (default 3); all are counted
        --[no-]mremap    generate mremap calls (default: on)
        --verbose        print each sequence's index before it runs
        --trace          also print every call with Linux's and the model's answers
      """;

  /** The parsed options. */
  record Options(
      long seed,
      int count,
      int from,
      long windowMib,
      int maxReports,
      boolean mremap,
      boolean verbose,
      boolean trace) {

    static Options parse(String[] args) {
      long seed = 1;
      int count = 500;
      int from = 0;
      long mib = 1024;
      int reports = 3;
      boolean mremap = Generator.MREMAP;
      boolean verbose = false;
      boolean trace = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
          case "--count" -> count = positive(value(args, ++i, a), a);
          case "--from" -> from = Integer.parseInt(value(args, ++i, a));
          case "--window-mib" -> mib = positive(value(args, ++i, a), a);
          case "--max-reports" -> reports = Integer.parseInt(value(args, ++i, a));
          case "--mremap" -> mremap = true;
          case "--no-mremap" -> mremap = false;
          case "--verbose" -> verbose = true;
          case "--trace" -> trace = verbose = true;
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      return new Options(seed, count, from, mib, reports, mremap, verbose, trace);
    }

    private static String value(String[] args, int i, String opt) {
      if (i >= args.length) {
        throw new IllegalArgumentException(opt + " needs a value");
      }
      return args[i];
    }

    private static int positive(String v, String opt) {
      int n = Integer.parseInt(v);
      if (n <= 0) {
        throw new IllegalArgumentException(opt + " must be positive: " + v);
      }
      return n;
    }
  }

  /** What a run found. */
  static final class Summary {
    int sequences;
    int agreed;
    int discarded;
    long calls;
    long shrinkCalls;
    final Map<Divergence.Kind, Integer> divergences = new EnumMap<>(Divergence.Kind.class);
    final List<String> reports = new ArrayList<>();

    int divergenceCount() {
      return divergences.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** The seed of sequence {@code index} of a run with seed {@code seed}. */
  static long sequenceSeed(long seed, int index) {
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1))).nextLong();
  }

  public static void main(String[] args) {
    if (java.util.Arrays.asList(args).contains("--help")) {
      System.out.print(USAGE);
      return;
    }
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("KernelDiff: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    long t0 = System.nanoTime();
    Summary s = run(o);
    double secs = (System.nanoTime() - t0) / 1e9;
    for (String r : s.reports) {
      System.out.println(r);
    }
    System.out.println(summaryLine(o, s, secs));
    System.exit(s.divergenceCount() == 0 ? 0 : 1);
  }

  static String summaryLine(Options o, Summary s, double secs) {
    StringBuilder kinds = new StringBuilder();
    for (Divergence.Kind k : Divergence.Kind.values()) {
      kinds
          .append(kinds.isEmpty() ? "" : ", ")
          .append(k)
          .append(' ')
          .append(s.divergences.getOrDefault(k, 0));
    }
    return String.format(
        "kernel-diff: %s %s, seed %d, sequences %d..%d: sequences %d, calls %d (+%d replayed to"
            + " shrink), agreed %d, divergences %d (%s), discarded %d (foreign mapping in the"
            + " window), mremap %s, %.1f s",
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        o.seed(),
        o.from(),
        o.from() + o.count() - 1,
        s.sequences,
        s.calls,
        s.shrinkCalls,
        s.agreed,
        s.divergenceCount(),
        kinds,
        s.discarded,
        o.mremap() ? "on" : "off",
        secs);
  }

  /** Runs the sequences of {@code o}. */
  static Summary run(Options o) {
    return run(o, null);
  }

  /** Runs the sequences of {@code o}; {@code hook} (tests) runs before every call. */
  static Summary run(Options o, Runner.BeforeCall hook) {
    Summary s = new Summary();
    try (Kernel kernel = Kernel.builder().build()) {
      Runner runner = new Runner(kernel, o.windowMib() << 20);
      if (hook != null) {
        runner.beforeCall = hook;
      }
      runner.trace = o.trace();
      try {
        for (int i = o.from(); i < o.from() + o.count(); i++) {
          if (o.verbose()) {
            System.out.println("kernel-diff: sequence " + i);
          }
          s.sequences++;
          if (!o.verbose() && s.sequences % 1000 == 0) {
            System.out.printf(
                "kernel-diff: %d sequences, %d divergences, %d discarded%n",
                s.sequences, s.divergenceCount(), s.discarded);
          }
          List<Op> ops = new ArrayList<>();
          Generator gen = new Generator(sequenceSeed(o.seed(), i), runner.window, o.mremap());
          Runner.Outcome out = runner.generate(gen, ops);
          if (out instanceof Runner.Foreign f) {
            s.discarded++;
            runner.replaceWindow(f.ranges());
          } else if (out instanceof Runner.Inapplicable) {
            throw new IllegalStateException(
                "the generator made an inapplicable call: sequence " + i);
          } else if (out instanceof Runner.Diverged d) {
            s.divergences.merge(d.divergence().kind(), 1, Integer::sum);
            if (s.reports.size() < o.maxReports()) {
              long before = runner.calls;
              s.reports.add(report(runner, o, i, ops, d.divergence()));
              s.shrinkCalls += runner.calls - before;
              runner.calls = before;
            }
          } else {
            s.agreed++;
          }
        }
        s.calls = runner.calls;
      } finally {
        runner.close();
      }
    }
    return s;
  }

  private static String report(Runner runner, Options o, int index, List<Op> ops, Divergence d) {
    long lo = runner.window.lo;
    Shrinker shrinker =
        new Shrinker(
            candidate -> {
              if (runner.window.lo != lo) {
                return null; // replaced (a foreign mapping): the calls' addresses are stale
              }
              Runner.Outcome out = runner.replay(candidate);
              if (out instanceof Runner.Foreign f) {
                runner.replaceWindow(f.ranges());
              }
              return out;
            },
            400);
    List<Op> min = shrinker.shrink(ops.subList(0, d.call() + 1), d.kind());
    if (runner.window.lo != lo) {
      return "== divergence in sequence "
          + index
          + " (seed "
          + o.seed()
          + "): "
          + d.kind()
          + " after call "
          + d.call()
          + "\n  "
          + d.detail()
          + "\n== not shrunk: a foreign mapping replaced the window meanwhile";
    }
    Runner.Outcome again = runner.replay(min);
    Divergence shown = again instanceof Runner.Diverged dd ? dd.divergence() : d;
    Runner.Trace t = runner.trace(min);
    String name = "KernelDiffSeed" + Long.toUnsignedString(o.seed()) + "Seq" + index + "Test";
    String origin =
        "kernel-diff (seed "
            + o.seed()
            + ", sequence "
            + index
            + ": --seed "
            + o.seed()
            + " --from "
            + index
            + " --count 1): "
            + d.kind()
            + " after call "
            + shown.call()
            + "; Linux "
            + System.getProperty("os.version")
            + " answered as asserted.";
    String scenario;
    try (Sides s = new Sides(runner.window, runnerKernel(runner))) {
      scenario = ScenarioPrinter.print(name, origin, t, min, s);
    }
    return "== divergence in sequence "
        + index
        + " (seed "
        + o.seed()
        + "): "
        + d.kind()
        + " after call "
        + d.call()
        + " of "
        + ops.size()
        + "\n  "
        + d.detail()
        + "\n== shrunk to "
        + min.size()
        + " calls ("
        + shrinker.replays()
        + " replays): "
        + shown.kind()
        + "\n  "
        + shown.detail()
        + "\n== as a scenario test of the model:\n"
        + scenario;
  }

  private static Kernel runnerKernel(Runner runner) {
    return runner.kernel();
  }
}
