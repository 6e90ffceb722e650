package dev.copyexcept.kdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command's options, its seeds, and a small run end to end. */
class KernelDiffTest {
  @Test
  void options_defaultsAndErrorsNameTheOption() {
    KernelDiff.Options o = KernelDiff.Options.parse(new String[0]);
    assertEquals(1, o.seed());
    assertEquals(500, o.count());
    assertEquals(1024, o.windowMib());
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KernelDiff.Options.parse(new String[] {"--count", "0"}));
    assertEquals("--count must be positive: 0", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KernelDiff.Options.parse(new String[] {"--seed"}));
    assertEquals("--seed needs a value", e.getMessage());
  }

  @Test
  void sequenceSeeds_dependOnlyOnSeedAndIndex() {
    assertEquals(KernelDiff.sequenceSeed(42, 7), KernelDiff.sequenceSeed(42, 7));
    assertTrue(KernelDiff.sequenceSeed(42, 7) != KernelDiff.sequenceSeed(42, 8));
    assertTrue(KernelDiff.sequenceSeed(42, 7) != KernelDiff.sequenceSeed(43, 7));
  }

  @Test
  void smallRun_agreesWithLinux() {
    KernelDiff.Options o =
        KernelDiff.Options.parse(
            new String[] {"--seed", "11", "--count", "20", "--window-mib", "16"});
    KernelDiff.Summary s = KernelDiff.run(o);
    assertEquals(20, s.sequences);
    assertEquals(0, s.divergenceCount(), () -> String.join("\n", s.reports));
    assertEquals(20, s.agreed + s.discarded);
    assertTrue(s.calls >= 20 * 8, "calls " + s.calls);
  }
}
