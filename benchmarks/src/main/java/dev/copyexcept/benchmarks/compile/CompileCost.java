package dev.copyexcept.benchmarks.compile;

import dev.copyexcept.benchmarks.report.JmhJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What annotation processing costs {@code javac}: wall time of a fresh {@code javac} process over N
 * annotated 20-field classes ({@link SourceSet}), in six variants (seven with {@code
 * --processor-before}), medians of several runs:
 *
 * <ul>
 *   <li>{@code plain}: the classes, {@code -proc:none};
 *   <li>{@code copyExcept}: the classes with the copy-except processor;
 *   <li>{@code copyExceptBefore} (only with {@code --processor-before JAR}): the same with another
 *       build of the processor, to compare a change in one run;
 *   <li>{@code replayProcessor}: the classes with {@link ReplayProcessor}, which writes the same N
 *       copiers through the {@code Filer} without any analysis: the floor for any processor, since
 *       javac's rounds cost the same whoever writes the files;
 *   <li>{@code copyExceptLimit}: the classes and the N copiers the processor wrote, already on
 *       disk, {@code -proc:none}: what compiling the output alone costs, the floor for any
 *       processor that generates it;
 *   <li>{@code mapStructPlain}: the classes and N MapStruct update-mapper interfaces, {@code
 *       -proc:none};
 *   <li>{@code mapStruct}: the same with the MapStruct processor;
 *   <li>{@code mapStructLimit}: the same as {@code mapStructPlain} plus the N implementations
 *       MapStruct wrote, {@code -proc:none}.
 * </ul>
 *
 * <p>{@code --clock cpu} measures the CPU time (user + system, all of javac's threads) instead of
 * the wall time: on a machine shared with other work, wall time mostly measures the wait for a
 * core. {@code --variants a,b} measures only those variants.
 *
 * <p>The processor's own work is {@code copyExcept − copyExceptLimit} (MapStruct's: {@code
 * mapStruct − mapStructLimit}); the cost a user sees per class is {@code (copyExcept − plain) / N}.
 * The variants run round-robin within each run, so drift in the machine's load is spread over all
 * of them. Writes a JSON file in JMH's format (read by {@code report.Report}; score = median, error
 * = half the range) and a summary.
 *
 * <pre>
 * java -cp benchmarks.jar dev.copyexcept.benchmarks.compile.CompileCost --sizes 500,2000 --runs 5 \
 *     --annotations A.jar --processor P.jar --mapstruct M.jar --mapstruct-processor MP.jar \
 *     --work target/compile-cost --json results/compile-cost.json
 * </pre>
 */
public final class CompileCost {
  private static final List<String> ALL_VARIANTS =
      List.of(
          "plain",
          "copyExceptBefore",
          "copyExcept",
          "replayProcessor",
          "copyExceptLimit",
          "mapStructPlain",
          "mapStruct",
          "mapStructLimit");

  /** The variants measured: copyExceptBefore only with {@code --processor-before}. */
  private final List<String> variants;

  private final Map<String, String> options;
  private final Path work;
  private final String javac;

  private CompileCost(Map<String, String> options) {
    this.options = options;
    this.work = Path.of(options.getOrDefault("work", "target/compile-cost")).toAbsolutePath();
    this.javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    this.variants =
        ALL_VARIANTS.stream()
            .filter(v -> !v.equals("copyExceptBefore") || options.containsKey("processor-before"))
            .filter(
                v ->
                    !options.containsKey("variants")
                        || List.of(options.get("variants").split(",")).contains(v))
            .toList();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    for (String required :
        List.of("annotations", "processor", "mapstruct", "mapstruct-processor")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("missing --" + required + " JAR");
      }
    }
    new CompileCost(options).run();
  }

  private void run() throws IOException, InterruptedException {
    int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
    List<Integer> sizes =
        Arrays.stream(options.getOrDefault("sizes", "500,2000").split(","))
            .map(Integer::valueOf)
            .toList();
    System.out.printf(
        Locale.ROOT,
        "javac %s, %d runs per variant, %d cores%n",
        Runtime.version(),
        runs,
        Runtime.getRuntime().availableProcessors());
    JmhJson json = new JmhJson();
    for (int n : sizes) {
      Map<String, long[]> times = measure(n, runs);
      Map<String, Double> median = new LinkedHashMap<>();
      times.forEach((v, t) -> median.put(v, median(t)));
      summarize(n, median, times);
      for (String v : variants) {
        long[] t = times.get(v);
        double m = median.get(v);
        double halfRange =
            (Arrays.stream(t).max().orElseThrow() - Arrays.stream(t).min().orElseThrow()) / 2.0;
        json.entry(
                CompileCost.class.getName() + "." + v,
                1,
                m,
                halfRange,
                "cpu".equals(options.get("clock")) ? "ms CPU" : "ms")
            .param("N", String.valueOf(n))
            .secondary("msPerClass", m / n, "ms")
            .add();
      }
    }
    if (options.containsKey("json")) {
      json.write(Path.of(options.get("json")));
    }
  }

  /** Prepares the sources for size n, then times every variant {@code runs} times. */
  private Map<String, long[]> measure(int n, int runs) throws IOException, InterruptedException {
    Path base = work.resolve("n" + n);
    deleteRecursively(base);
    Path classes = base.resolve("classes-src");
    Path mappers = base.resolve("mappers-src");
    SourceSet.writeClasses(classes, n);
    SourceSet.writeMappers(mappers, n);
    // The generated sources, for the limits: one run of each processor with -s.
    Path copiers = base.resolve("copiers-src");
    Path mapperImpls = base.resolve("mapper-impls-src");
    compile(base, "copyExcept", classes, mappers, copiers, mapperImpls);
    if (variants.contains("mapStructLimit")) {
      compile(base, "mapStruct", classes, mappers, copiers, mapperImpls);
    }
    Map<String, long[]> times = new LinkedHashMap<>();
    variants.forEach(v -> times.put(v, new long[runs]));
    for (int r = 0; r < runs; r++) {
      for (String v : variants) {
        times.get(v)[r] = compile(base, v, classes, mappers, copiers, mapperImpls);
      }
    }
    return times;
  }

  /**
   * Runs one javac of variant {@code v} and returns its wall time in ms. The processors write their
   * sources ({@code -s}) into {@code copiers} and {@code mapperImpls}, which the limits compile.
   */
  private long compile(
      Path base, String v, Path classes, Path mappers, Path copiers, Path mapperImpls)
      throws IOException, InterruptedException {
    Path out = base.resolve("out-" + v);
    deleteRecursively(out);
    Files.createDirectories(out);
    List<Path> sources = new ArrayList<>(SourceSet.javaFiles(classes));
    List<String> cmd = new ArrayList<>(List.of(javac, "-J-Xms512m", "-d", out.toString()));
    String cp = options.get("annotations");
    if (v.startsWith("mapStruct")) {
      cp += java.io.File.pathSeparator + options.get("mapstruct");
      sources.addAll(SourceSet.javaFiles(mappers));
    }
    cmd.addAll(List.of("-cp", cp, "-implicit:none", "-nowarn"));
    switch (v) {
      case "copyExcept", "copyExceptBefore", "mapStruct" -> {
        Path s =
            switch (v) {
              case "copyExcept" -> copiers;
              case "mapStruct" -> mapperImpls;
              default -> base.resolve("copiers-before-src");
            };
        deleteRecursively(s);
        Files.createDirectories(s);
        String path =
            options.get(
                switch (v) {
                  case "copyExcept" -> "processor";
                  case "mapStruct" -> "mapstruct-processor";
                  default -> "processor-before";
                });
        cmd.addAll(List.of("-processorpath", path, "-s", s.toString()));
      }
      case "replayProcessor" -> {
        // Needs the copiers written by a copyExcept run first (measure() makes one).
        Path s = base.resolve("copiers-replay-src");
        deleteRecursively(s);
        Files.createDirectories(s);
        String self =
            CompileCost.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        cmd.addAll(
            List.of(
                "-processorpath",
                self,
                "-processor",
                ReplayProcessor.class.getName(),
                "-Areplay.dir=" + copiers,
                "-s",
                s.toString()));
      }
      case "copyExceptLimit" -> {
        cmd.add("-proc:none");
        sources.addAll(SourceSet.javaFiles(copiers));
      }
      case "mapStructLimit" -> {
        cmd.add("-proc:none");
        sources.addAll(SourceSet.javaFiles(mapperImpls));
      }
      default -> cmd.add("-proc:none");
    }
    Path list = base.resolve("sources-" + v + ".txt");
    Files.write(list, sources.stream().map(Path::toString).toList());
    cmd.add("@" + list);
    boolean cpu = "cpu".equals(options.get("clock"));
    Path times = base.resolve("times-" + v + ".txt");
    if (cpu) {
      // bash's `times` after the wait: the user and system CPU time of javac and its threads.
      List<String> wrapped =
          new ArrayList<>(
              List.of("bash", "-c", "\"$@\"; rc=$?; times > '" + times + "'; exit $rc"));
      wrapped.add("bash");
      wrapped.addAll(cmd);
      cmd = wrapped;
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(base.resolve("javac-" + v + ".log").toFile());
    long t0 = System.nanoTime();
    int exit = pb.start().waitFor();
    long ms = cpu ? childCpuMs(times) : (System.nanoTime() - t0) / 1_000_000;
    if (exit != 0) {
      throw new IllegalStateException(
          "javac failed for " + v + ": see " + base.resolve("javac-" + v + ".log"));
    }
    return ms;
  }

  private void summarize(int n, Map<String, Double> m, Map<String, long[]> times) {
    System.out.printf(
        Locale.ROOT,
        "%nN = %d classes (median %s ms of javac, all runs):%n",
        n,
        "cpu".equals(options.get("clock")) ? "CPU (user + system)" : "wall");
    for (String v : variants) {
      System.out.printf(
          Locale.ROOT, "  %-16s %8.0f  %s%n", v, m.get(v), Arrays.toString(times.get(v)));
    }
    if (!m.keySet()
        .containsAll(List.of("plain", "copyExcept", "copyExceptLimit", "replayProcessor"))) {
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "  copy-except: %.2f ms/class over plain; of that, compiling its output %.2f ms/class,"
            + " the processor's own work %.2f ms/class%n",
        (m.get("copyExcept") - m.get("plain")) / n,
        (m.get("copyExceptLimit") - m.get("plain")) / n,
        (m.get("copyExcept") - m.get("copyExceptLimit")) / n);
    System.out.printf(
        Locale.ROOT,
        "  of the processor's own work, javac's rounds (replayProcessor − limit) %.2f ms/class,"
            + " copy-except's analysis and rendering (copyExcept − replayProcessor) %.2f ms/class%n",
        (m.get("replayProcessor") - m.get("copyExceptLimit")) / n,
        (m.get("copyExcept") - m.get("replayProcessor")) / n);
    if (m.containsKey("copyExceptBefore")) {
      System.out.printf(
          Locale.ROOT,
          "  copy-except before: %.2f ms/class over plain, the processor's own work %.2f"
              + " ms/class, its analysis and rendering %.2f ms/class%n",
          (m.get("copyExceptBefore") - m.get("plain")) / n,
          (m.get("copyExceptBefore") - m.get("copyExceptLimit")) / n,
          (m.get("copyExceptBefore") - m.get("replayProcessor")) / n);
    }
    if (m.containsKey("mapStruct") && m.containsKey("mapStructPlain")) {
      System.out.printf(
          Locale.ROOT,
          "  MapStruct:   %.2f ms/mapper over its interfaces; of that, compiling its output %.2f"
              + " ms/mapper, the processor's own work %.2f ms/mapper%n",
          (m.get("mapStruct") - m.get("mapStructPlain")) / n,
          (m.get("mapStructLimit") - m.get("mapStructPlain")) / n,
          (m.get("mapStruct") - m.get("mapStructLimit")) / n);
    }
  }

  /** The children's user + system time from bash's {@code times} output (second line). */
  private static long childCpuMs(Path times) throws IOException {
    String[] lines = Files.readString(times).trim().split("\n");
    double total = 0;
    for (String t : lines[lines.length - 1].trim().split("\\s+")) {
      int m = t.indexOf('m');
      total +=
          Double.parseDouble(t.substring(0, m)) * 60
              + Double.parseDouble(t.substring(m + 1, t.length() - 1));
    }
    return Math.round(total * 1000);
  }

  private static double median(long[] t) {
    long[] s = t.clone();
    Arrays.sort(s);
    int k = s.length;
    return k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2.0;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var stream = Files.walk(dir)) {
      stream
          .sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
