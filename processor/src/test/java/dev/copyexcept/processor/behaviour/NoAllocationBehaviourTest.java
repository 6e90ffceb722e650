package dev.copyexcept.processor.behaviour;

import static com.google.common.truth.Truth.assertWithMessage;
import static dev.copyexcept.processor.CopierHarness.compileAndLoad;
import static dev.copyexcept.processor.CopierHarness.source;

import dev.copyexcept.processor.CopierHarness;
import dev.copyexcept.processor.CopierHarness.Compiled;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * "No reflection, no allocation": a copy that succeeds allocates nothing. A driver compiled with
 * the copier calls it in a loop; the thread's allocated bytes over 200 000 copies (interpreted,
 * then compiled) must stay far below one object per copy.
 */
class NoAllocationBehaviourTest {
  private static final int COPIES = 200_000;

  @Test
  void successfulCopy_allocatesNothing() throws Exception {
    Compiled c =
        compileAndLoad(
            source(
                "p.Inner",
                """
            package p;
            @dev.copyexcept.CopyExcept("id")
            public class Inner { int id; long x; final int[] arr = new int[4]; }
            """),
            source(
                "p.Base",
                """
            package p;
            public class Base {
              int v;
              private double secret;
              public double getSecret() { return secret; }
              public void setSecret(double s) { secret = s; }
            }
            """),
            source(
                "p.Big",
                """
            package p;
            @dev.copyexcept.CopyExcept("refcnt")
            public class Big extends Base {
              int refcnt; long v; boolean b; char ch; float f; volatile short s; transient byte by;
              String name; Object any;
              final long[] longs = new long[8];
              final String[] names = new String[3];
              final Inner inner = new Inner();
              private final int[] hiddenArr = new int[2];
              public int[] getHiddenArr() { return hiddenArr; }
            }
            """),
            source(
                "p.Driver",
                """
            package p;
            public class Driver {
              public static void run(Big a, Big b, int n) {
                for (int i = 0; i < n; i++) {
                  BigCopier.copy(a, b);
                  BigCopier.copy(b, a);
                }
              }
            }
            """));
    Object a = c.newInstance("p.Big");
    Object b = c.newInstance("p.Big");
    CopierHarness.set(a, "name", "a");
    Method run = c.load("p.Driver").getMethod("run", c.load("p.Big"), c.load("p.Big"), int.class);
    run.invoke(null, a, b, 10); // class loading and linking out of the measurement

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    run.invoke(null, a, b, COPIES);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertWithMessage(
            "bytes allocated by %s copies (one 16-byte object per copy would be %s)",
            2 * COPIES, 32L * COPIES)
        .that(allocated)
        .isLessThan(64L * 1024);
    assertWithMessage("the copies ran").that(CopierHarness.get(b, "name")).isEqualTo("a");
  }
}
