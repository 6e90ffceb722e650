package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.copyexcept.example.slab.SlabMode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension's checks, each shown on a small test run by a nested JUnit engine ({@link
 * EngineTestKit}): the same body passes without the extension (as it did with the extension before
 * these checks) and fails with it, with a message that names what went wrong.
 */
class KernelExtensionTest {
  /** Test bodies that finish normally but leave something wrong behind. */
  static class Bodies {
    /** An assertion fails on the RCU grace-period thread, as the assert in freeDeferred can. */
    void rcuCallbackThrows(Kernel k) {
      k.rcu()
          .callRcu(
              () -> {
                throw new AssertionError("freeDeferred: state FREE, expected RCU_PENDING");
              });
    }

    /** A thread ends inside an RCU read section. */
    void threadDiesInReadSection(Kernel k) throws InterruptedException {
      Thread t = new Thread(k.rcu()::rcuReadLock, "dies-in-section");
      t.start();
      t.join();
    }

    /** map_count no longer matches the tree. */
    void mmInvariantBroken(Kernel k) {
      MmStruct mm = k.newMm();
      mm.mmap(0x40000000L, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
      mm.map_count++;
    }

    /** Nothing wrong: the control. */
    void clean(Kernel k) {
      MmStruct mm = k.newMm();
      mm.mmap(0x40000000L, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
      mm.handleFault(0x40000000L, false);
    }
  }

  /** The bodies under the extension. Not run by surefire itself (a nested class). */
  @ExtendWith(KernelExtension.class)
  static class WithExtension {
    final Bodies b = new Bodies();

    @Test
    void rcuCallbackThrows(TestKernels kernels) {
      b.rcuCallbackThrows(kernels.create(SlabMode.CALL_RCU, CopyStrategy.COPY_EXCEPT));
    }

    @Test
    void threadDiesInReadSection(TestKernels kernels) throws InterruptedException {
      b.threadDiesInReadSection(kernels.create());
    }

    @Test
    void mmInvariantBroken(TestKernels kernels) {
      b.mmInvariantBroken(kernels.create());
    }

    @Test
    void clean(TestKernels kernels) {
      b.clean(kernels.create());
    }
  }

  /** The same bodies with a kernel of their own and no extension: how they ran before. */
  static class WithoutExtension {
    final Bodies b = new Bodies();

    @Test
    void rcuCallbackThrows() {
      try (Kernel k = Kernel.builder().slabMode(SlabMode.CALL_RCU).warningsLog(null).build()) {
        b.rcuCallbackThrows(k);
      }
    }

    @Test
    void threadDiesInReadSection() throws InterruptedException {
      try (Kernel k = Kernel.builder().warningsLog(null).build()) {
        b.threadDiesInReadSection(k);
      }
    }

    @Test
    void mmInvariantBroken() {
      try (Kernel k = Kernel.builder().warningsLog(null).build()) {
        b.mmInvariantBroken(k);
      }
    }
  }

  private static Events runOne(Class<?> c, String method, String paramTypes) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectMethod(c.getName() + "#" + method + "(" + paramTypes + ")"))
        .execute()
        .testEvents();
  }

  private static String failureOf(Events events) {
    List<Event> failed = events.failed().list();
    assertEquals(1, failed.size(), () -> "expected one failed test, got " + events.list());
    Throwable t =
        failed
            .get(0)
            .getPayload(org.junit.platform.engine.TestExecutionResult.class)
            .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
            .orElseThrow();
    return t.toString() + (t.getCause() == null ? "" : " / cause " + t.getCause());
  }

  private static void assertPassesWithout(String method) {
    Events e = runOne(WithoutExtension.class, method, "");
    assertEquals(1, e.succeeded().count(), () -> method + " without the extension: " + e.list());
  }

  private static String failureWith(String method) {
    return failureOf(runOne(WithExtension.class, method, TestKernels.class.getName()));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void afterEach_rcuCallbackThrewOnGracePeriodThread_failsTheTest() {
    assertPassesWithout("rcuCallbackThrows");
    String f = failureWith("rcuCallbackThrows");
    assertTrue(f.contains("1 RCU callback(s) failed on the grace-period thread"), f);
    assertTrue(f.contains("cause java.lang.AssertionError: freeDeferred"), f);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void afterEach_threadDiedInReadSection_failsTheTest() {
    assertPassesWithout("threadDiesInReadSection");
    String f = failureWith("threadDiesInReadSection");
    assertTrue(f.contains("1 thread(s) died inside an RCU read section"), f);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void afterEach_mmInvariantBroken_failsTheTest() {
    assertPassesWithout("mmInvariantBroken");
    String f = failureWith("mmInvariantBroken");
    assertTrue(f.contains("invariant broken at the end of the test: map_count 2 != 1 VMAs"), f);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void afterEach_cleanTest_passes() {
    Events e = runOne(WithExtension.class, "clean", TestKernels.class.getName());
    assertEquals(1, e.succeeded().count(), () -> e.list().toString());
  }
}
