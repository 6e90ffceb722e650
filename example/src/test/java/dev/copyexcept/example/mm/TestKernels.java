package dev.copyexcept.example.mm;

import dev.copyexcept.example.debug.Warning;
import dev.copyexcept.example.slab.SlabMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Kernels and threads of one test, cleaned up by {@link KernelExtension}: every kernel is closed
 * (its warnings collected first), every thread must have ended (joined with a timeout; a thread
 * still alive or one that threw fails the test).
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
   * Joins the threads, collects the warnings of every kernel, closes them; returns the warnings as
   * text.
   */
  synchronized String closeAll() throws InterruptedException {
    StringBuilder out = new StringBuilder();
    List<String> leaked = new ArrayList<>();
    for (Thread t : threads) {
      t.join(JOIN_MS);
      if (t.isAlive()) {
        leaked.add(t.getName() + " (" + t.getState() + ")");
      }
    }
    for (Kernel k : kernels) {
      for (Warning w : k.warnings()) {
        out.append("  ").append(k).append(": ").append(w).append('\n');
      }
      k.close();
    }
    if (!leaked.isEmpty()) {
      throw new AssertionError("test threads leaked: " + leaked);
    }
    rethrowFailures();
    return out.toString();
  }
}
