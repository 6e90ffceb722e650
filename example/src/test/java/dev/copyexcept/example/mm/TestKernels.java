package dev.copyexcept.example.mm;

import dev.copyexcept.example.debug.Warning;
import dev.copyexcept.example.rcu.RcuDomain;
import dev.copyexcept.example.slab.SlabMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Kernels and threads of one test, checked and cleaned up by {@link KernelExtension}: every thread
 * must have ended (joined with a timeout; a thread still alive or one that threw fails the test),
 * then for every kernel, in this order:
 *
 * <ol>
 *   <li>the invariants of every address space it made ({@link MmStruct#checkInvariants()});
 *   <li>when it raised no warning and is still open, every address space is torn down ({@code
 *       exitMmap}), so that the frees and the RCU callbacks they queue run inside the test;
 *   <li>{@code rcuBarrier()} then {@code synchronizeRcu()}, each with a deadline: a grace period
 *       that does not end means a read section was left open; a thread that died inside one is
 *       counted by the RCU domain ({@link RcuDomain#abandonedReadSections()});
 *   <li>the invariants of the VMA cache and of the address spaces again ({@link
 *       Kernel#checkInvariants()}, exact now that no callback is pending);
 *   <li>failed RCU callbacks ({@link RcuDomain#failedCallbacks()}: an exception or an assertion on
 *       the grace-period thread) and abandoned read sections: always a failure;
 *   <li>warnings: a failure unless the test is {@link ExpectWarnings}.
 * </ol>
 *
 * A test marked {@link ExpectWarnings} corrupts the model on purpose: its invariant violations are
 * not reported (its warnings are what it asserts on), but its failed callbacks and abandoned read
 * sections are.
 */
public final class TestKernels {
  private static final long JOIN_MS = TimeUnit.SECONDS.toMillis(10);

  private final List<Kernel> kernels = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

  /** A kernel with the given mode and strategy; warnings are counted, not printed. */
  public Kernel create(SlabMode mode, CopyStrategy strategy) {
    return create(b -> b.slabMode(mode).copyStrategy(strategy));
  }

  /** A kernel with the defaults; warnings are counted, not printed. */
  public Kernel create() {
    return create(b -> {});
  }

  /** A kernel configured by {@code config} on top of a quiet builder. */
  public synchronized Kernel create(Consumer<Kernel.Builder> config) {
    Kernel.Builder b = Kernel.builder().warningsLog(null);
    config.accept(b);
    Kernel k = b.build();
    kernels.add(k);
    return k;
  }

  /** A named, not yet started daemon thread whose exceptions fail the test. */
  public synchronized Thread thread(String name, ThrowingRunnable body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable e) {
                failures.add(e);
              }
            },
            name);
    t.setDaemon(true);
    threads.add(t);
    return t;
  }

  /** Joins {@code t}, failing if it does not end within 10 s or if it threw. */
  public void join(Thread t) throws InterruptedException {
    t.join(JOIN_MS);
    if (t.isAlive()) {
      throw new AssertionError(t.getName() + " still running (" + t.getState() + ")");
    }
    rethrowFailures();
  }

  /** Rethrows the first exception any of the test's threads threw. */
  public void rethrowFailures() {
    Throwable f = failures.peek();
    if (f != null) {
      throw new AssertionError("a test thread threw", f);
    }
  }

  /** A body that may throw. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * Runs the checks of the class comment, closes every kernel, and throws an {@link AssertionError}
   * listing every problem found (with the first failed callback's exception as its cause).
   *
   * @param warningsExpected the test is {@link ExpectWarnings}
   */
  synchronized void closeAll(boolean warningsExpected) throws InterruptedException {
    List<String> problems = new ArrayList<>();
    Throwable cause = null;
    List<String> leaked = new ArrayList<>();
    for (Thread t : threads) {
      t.join(JOIN_MS);
      if (t.isAlive()) {
        leaked.add(t.getName() + " (" + t.getState() + ")");
      }
    }
    if (!leaked.isEmpty()) {
      problems.add("test threads leaked: " + leaked);
    }
    Throwable threw = failures.peek();
    if (threw != null) {
      problems.add("a test thread threw: " + threw);
      cause = threw;
    }
    for (Kernel k : kernels) {
      try {
        Throwable c = check(k, warningsExpected && threw == null, problems);
        cause = cause == null ? c : cause;
      } finally {
        k.close();
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems), cause);
    }
  }

  /** The checks of one kernel; returns the first failed callback's exception, or null. */
  private static Throwable check(Kernel k, boolean warningsExpected, List<String> problems)
      throws InterruptedException {
    RcuDomain rcu = k.rcu();
    if (!warningsExpected) {
      // With a deadline: a leaked thread may still hold an mmap_lock the check needs.
      List<String> bad = Collections.synchronizedList(new ArrayList<>());
      withDeadline(
          k + ": MmStruct.checkInvariants() (an mmap_lock still held?)",
          () -> k.mms().forEach(mm -> bad.addAll(mm.checkInvariants())),
          problems);
      for (String v : bad) {
        problems.add(k + ": invariant broken at the end of the test: " + v);
      }
    }
    boolean clean = k.warningsSink().total() == 0 && problems.isEmpty();
    if (clean && !k.isClosed()) {
      List<MmStruct> mms = k.mms();
      withDeadline(
          k + ": exitMmap() of its address spaces",
          () -> mms.forEach(MmStruct::exitMmap),
          problems);
    }
    boolean quiesced =
        withDeadline(k + ": rcuBarrier()", rcu::rcuBarrier, problems)
            && withDeadline(
                k + ": synchronizeRcu() (a read section left open?)",
                rcu::synchronizeRcu,
                problems);
    if (quiesced && !warningsExpected) {
      List<String> bad = Collections.synchronizedList(new ArrayList<>());
      withDeadline(
          k + ": Kernel.checkInvariants()", () -> bad.addAll(k.checkInvariants()), problems);
      for (String v : bad) {
        problems.add(k + ": invariant broken after teardown: " + v);
      }
    }
    Throwable cause = null;
    if (rcu.failedCallbacks() > 0) {
      cause = rcu.firstCallbackFailure();
      problems.add(
          k
              + ": "
              + rcu.failedCallbacks()
              + " RCU callback(s) failed on the grace-period thread; the first: "
              + cause);
    }
    if (rcu.abandonedReadSections() > 0) {
      problems.add(
          k + ": " + rcu.abandonedReadSections() + " thread(s) died inside an RCU read section");
    }
    if (!warningsExpected) {
      for (Warning w : k.warnings()) {
        problems.add(k + ": kernel warning raised by a test that expects none: " + w);
      }
    }
    return cause;
  }

  /** Runs {@code body} on a helper thread; false (and a problem) if it does not end in 10 s. */
  private static boolean withDeadline(String what, Runnable body, List<String> problems)
      throws InterruptedException {
    Throwable[] threw = new Throwable[1];
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable e) {
                threw[0] = e;
              }
            },
            "test-teardown");
    t.setDaemon(true);
    t.start();
    t.join(JOIN_MS);
    if (t.isAlive()) {
      problems.add(what + " did not return within " + JOIN_MS + " ms");
      return false;
    }
    if (threw[0] != null) {
      problems.add(what + " threw " + threw[0]);
      return false;
    }
    return true;
  }
}
