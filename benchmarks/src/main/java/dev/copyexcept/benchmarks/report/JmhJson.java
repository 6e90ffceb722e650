package dev.copyexcept.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes results of programs that are not JMH benchmarks (the model drivers, the compile-cost
 * measurement) in JMH's JSON format, so that {@link Report} reads them like any JMH run.
 */
public final class JmhJson {
  private final List<String> entries = new ArrayList<>();

  /** One result: {@code benchmark} is a full name ({@code pkg.Class.method}). */
  public Entry entry(String benchmark, int threads, double score, double error, String unit) {
    return new Entry(benchmark, threads, score, error, unit);
  }

  /** Writes every entry added so far to {@code file}. */
  public void write(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, "[\n" + String.join(",\n", entries) + "\n]\n");
  }

  /** A result being described; {@link #add()} appends it. */
  public final class Entry {
    private final String benchmark;
    private final int threads;
    private final double score;
    private final double error;
    private final String unit;
    private String mode = "ss";
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, double[]> secondary = new LinkedHashMap<>();
    private final Map<String, String> secondaryUnits = new LinkedHashMap<>();
    private double[] raw;

    private Entry(String benchmark, int threads, double score, double error, String unit) {
      this.benchmark = benchmark;
      this.threads = threads;
      this.score = score;
      this.error = error;
      this.unit = unit;
    }

    /** JMH's mode name: {@code avgt} (lower is better) or {@code thrpt}; {@code ss} by default. */
    public Entry mode(String mode) {
      this.mode = mode;
      return this;
    }

    public Entry param(String name, String value) {
      params.put(name, value);
      return this;
    }

    /** The per-iteration scores, written as one fork's {@code rawData}. */
    public Entry raw(double[] iterations) {
      this.raw = iterations.clone();
      return this;
    }

    public Entry secondary(String name, double value, String unit) {
      secondary.put(name, new double[] {value});
      secondaryUnits.put(name, unit);
      return this;
    }

    public void add() {
      StringBuilder sb = new StringBuilder("  {\"benchmark\": \"").append(benchmark);
      sb.append("\", \"mode\": \"").append(mode).append("\", \"threads\": ").append(threads);
      sb.append(", \"params\": {");
      List<String> ps = new ArrayList<>();
      params.forEach((k, v) -> ps.add("\"" + k + "\": \"" + v + "\""));
      sb.append(String.join(", ", ps)).append("}, \"primaryMetric\": {\"score\": ");
      sb.append(number(score)).append(", \"scoreError\": ").append(number(error));
      sb.append(", \"scoreUnit\": \"").append(unit).append('"');
      if (raw != null) {
        List<String> rs = new ArrayList<>();
        for (double r : raw) {
          rs.add(number(r));
        }
        sb.append(", \"rawData\": [[").append(String.join(", ", rs)).append("]]");
      }
      sb.append("}, \"secondaryMetrics\": {");
      List<String> ss = new ArrayList<>();
      secondary.forEach(
          (k, v) ->
              ss.add(
                  "\""
                      + k
                      + "\": {\"score\": "
                      + number(v[0])
                      + ", \"scoreUnit\": \""
                      + secondaryUnits.get(k)
                      + "\"}"));
      sb.append(String.join(", ", ss)).append("}}");
      entries.add(sb.toString());
    }
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "\"NaN\"" : String.format(Locale.ROOT, "%.4f", v);
  }
}
