package dev.copyexcept.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of a JMH JSON results file: the benchmark's short name ({@code Class.method}), its
 * parameters and thread count, the primary score with its error and unit, and the secondary metrics
 * ({@code gc.alloc.rate.norm}, or the percentiles the model drivers write) by name.
 */
record Result(
    String name,
    int threads,
    Map<String, String> params,
    double score,
    double error,
    String unit,
    Map<String, Double> secondary,
    double best) {

  /** Every entry of a parsed results file. */
  @SuppressWarnings("unchecked")
  static List<Result> fromJson(Object root) {
    List<Result> results = new ArrayList<>();
    for (Object o : (List<Object>) root) {
      Map<String, Object> entry = (Map<String, Object>) o;
      String benchmark = (String) entry.get("benchmark");
      String[] parts = benchmark.split("\\.");
      String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
      Map<String, String> params = new LinkedHashMap<>();
      Object p = entry.get("params");
      if (p instanceof Map<?, ?> map) {
        map.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
      }
      Map<String, Object> primary = (Map<String, Object>) entry.get("primaryMetric");
      Map<String, Double> secondary = new LinkedHashMap<>();
      Object s = entry.get("secondaryMetrics");
      if (s instanceof Map<?, ?> map) {
        map.forEach(
            (k, v) -> secondary.put((String) k, number(((Map<String, Object>) v).get("score"))));
      }
      results.add(
          new Result(
              name,
              ((Double) entry.get("threads")).intValue(),
              params,
              number(primary.get("score")),
              number(primary.get("scoreError")),
              (String) primary.get("scoreUnit"),
              secondary,
              best(primary.get("rawData"), (String) entry.get("mode"))));
    }
    return results;
  }

  /**
   * The best iteration of {@code rawData} (per fork, per iteration): the lowest time, or the
   * highest throughput; NaN when the file has no raw data.
   */
  private static double best(Object rawData, String mode) {
    boolean higherIsBetter = "thrpt".equals(mode);
    double best = Double.NaN;
    if (rawData instanceof List<?> forks) {
      for (Object fork : forks) {
        if (fork instanceof List<?> iterations) {
          for (Object it : iterations) {
            double v = number(it);
            if (Double.isNaN(best) || (higherIsBetter ? v > best : v < best)) {
              best = v;
            }
          }
        }
      }
    }
    return best;
  }

  private static double number(Object o) {
    return o instanceof Double d ? d : Double.NaN; // JMH writes "NaN" as a string
  }

  /** The benchmark method's name: {@code rwLockRead}. */
  String method() {
    return name.substring(name.indexOf('.') + 1);
  }

  /** The method name, then the parameters: {@code rwLockRead mode=x}. */
  String label() {
    StringBuilder sb = new StringBuilder(method());
    params.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    return sb.toString();
  }
}
