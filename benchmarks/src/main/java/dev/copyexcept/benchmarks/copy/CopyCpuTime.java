package dev.copyexcept.benchmarks.copy;

import dev.copyexcept.benchmarks.report.JmhJson;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link CopyBenchmark}'s copies timed by the thread's CPU clock instead of the wall clock, for a
 * machine shared with other work: time spent waiting for a core, which dominates JMH's wall-clock
 * scores when the load is ten times the core count, is not counted. Each alternative runs in a
 * fresh JVM (so its call site is the only one the JIT sees), warms up for 1 s of CPU, then runs 15
 * batches of about 50 ms of CPU each; the score is the median batch's ns per copy, the best batch
 * is kept as raw data. Results go to a JMH-format JSON file that {@code report.Report} reads.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.copyexcept.benchmarks.copy.CopyCpuTime \
 *     --json docs/perf/copy-cpu.json
 * </pre>
 *
 * <p>It is not JMH: no forks beyond one per alternative, no JMH dead-code guards beyond a {@code
 * Blackhole} consuming the destination after each copy. The JMH run stays the reference; this is
 * the cross-check.
 */
public final class CopyCpuTime {
  private static final List<String> ALTERNATIVES =
      List.of(
          "generated",
          "handWritten",
          "mapStruct",
          "springBeanUtils",
          "cloneThenRestore",
          "reflectiveFields",
          "varHandleLoop",
          "composedMethodHandles",
          "nestedGenerated",
          "nestedHandWritten",
          "nestedRepeatedChecks");
  private static final int BATCHES = 15;
  private static final long BATCH_CPU_NS = 50_000_000L;

  private CopyCpuTime() {}

  public static void main(String[] args) throws Throwable {
    if (args.length == 2 && args[0].equals("--one")) {
      System.out.println(Arrays.toString(measure(args[1])).replaceAll("[\\[\\] ]", ""));
      return;
    }
    Path json = args.length == 2 && args[0].equals("--json") ? Path.of(args[1]) : null;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    JmhJson out = new JmhJson();
    for (String alt : ALTERNATIVES) {
      Process p =
          new ProcessBuilder(java, "-cp", cp, CopyCpuTime.class.getName(), "--one", alt)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String line = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(alt + " failed");
      }
      double[] perOp = Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
      double[] sorted = perOp.clone();
      Arrays.sort(sorted);
      double median = sorted[sorted.length / 2];
      double iqrHalf = (sorted[sorted.length * 3 / 4] - sorted[sorted.length / 4]) / 2;
      System.out.printf(
          Locale.ROOT, "%-22s %10.2f ns/op CPU (median), best %.2f%n", alt, median, sorted[0]);
      out.entry(CopyBenchmark.class.getName() + "." + alt, 1, median, iqrHalf, "ns/op CPU")
          .mode("avgt")
          .raw(perOp)
          .add();
    }
    if (json != null) {
      out.write(json);
    }
  }

  /** CPU ns per copy of each batch, after a warm-up. */
  private static double[] measure(String alt) throws Throwable {
    CopyBenchmark b = new CopyBenchmark();
    b.setUp();
    Blackhole bh =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous.");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Op op = op(b, alt);
    // Warm-up: until 1 s of CPU, so that C2 has compiled the loop and the copy.
    long ops = 1024;
    long start = mx.getCurrentThreadCpuTime();
    while (mx.getCurrentThreadCpuTime() - start < 1_000_000_000L) {
      run(op, bh, ops);
    }
    // Size a batch to about BATCH_CPU_NS.
    long t0 = mx.getCurrentThreadCpuTime();
    run(op, bh, 100_000);
    long per = Math.max(1, (mx.getCurrentThreadCpuTime() - t0) / 100_000);
    long batch = Math.max(1000, BATCH_CPU_NS / per);
    double[] perOp = new double[BATCHES];
    for (int i = 0; i < BATCHES; i++) {
      long c0 = mx.getCurrentThreadCpuTime();
      run(op, bh, batch);
      perOp[i] = (mx.getCurrentThreadCpuTime() - c0) / (double) batch;
    }
    return perOp;
  }

  /** One copy; throws only for the reflective ones' checked exceptions. */
  private interface Op {
    Object run() throws Throwable;
  }

  private static void run(Op op, Blackhole bh, long n) throws Throwable {
    for (long i = 0; i < n; i++) {
      bh.consume(op.run());
    }
  }

  private static Op op(CopyBenchmark b, String alt) {
    return switch (alt) {
      case "generated" -> b::generated;
      case "handWritten" -> b::handWritten;
      case "mapStruct" -> b::mapStruct;
      case "springBeanUtils" -> b::springBeanUtils;
      case "cloneThenRestore" -> b::cloneThenRestore;
      case "reflectiveFields" -> b::reflectiveFields;
      case "varHandleLoop" -> b::varHandleLoop;
      case "composedMethodHandles" -> b::composedMethodHandles;
      case "nestedGenerated" -> b::nestedGenerated;
      case "nestedHandWritten" -> b::nestedHandWritten;
      case "nestedRepeatedChecks" -> b::nestedRepeatedChecks;
      default -> throw new IllegalArgumentException("unknown alternative " + alt);
    };
  }
}
