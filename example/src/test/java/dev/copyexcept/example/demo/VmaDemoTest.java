package dev.copyexcept.example.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.Interleave;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo's command line runs a tiny configuration end to end and prints the summary. */
class VmaDemoTest {
  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new VmaDemo());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void main_twoCorrectCellsOf300ms_printsLiveRowsAndCleanSummary() {
    String[] r =
        run(
            "--duration",
            "300ms",
            "--cells",
            "callrcu+memcpy,typesafe+copy-except",
            "--threads",
            "2",
            "--writers",
            "1",
            "--seed",
            "7");
    assertEquals("0", r[0], r[2]);
    String out = r[1];
    assertTrue(out.contains("2 cell(s) x 0.3s"), out);
    // The header names every seed the cells use, and each cell its own.
    assertTrue(out.contains("seeds 7-8 (cell i uses --seed + i)"), out);
    assertTrue(out.contains("== typesafe+copy-except (seed 7) =="), out);
    assertTrue(out.contains("== callrcu+memcpy (seed 8) =="), out);
    assertTrue(
        out.indexOf("== typesafe+copy-except") < out.indexOf("== callrcu+memcpy"),
        "cells run in the fixed order");
    assertTrue(!out.contains("<- HUNG"), "no live row of a correct cell says HUNG: " + out);
    assertTrue(out.contains("Summary"), out);
    List<String> rows =
        out.lines().filter(l -> l.matches("^(typesafe|callrcu)\\S+\\s+\\d+\\s+\\d+.*")).toList();
    assertEquals(2, rows.size(), out);
    for (String row : rows) {
      assertTrue(row.endsWith(" clean"), "the correct cells stay clean: " + row);
      long faults = Long.parseLong(row.trim().split("\\s+")[1]);
      assertTrue(faults > 0, "the workload faulted: " + row);
    }
    assertTrue(out.contains("race windows WIDENED"), out);
    assertTrue(out.contains("LOCK_VMA_UNDER_RCU_AFTER_WALK x"), out);
    assertTrue(!Interleave.installed(), "the widening hook is uninstalled after each cell");
  }

  @Test
  void liveRow_afterAWarning_saysHungWhenWritersOrFaultsStop() {
    Cell broken = Cell.parseList("typesafe+memcpy").get(0);
    // Writers stuck: the faults left all take the fast path, which must not read as "faster".
    String writersStuck =
        Tables.liveRow(
            broken, new Workload.Sample(5, 80_000, 100.0, 0, 0, 0, 0, 0, 0, 0, false, true));
    assertTrue(writersStuck.contains("HUNG: no writer op completes"), writersStuck);
    String faultsStuck =
        Tables.liveRow(broken, new Workload.Sample(6, 0, 0, 0, 0, 0, 0, 0, 0, 0, true, true));
    assertTrue(faultsStuck.contains("HUNG: no fault completes"), faultsStuck);
    String healthy =
        Tables.liveRow(
            broken, new Workload.Sample(1, 80_000, 60.0, 5, 5, 1, 9, 0, 0, 3_000, false, false));
    assertTrue(!healthy.contains("HUNG"), healthy);
    assertTrue(healthy.trim().endsWith("3000"), "writer ops per second are shown: " + healthy);
  }

  @Test
  void seedsText_namesOneSeedOrTheRangeTheCellsUse() {
    assertEquals("seed 42", VmaDemo.seedsText(42, 1));
    assertEquals("seeds 42-45 (cell i uses --seed + i)", VmaDemo.seedsText(42, 4));
  }

  @Test
  void main_noWidenQuiet_onlySummarySaysNotWidened() {
    String[] r =
        run("--duration", "0.2", "--cells", "callrcu+copy-except", "--no-widen", "--quiet");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("windows not widened"), r[1]);
    assertTrue(r[1].contains("race windows NOT widened"), r[1]);
    assertTrue(!r[1].contains("== callrcu+copy-except =="), "no live table with --quiet");
  }

  @Test
  void main_help_printsUsageWithEveryOption() {
    String[] r = run("--help");
    assertEquals("0", r[0]);
    for (String opt :
        List.of(
            "--duration",
            "--threads",
            "--writers",
            "--cells",
            "--seed",
            "--[no-]widen",
            "--max-spins",
            "--yield-percent",
            "--quiet",
            "--help")) {
      assertTrue(r[1].contains(opt), opt + " in\n" + r[1]);
    }
  }

  @Test
  void main_unknownCell_failsWithUsageError() {
    String[] r = run("--cells", "typesafe+nonsense");
    assertNotEquals("0", r[0]);
    assertTrue(r[2].contains("unknown cell"), r[2]);
  }

  @Test
  void cellParseList_anyOrder_runsInFixedOrderBrokenCellLast() {
    assertEquals(Cell.ALL, Cell.parseList("all"));
    List<Cell> l = Cell.parseList("typesafe+memcpy, callrcu+copy-except,typesafe+memcpy");
    assertEquals(
        List.of("callrcu+copy-except", "typesafe+memcpy"), l.stream().map(Cell::name).toList());
    assertTrue(Cell.ALL.get(3).expectsLostReferences());
  }

  @Test
  void durationConverter_units_parsedToNanos() {
    VmaDemo.DurationConverter c = new VmaDemo.DurationConverter();
    assertEquals(300_000_000L, c.convert("300ms"));
    assertEquals(12_000_000_000L, c.convert("12s"));
    assertEquals(60_000_000_000L, c.convert("1m"));
    assertEquals(2_500_000_000L, c.convert("2.5"));
  }
}
