package dev.copyexcept.benchmarks.report;

import java.awt.Color;
import java.awt.Font;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Turns JMH JSON results ({@code -rf json}, or the same format written by the model drivers) into a
 * Markdown table on standard output and a horizontal bar chart in a PNG, headless.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.copyexcept.benchmarks.report.Report \
 *     --title "Copy, 19 fields" --png docs/perf/copy.png --log \
 *     --column gc.alloc.rate.norm=B/op --ratio-to handWritten results/copy.json
 * </pre>
 *
 * <p>Options: {@code --png FILE} (the chart), {@code --title T}, {@code --log} (logarithmic value
 * axis, for results that span orders of magnitude), {@code --column METRIC=HEADING} (a secondary
 * metric as a table column, repeatable), {@code --best} (a column with the best iteration of each
 * benchmark, which the ratios and the chart then use: on a machine shared with other work the
 * least-disturbed iteration is the steadier estimate), {@code --ratio-to METHOD[,METHOD...]} (a
 * column of score ratios to that benchmark with the same thread count and parameters; of several,
 * the one whose name shares the longest prefix), {@code --series threads|PARAM} (one bar colour per
 * thread count or per value of a parameter). Every other argument is a results file; the files are
 * read in order and their entries kept in order.
 */
public final class Report {
  private Report() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    String title = "";
    Path png = null;
    boolean log = false;
    String series = null;
    String ratioTo = null;
    boolean best = false;
    Map<String, String> columns = new LinkedHashMap<>();
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--title" -> title = args[++i];
        case "--png" -> png = Path.of(args[++i]);
        case "--log" -> log = true;
        case "--best" -> best = true;
        case "--series" -> series = args[++i];
        case "--ratio-to" -> ratioTo = args[++i];
        case "--column" -> {
          String[] kv = args[++i].split("=", 2);
          columns.put(kv[0], kv.length > 1 ? kv[1] : kv[0]);
        }
        default -> results.addAll(Result.fromJson(Json.parse(Files.readString(Path.of(args[i])))));
      }
    }
    if (results.isEmpty()) {
      throw new IllegalArgumentException("no results: give at least one JMH JSON file");
    }
    System.out.print(table(results, columns, ratioTo, best));
    if (png != null) {
      chart(results, title, log, series, png, best);
    }
  }

  /**
   * The Markdown table: benchmark, threads, score ± error, (the best iteration, on which the ratios
   * are then computed), then the requested columns.
   */
  static String table(
      List<Result> results, Map<String, String> columns, String ratioTo, boolean best) {
    StringBuilder sb = new StringBuilder("| benchmark | threads | score | unit |");
    if (best) {
      sb.append(" best iteration |");
    }
    if (ratioTo != null) {
      sb.append(" × baseline |");
    }
    columns.values().forEach(h -> sb.append(' ').append(h).append(" |"));
    sb.append("\n| --- | ---: | ---: | --- |");
    if (best) {
      sb.append(" ---: |");
    }
    if (ratioTo != null) {
      sb.append(" ---: |");
    }
    columns.values().forEach(h -> sb.append(" ---: |"));
    sb.append('\n');
    for (Result r : results) {
      sb.append("| `")
          .append(r.label())
          .append("` | ")
          .append(r.threads())
          .append(" | ")
          .append(format(r.score()));
      if (!Double.isNaN(r.error())) {
        sb.append(" ± ").append(format(r.error()));
      }
      sb.append(" | ").append(r.unit()).append(" |");
      if (best) {
        sb.append(' ').append(format(r.best())).append(" |");
      }
      if (ratioTo != null) {
        Result base = baseline(results, r, ratioTo);
        double ratio =
            base == null ? Double.NaN : best ? r.best() / base.best() : r.score() / base.score();
        sb.append(' ').append(Double.isNaN(ratio) ? "" : format(ratio)).append(" |");
      }
      for (String metric : columns.keySet()) {
        Double v = r.secondary().get(metric);
        sb.append(' ').append(v == null ? "" : format(v)).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * The baseline of {@code r}: of the comma-separated {@code methods}, the one whose name shares
   * the longest prefix with r's ({@code nestedGenerated} is compared with {@code
   * nestedHandWritten}, {@code generated} with {@code handWritten}), at r's thread count.
   */
  private static Result baseline(List<Result> results, Result r, String methods) {
    Result best = null;
    int bestPrefix = -1;
    for (String method : methods.split(",")) {
      int prefix = commonPrefix(method, r.method());
      for (Result b : results) {
        if (b.method().equals(method)
            && b.threads() == r.threads()
            && b.params().equals(r.params())
            && prefix > bestPrefix) {
          best = b;
          bestPrefix = prefix;
        }
      }
    }
    return best;
  }

  private static int commonPrefix(String a, String b) {
    int n = 0;
    while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    return n;
  }

  /** Three significant digits, no exponent for the ranges benchmarks produce. */
  static String format(double v) {
    double a = Math.abs(v);
    if (a >= 100 || a == 0) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 0.01) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return "≈ 0"; // JMH's gc.alloc.rate.norm of an allocation-free benchmark, e.g. 1e-5 B/op
  }

  private static void chart(
      List<Result> results, String title, boolean log, String series, Path png, boolean best)
      throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    double min = Double.MAX_VALUE;
    double max = 0;
    String unit = results.get(0).unit() + (best ? ", best iteration" : "");
    boolean severalThreadCounts = results.stream().map(Result::threads).distinct().count() > 1;
    for (Result r : results) {
      String row;
      String column;
      if ("threads".equals(series)) {
        row = r.threads() + (r.threads() == 1 ? " thread" : " threads");
        column = r.label();
      } else if (series != null && r.params().containsKey(series)) {
        row = series + "=" + r.params().get(series);
        Map<String, String> rest = new LinkedHashMap<>(r.params());
        rest.remove(series);
        StringBuilder sb = new StringBuilder(r.name().substring(r.name().indexOf('.') + 1));
        rest.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        if (severalThreadCounts) {
          sb.append(" (").append(r.threads()).append(r.threads() == 1 ? " thread)" : " threads)");
        }
        column = sb.toString();
      } else {
        row = unit;
        column = severalThreadCounts ? r.label() + " (" + r.threads() + " threads)" : r.label();
      }
      double value = best ? r.best() : r.score();
      data.addValue(value, row, column);
      if (value > 0) {
        min = Math.min(min, value);
      }
      max = Math.max(max, value);
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            title,
            null,
            unit,
            data,
            PlotOrientation.HORIZONTAL,
            data.getRowCount() > 1,
            false,
            false);
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.02);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0.#")));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    if (log) {
      LogAxis axis = new LogAxis(unit + " (log scale)");
      double lower = Math.pow(10, Math.floor(Math.log10(min)));
      axis.setSmallestValue(lower);
      axis.setRange(lower, Math.pow(10, Math.ceil(Math.log10(max * 1.5))));
      axis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
      axis.setTickUnit(new NumberTickUnit(1)); // in powers of ten: 1, 10, 100, ...
      plot.setRangeAxis(axis);
      renderer.setBase(lower);
    } else {
      plot.getRangeAxis().setUpperMargin(0.12); // room for the value labels
    }
    int bars = data.getColumnCount() * Math.max(1, data.getRowCount());
    int height = 140 + 22 * bars;
    File file = png.toFile();
    if (file.getParentFile() != null) {
      Files.createDirectories(file.getParentFile().toPath());
    }
    ChartUtils.saveChartAsPNG(file, chart, 900, height);
  }
}
