package dev.copyexcept.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results reader and the table and chart writer, on a JMH-shaped file. */
class ReportTest {
  private static final String JMH =
      """
      [
        {"jmhVersion": "1.37", "benchmark": "a.b.CopyBenchmark.handWritten", "mode": "avgt",
         "threads": 1, "forks": 1, "params": null,
         "primaryMetric": {"score": 5.0, "scoreError": 0.5, "scoreUnit": "ns/op",
                           "rawData": [[5.0, 4.9]]},
         "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 1.0E-5, "scoreUnit": "B/op"}}},
        {"benchmark": "a.b.CopyBenchmark.generated", "mode": "avgt", "threads": 1,
         "primaryMetric": {"score": 5.5, "scoreError": "NaN", "scoreUnit": "ns/op"},
         "secondaryMetrics": {}},
        {"benchmark": "a.b.CopyBenchmark.nestedHandWritten", "mode": "avgt", "threads": 1,
         "params": {"spread": "same \\"x\\""},
         "primaryMetric": {"score": 10.0, "scoreError": 1.0, "scoreUnit": "ns/op"},
         "secondaryMetrics": {}},
        {"benchmark": "a.b.CopyBenchmark.nestedGenerated", "mode": "avgt", "threads": 1,
         "params": {"spread": "same \\"x\\""},
         "primaryMetric": {"score": 10.4, "scoreError": 1.0, "scoreUnit": "ns/op"},
         "secondaryMetrics": {}}
      ]
      """;

  @Test
  void fromJson_readsNamesParamsScoresAndSecondaryMetrics() {
    List<Result> results = Result.fromJson(Json.parse(JMH));
    assertEquals(4, results.size());
    Result first = results.get(0);
    assertEquals("CopyBenchmark.handWritten", first.name());
    assertEquals(5.0, first.score());
    assertEquals(0.5, first.error());
    assertEquals("ns/op", first.unit());
    assertEquals(1.0e-5, first.secondary().get("gc.alloc.rate.norm"));
    assertTrue(Double.isNaN(results.get(1).error()), "JMH writes NaN as a string");
    assertEquals(Map.of("spread", "same \"x\""), results.get(3).params());
  }

  @Test
  void table_ratiosGoToTheBaselineSharingTheLongestPrefix() {
    List<Result> results = Result.fromJson(Json.parse(JMH));
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("gc.alloc.rate.norm", "B/op");
    String table = Report.table(results, columns, "handWritten,nestedHandWritten", false);
    String[] lines = table.split("\n");
    assertEquals("| benchmark | threads | score | unit | × baseline | B/op |", lines[0]);
    assertEquals("| `handWritten` | 1 | 5.00 ± 0.50 | ns/op | 1.00 | ≈ 0 |", lines[2]);
    assertEquals("| `generated` | 1 | 5.50 | ns/op | 1.10 |  |", lines[3]);
    assertEquals(
        "| `nestedHandWritten spread=same \"x\"` | 1 | 10.0 ± 1.00 | ns/op | 1.00 |  |", lines[4]);
    assertEquals(
        "| `nestedGenerated spread=same \"x\"` | 1 | 10.4 ± 1.00 | ns/op | 1.04 |  |", lines[5]);
  }

  @Test
  void table_best_showsTheBestIterationAndRatiosOnIt() {
    List<Result> results = Result.fromJson(Json.parse(JMH));
    assertEquals(4.9, results.get(0).best());
    assertTrue(Double.isNaN(results.get(1).best()), "no rawData");
    String[] lines = Report.table(results, Map.of(), "handWritten", true).split("\n");
    assertEquals("| benchmark | threads | score | unit | best iteration | × baseline |", lines[0]);
    assertEquals("| `handWritten` | 1 | 5.00 ± 0.50 | ns/op | 4.90 | 1.00 |", lines[2]);
  }

  @Test
  void main_writesAPngChart(@TempDir Path dir) throws Exception {
    Path json = Files.writeString(dir.resolve("r.json"), JMH);
    Path png = dir.resolve("out/chart.png");
    Report.main(new String[] {"--title", "t", "--log", "--png", png.toString(), json.toString()});
    byte[] head = Files.readAllBytes(png);
    assertTrue(head.length > 1000, "a chart of " + head.length + " bytes");
    assertEquals((byte) 0x89, head[0]);
    assertEquals('P', head[1]);
  }

  @Test
  void parse_malformed_saysWhereAndWhat() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, }"));
    assertEquals("JSON: unexpected character '}' at offset 4", e.getMessage());
  }

  @Test
  void jmhJson_writesWhatResultReads(@TempDir Path dir) throws Exception {
    JmhJson out = new JmhJson();
    out.entry("x.y.Driver.run", 2, 1234.5, Double.NaN, "ops/s")
        .param("slab", "CALL_RCU")
        .secondary("p99", 1.5, "us")
        .add();
    Path file = dir.resolve("d.json");
    out.write(file);
    Result r = Result.fromJson(Json.parse(Files.readString(file))).get(0);
    assertEquals("Driver.run", r.name());
    assertEquals(2, r.threads());
    assertEquals(1234.5, r.score());
    assertTrue(Double.isNaN(r.error()));
    assertEquals(Map.of("slab", "CALL_RCU"), r.params());
    assertEquals(1.5, r.secondary().get("p99"));
  }
}
