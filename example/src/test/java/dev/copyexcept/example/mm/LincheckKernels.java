package dev.copyexcept.example.mm;

import dev.copyexcept.example.debug.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The kernels of a Lincheck test: one per invocation, so nothing is shared between invocations.
 *
 * <p>Lincheck aborts an invocation wherever its threads happen to be (a deadlock or livelock it
 * detected, a failure it is minimising), possibly inside the VMA cache's lock, an RCU read section
 * or {@code mmap_lock}. With one kernel shared by all invocations the next invocation then waited
 * on that lock forever and the failure was never printed, and a replay met a slab free list and RCU
 * state that differed from the run's ("Cannot reproduce the interleaving"). A kernel per invocation
 * keeps the invocations independent and replayable. An abandoned kernel is closed only by {@link
 * #closeAll()}, which does not wait for it.
 */
final class LincheckKernels {
  private final String owner;
  private final Queue<Kernel> kernels = new ConcurrentLinkedQueue<>();

  /** {@code owner} names the closing thread. */
  LincheckKernels(String owner) {
    this.owner = owner;
  }

  /** A fresh kernel (quiet: warnings are collected, not logged), remembered for the checks. */
  Kernel newKernel() {
    Kernel k = Kernel.builder().warningsLog(null).build();
    kernels.add(k);
    return k;
  }

  /** Every warning any of the kernels raised. Call after {@code check} returned. */
  List<Warning> warnings() {
    List<Warning> all = new ArrayList<>();
    for (Kernel k : kernels) {
      all.addAll(k.warnings());
    }
    return all;
  }

  /**
   * Closes every kernel on a daemon thread, without waiting: a kernel whose invocation Lincheck
   * aborted inside an RCU read section would never finish its {@code rcu_barrier}. The RCU threads
   * are daemons and parked, so a kernel that does not close costs nothing but its thread.
   */
  void closeAll() {
    List<Kernel> all = new ArrayList<>(kernels);
    kernels.clear();
    Thread closer = new Thread(() -> all.forEach(Kernel::close), owner + "-close");
    closer.setDaemon(true);
    closer.start();
  }
}
