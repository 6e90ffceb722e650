package dev.copyexcept.example.rcu;

import dev.copyexcept.example.debug.WarnKind;
import dev.copyexcept.example.debug.Warnings;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One RCU domain: nestable per-thread read sections, grace periods, and callbacks run after a grace
 * period on a daemon thread named {@code "rcu-gp-" + name}.
 *
 * <p>Contract, in the kernel's words:
 *
 * <ul>
 *   <li>{@link #rcuReadLock()} / {@link #rcuReadUnlock()} bracket a read section; they nest per
 *       thread, never block, take no lock and allocate nothing (after a thread's first use).
 *   <li>{@link #synchronizeRcu()} returns only after every read section that began before the call
 *       has ended. It does not wait for sections that begin after it was called.
 *   <li>{@link #callRcu(Runnable)} runs the callback on the grace-period thread after a full grace
 *       period; callbacks run in the order they were queued (FIFO), batched: all callbacks queued
 *       while the thread was busy share the next grace period.
 *   <li>{@link #rcuBarrier()} waits until every callback queued before the call has run.
 *   <li>{@link #getStateSynchronizeRcu()} / {@link #pollStateSynchronizeRcu(long)}: a cookie, and
 *       whether a full grace period has elapsed since it was taken.
 * </ul>
 *
 * <p>Misuse is an {@link IllegalStateException} naming it: an unlock without a lock, and the calls
 * that would deadlock inside a read section ({@code synchronizeRcu}, {@code rcuBarrier}, {@code
 * close}). A reader that must dereference an RCU-protected reference loads it with at least acquire
 * ordering ({@code rcu_dereference}); an updater publishes with a release store ({@code
 * rcu_assign_pointer}).
 *
 * <p>What goes wrong on the grace-period thread or in a reader's thread (a callback that throws or
 * leaks a read section, a thread that dies inside a section) is reported to the domain's {@link
 * Warnings} sink ({@link WarnKind#RCU_CALLBACK_THREW}, {@link
 * WarnKind#RCU_CALLBACK_LEAKED_READ_SECTION}, {@link WarnKind#RCU_READER_DIED}): counted there, the
 * first at each site printed to the sink's log, and visible to tests and to {@code
 * Kernel.warnings()}.
 */
public final class RcuDomain implements AutoCloseable {
  /*
   * Implementation notes.
   *
   * Algorithm (liburcu "memb" flavour, with a 64-bit grace-period sequence instead of a phase bit).
   *
   * The domain has one grace-period sequence, gp_seq (field gpSeq, VarHandle GP_SEQ), in the
   * kernel's rcu_seq style:
   *
   *   gp_seq               meaning
   *   -------------------  ------------------------------------------------------------
   *   even                 idle: no grace period in progress
   *   odd                  a grace period is in progress (started by incrementing)
   *   (gp_seq - INIT) / 2  grace periods completed (INIT = GP_SEQ_INIT = 2, so that no
   *                        value a reader publishes is 0, which means "idle")
   *
   * Each reader thread has a ReaderRecord (created on its first use, cached in a ThreadLocal, and
   * pushed on the lock-free registry `readers`):
   *
   *   record.ctr (CTR)     meaning
   *   -------------------  ------------------------------------------------------------
   *   0                    the thread is outside any read section (quiescent)
   *   s > 0                the outermost read section began after loading gp_seq == s
   *   record.nesting       read-section depth; plain int, only ever touched by the owner
   *
   * Reader, outermost lock:  s = gp_seq (volatile load); ctr = s (volatile store).
   * Reader, inner lock:      nesting++ only.
   * Reader, outermost unlock: ctr = 0 (release store).
   *
   * Updater (one at a time, under gpLock, like liburcu's rcu_gp_lock; a synchronizeRcu caller
   * takes a cookie first and skips its own grace period if one elapsed while it waited for the
   * lock):
   *   1. s = gp_seq (even); gp_seq = s + 1 (volatile store): the grace period starts.
   *   2. for each record: wait while 0 < ctr <= s (volatile loads), i.e. while the record is in
   *      a section that may have begun before step 1. Spin briefly with Thread.onSpinWait, then
   *      yield, then park with exponential backoff up to MAX_PARK_NANOS. Readers never wake the
   *      updater (liburcu's futex wake-up is left out: unlock stays a single store).
   *   3. gp_seq = s + 2 (volatile store): the grace period is complete.
   *
   * Why a 64-bit sequence and a single scan (not liburcu's two-phase flip). With a one-bit phase,
   * a reader can load the phase, be preempted across a whole grace period, then publish the old
   * phase; the *next* flip makes that stale phase look current, so that reader would not be
   * waited for: liburcu therefore flips twice. Here a published value is never mistaken for a
   * newer one: the stale reader publishes s <= the start value of every later grace period, so
   * every later grace period waits for it. And the grace period it slept through is safe: that
   * scan read ctr == 0, i.e. (Dekker, below) the reader's publishing store comes after the scan
   * in the synchronization order, so everything the reader loads afterwards sees what the
   * updater wrote before step 1. A 64-bit sequence incremented twice per grace period does not
   * wrap in the lifetime of the universe.
   *
   * Memory ordering (each pairing is also named at the access):
   *   - (A) The reader's volatile store of ctr followed by its loads of protected data, against
   *     (B) the updater's volatile store of gp_seq (step 1) followed by its volatile loads of ctr
   *     (step 2): a Dekker pair. Volatile accesses are totally ordered (synchronization order),
   *     so either the updater sees the reader's ctr (and waits for it), or the reader's store
   *     comes later and its later volatile loads of protected references see the updater's
   *     earlier removal. (The JMM promises this for volatile loads; an acquire load relies on the
   *     volatile store acting as a full fence, as every JDK implements it and as the kernel
   *     relies on smp_mb(); readers in this model load protected references with volatile or
   *     acquire loads.) This is the smp_mb() of liburcu-memb's rcu_read_lock and of
   *     the updater's smp_mb() before the flip; on x86 the volatile store is a locked
   *     instruction, so the reader pays one full fence, as in liburcu-memb.
   *   - (C) The reader's release store ctr = 0 at unlock, against (D) the updater's volatile
   *     (acquire) load of ctr in step 2: everything the reader did in its section
   *     happens-before what the updater does after the grace period (e.g. freeing).
   *   - (E) The end-of-grace-period volatile store of gp_seq, against (F) the volatile load in
   *     pollStateSynchronizeRcu: a true poll happens-after the grace period's scan.
   *   - getStateSynchronizeRcu issues a full fence before loading gp_seq, like the kernel's
   *     get_state_synchronize_rcu(): the caller's earlier stores are ordered before the snapshot.
   *
   * Dead readers. A record holds its thread weakly. A thread that exits (or is collected) inside
   * a read section can never leave it, and can no longer touch anything either, so the updater
   * treats its record as quiescent, removes it, counts it (abandonedReadSections) and reports it
   * to the warnings sink (RCU_READER_DIED). Idle records of dead threads are removed on every
   * scan, so the registry does not grow with thread churn.
   *
   * Callbacks. callRcu appends to `pending` under cbLock and signals the gp thread. The gp thread
   * takes the whole list (one batch), takes a cookie, runs a grace period unless one has already
   * elapsed since the cookie (a concurrent synchronizeRcu may provide it, like the kernel's
   * callbacks riding on any grace period), then runs the batch in FIFO order. A callback that
   * throws is counted (failedCallbacks) and reported (RCU_CALLBACK_THREW, the exception as the
   * cause), and the thread goes on. A callback that returns inside a read section would make the
   * gp thread wait for itself forever: its section is force-closed, and the callback is counted
   * as failed and reported (RCU_CALLBACK_LEAKED_READ_SECTION).
   * rcuBarrier waits, under cbLock, for the count of invoked callbacks to reach the count of
   * queued callbacks at the time of the call (no extra grace period when nothing is queued).
   *
   * Progress. Readers: wait-free. Updaters: blocking; a grace period ends once every pre-existing
   * reader leaves its section (or its thread dies). The gp thread sleeps on a condition when no
   * callback is queued: an idle domain costs no CPU.
   *
   * Known imprecision. Grace periods are detected by polling (at most MAX_PARK_NANOS late after
   * the last reader leaves). Read-section depth is limited to Integer.MAX_VALUE. Kernel RCU has
   * per-CPU quiescent states and expedited grace periods; none of that is modelled.
   *
   * Kernel / liburcu references: include/linux/rcupdate.h (rcu_read_lock, call_rcu,
   * rcu_barrier, get_state_synchronize_rcu, poll_state_synchronize_rcu); kernel/rcu/rcu.h
   * (rcu_seq_start/end/snap); liburcu urcu.c and urcu/static/urcu-memb.h (reader records,
   * wait_for_readers, the phase flip this design replaces).
   */

  /** Initial gp_seq: even (idle) and non-zero, so a published reader value is never 0. */
  static final long GP_SEQ_INIT = 2L;

  /** Spins with {@link Thread#onSpinWait()} before the updater starts yielding. */
  private static final int SPIN_LIMIT = 32;

  /** Yields before the updater starts parking. */
  private static final int YIELD_LIMIT = 48;

  /** First park of the backoff. */
  private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(10);

  /** Longest park of the backoff: the worst lateness of a grace period's end. */
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Per-thread reader state; see the table in the implementation notes. */
  static final class ReaderRecord {
    /** gp_seq seen by the outermost lock, or 0 when quiescent; accessed through {@link #CTR}. */
    volatile long ctr;

    /** Section depth; plain, only read and written by the owning thread. */
    int nesting;

    /** The owner, held weakly so that a dead thread's record can be recognised and dropped. */
    final WeakReference<Thread> owner;

    ReaderRecord(Thread owner) {
      this.owner = new WeakReference<>(owner);
    }

    boolean ownerAlive() {
      Thread t = owner.get();
      return t != null && t.isAlive();
    }

    /** A volatile load of ctr. */
    long ctrVolatile() {
      return (long) CTR.getVolatile(this);
    }

    /** A volatile store of ctr. */
    void setCtrVolatile(long value) {
      CTR.setVolatile(this, value);
    }

    /** A release store of ctr. */
    void setCtrRelease(long value) {
      CTR.setRelease(this, value);
    }

    private static final VarHandle CTR;

    static {
      try {
        CTR = MethodHandles.lookup().findVarHandle(ReaderRecord.class, "ctr", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  private final String name;

  /** Where the domain reports callback failures and dead readers. */
  private final Warnings warnings;

  /** gp_seq; see the table in the implementation notes. Accessed through {@link #GP_SEQ}. */
  private volatile long gpSeq = GP_SEQ_INIT;

  /** Every registered reader record; pushed by readers on first use, pruned by the updater. */
  private final ConcurrentLinkedQueue<ReaderRecord> readers = new ConcurrentLinkedQueue<>();

  /** This thread's record in this domain. */
  private final ThreadLocal<ReaderRecord> self = ThreadLocal.withInitial(this::register);

  /** Serialises grace periods (liburcu's rcu_gp_lock). */
  private final ReentrantLock gpLock = new ReentrantLock();

  /** Guards pending, enqueued, invoked, closed; see "Callbacks" in the notes. */
  private final ReentrantLock cbLock = new ReentrantLock();

  private final Condition cbArrived = cbLock.newCondition();
  private final Condition cbInvoked = cbLock.newCondition();
  private List<Runnable> pending = new ArrayList<>();
  private long enqueued;
  private long invoked;
  private boolean closed;

  private final AtomicLong failedCallbacks = new AtomicLong();
  private final AtomicLong abandonedReadSections = new AtomicLong();
  private final Thread gpThread;

  /**
   * Creates the domain and starts its daemon grace-period thread {@code "rcu-gp-" + name}; its
   * warnings go to a sink of its own that prints to standard error.
   */
  public RcuDomain(String name) {
    this(name, new Warnings());
  }

  /**
   * Creates the domain and starts its daemon grace-period thread {@code "rcu-gp-" + name}; its
   * warnings go to {@code warnings} (a {@code Kernel} passes its own sink).
   */
  public RcuDomain(String name, Warnings warnings) {
    this.name = Objects.requireNonNull(name, "name");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
    this.gpThread = new Thread(this::gpThreadMain, "rcu-gp-" + name);
    gpThread.setDaemon(true);
    gpThread.start();
  }

  // ---------------------------------------------------------------- readers

  /** {@code rcu_read_lock()}: begins (or nests) a read section of this thread. Wait-free. */
  public void rcuReadLock() {
    ReaderRecord r = self.get();
    int n = r.nesting;
    if (n == 0) {
      long s = gpSeqVolatile();
      // (A) Dekker store: pairs with the updater's volatile store of gp_seq followed by its
      // volatile load of this ctr in waitForReaders (B). Either the updater sees s and waits for
      // this section, or this store follows its load and our later loads see its removals.
      r.setCtrVolatile(s);
    } else if (n == Integer.MAX_VALUE) {
      throw new IllegalStateException("rcuReadLock(): read sections nested too deeply in " + this);
    }
    r.nesting = n + 1;
  }

  /** {@code rcu_read_unlock()}: ends the innermost read section of this thread. */
  public void rcuReadUnlock() {
    ReaderRecord r = self.get();
    int n = r.nesting;
    if (n <= 0) {
      throw new IllegalStateException(
          "rcuReadUnlock() without a matching rcuReadLock() in thread "
              + Thread.currentThread().getName()
              + " on "
              + this);
    }
    r.nesting = n - 1;
    if (n == 1) {
      // (C) release: pairs with the updater's volatile (acquire) load of ctr in waitForReaders (D);
      // the whole section happens-before whatever the updater does after the grace period.
      r.setCtrRelease(0L);
    }
  }

  /** {@code rcu_read_lock_held()}: whether this thread is inside a read section of this domain. */
  public boolean rcuReadLockHeld() {
    return self.get().nesting > 0;
  }

  private ReaderRecord register() {
    ReaderRecord r = new ReaderRecord(Thread.currentThread());
    readers.add(r);
    return r;
  }

  // ---------------------------------------------------------------- updaters

  /**
   * {@code synchronize_rcu()}: waits for a full grace period, i.e. until every read section that
   * began before this call has ended.
   *
   * @throws IllegalStateException inside a read section of this domain (it would wait for itself)
   */
  public void synchronizeRcu() {
    assertNotInReadSection("synchronizeRcu()");
    long cookie = getStateSynchronizeRcu();
    gpLock.lock();
    try {
      // Callers that queued behind a grace period that started after their cookie share it,
      // as concurrent synchronize_rcu() callers share the kernel's grace periods.
      if (!pollStateSynchronizeRcu(cookie)) {
        gracePeriodLocked();
      }
    } finally {
      gpLock.unlock();
    }
  }

  /**
   * {@code call_rcu()}: runs {@code callback} on the grace-period thread after a full grace period.
   * May be called inside a read section.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public void callRcu(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    cbLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("callRcu() on closed " + this);
      }
      pending.add(callback);
      enqueued++;
      cbArrived.signal();
    } finally {
      cbLock.unlock();
    }
  }

  /**
   * {@code rcu_barrier()}: waits until every callback queued (on any thread) before this call has
   * run. Returns at once when none is outstanding.
   *
   * @throws IllegalStateException inside a read section, or on the grace-period thread (from a
   *     callback), where it would wait for itself
   */
  public void rcuBarrier() {
    assertNotInReadSection("rcuBarrier()");
    if (Thread.currentThread() == gpThread) {
      throw new IllegalStateException(
          "rcuBarrier() from an RCU callback would deadlock on " + this);
    }
    cbLock.lock();
    try {
      long target = enqueued;
      while (invoked < target) {
        cbInvoked.awaitUninterruptibly();
      }
    } finally {
      cbLock.unlock();
    }
  }

  /**
   * {@code get_state_synchronize_rcu()}: a cookie for {@link #pollStateSynchronizeRcu(long)}. Never
   * blocks.
   */
  public long getStateSynchronizeRcu() {
    // Full fence, as in the kernel's get_state_synchronize_rcu(): the caller's earlier accesses
    // (typically the removal of an object) are ordered before the gp_seq snapshot.
    VarHandle.fullFence();
    long s = gpSeqVolatile();
    // rcu_seq_snap(): the gp_seq value at which a grace period that started after now has
    // completed. Idle (even s): the next one, s + 2. In progress (odd s): that one may already
    // have scanned our reader, so the one after it, s + 3 (= its end s + 1 plus 2).
    return (s + 3) & ~1L;
  }

  /**
   * {@code poll_state_synchronize_rcu()}: whether a full grace period has elapsed since {@code
   * cookie} was taken.
   */
  public boolean pollStateSynchronizeRcu(long cookie) {
    // (F) pairs with the end-of-grace-period volatile store in gracePeriodLocked (E).
    return gpSeqVolatile() - cookie >= 0;
  }

  /** Grace periods completed so far (by {@link #synchronizeRcu()} and by the gp thread). */
  public long completedGracePeriods() {
    return (gpSeqVolatile() - GP_SEQ_INIT) >>> 1;
  }

  /** Callbacks that threw (or returned inside a read section); each was logged and skipped. */
  public long failedCallbacks() {
    return failedCallbacks.get();
  }

  /** Read sections whose thread died inside them; grace periods stopped waiting for them. */
  public long abandonedReadSections() {
    return abandonedReadSections.get();
  }

  /**
   * Registered reader records (live threads that used the domain, plus dead ones not yet pruned).
   */
  int registeredReaders() {
    return readers.size();
  }

  /**
   * A volatile load of gp_seq (the raw sequence; tests use it to see a grace period in progress:
   * odd).
   */
  long gpSeqVolatile() {
    return (long) GP_SEQ.getVolatile(this);
  }

  /** A volatile store of gp_seq; only the updater, under gpLock. */
  private void setGpSeqVolatile(long value) {
    GP_SEQ.setVolatile(this, value);
  }

  /** The grace-period thread (for tests: it must be gone after {@link #close()}). */
  Thread gpThread() {
    return gpThread;
  }

  /**
   * Waits for every queued callback ({@link #rcuBarrier()}), then stops and joins the grace-period
   * thread. Idempotent. {@link #callRcu} fails afterwards; {@link #synchronizeRcu} still works.
   *
   * @throws IllegalStateException on the first call from inside a read section or from a callback
   */
  @Override
  public void close() {
    cbLock.lock();
    try {
      if (closed) {
        return;
      }
      assertNotInReadSection("close()");
      if (Thread.currentThread() == gpThread) {
        throw new IllegalStateException("close() from an RCU callback would deadlock on " + this);
      }
      // The gp thread drains everything queued so far, then exits (see gpThreadMain).
      closed = true;
      cbArrived.signal();
    } finally {
      cbLock.unlock();
    }
    boolean interrupted = false;
    while (true) {
      try {
        gpThread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "RcuDomain[" + name + "]";
  }

  // ---------------------------------------------------------------- grace periods

  private void assertNotInReadSection(String what) {
    if (self.get().nesting > 0) {
      throw new IllegalStateException(
          what
              + " inside an RCU read section would deadlock (thread "
              + Thread.currentThread().getName()
              + ", "
              + this
              + ")");
    }
  }

  /** One full grace period; gpLock held. */
  private void gracePeriodLocked() {
    assert gpLock.isHeldByCurrentThread();
    long s = gpSeqVolatile(); // only updaters store it, and we hold gpLock: our own value
    assert (s & 1) == 0 : "grace period already in progress: gp_seq " + s;
    // (B) rcu_seq_start: volatile store, then the volatile loads of every ctr in waitForReaders.
    // Pairs with the reader's volatile store of ctr in rcuReadLock (A). Also a release: the
    // caller's removals before this call are visible to any reader that loads this value.
    setGpSeqVolatile(s + 1);
    waitForReaders(s);
    // (E) rcu_seq_end: pairs with the volatile load in pollStateSynchronizeRcu (F) and with
    // completedGracePeriods.
    setGpSeqVolatile(s + 2);
  }

  /** liburcu's wait_for_readers: until no record is in a section that began at gp_seq <= s. */
  private void waitForReaders(long s) {
    boolean interrupted = false;
    for (Iterator<ReaderRecord> it = readers.iterator(); it.hasNext(); ) {
      ReaderRecord r = it.next();
      int attempt = 0;
      long parkNanos = MIN_PARK_NANOS;
      while (true) {
        // (D) volatile (acquire) load: pairs with the reader's release store at unlock (C), and
        // is the load half of the Dekker pair (B) against (A).
        long c = r.ctrVolatile();
        if (c == 0 || c > s) {
          if (c == 0 && !r.ownerAlive()) {
            it.remove(); // idle record of a dead thread: prune
          }
          break;
        }
        if (!r.ownerAlive()) {
          abandon();
          it.remove();
          break;
        }
        if (attempt < SPIN_LIMIT) {
          Thread.onSpinWait();
        } else if (attempt < YIELD_LIMIT) {
          Thread.yield();
        } else {
          // Grace periods are uninterruptible, like the kernel's synchronize_rcu(); clear the
          // interrupt so that parkNanos really parks, and restore it when done.
          interrupted |= Thread.interrupted();
          LockSupport.parkNanos(this, parkNanos);
          parkNanos = Math.min(parkNanos * 2, MAX_PARK_NANOS);
        }
        attempt++;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void abandon() {
    abandonedReadSections.getAndIncrement();
    warnings.warn(
        WarnKind.RCU_READER_DIED,
        this + ": a thread died inside an RCU read section; grace periods no longer wait for it");
  }

  // ---------------------------------------------------------------- the gp thread

  private void gpThreadMain() {
    ReaderRecord me = self.get();
    while (true) {
      List<Runnable> batch;
      cbLock.lock();
      try {
        while (pending.isEmpty() && !closed) {
          cbArrived.awaitUninterruptibly();
        }
        if (pending.isEmpty()) {
          return; // closed and drained
        }
        batch = pending;
        pending = new ArrayList<>();
      } finally {
        cbLock.unlock();
      }
      long cookie = getStateSynchronizeRcu();
      if (!pollStateSynchronizeRcu(cookie)) {
        gpLock.lock();
        try {
          if (!pollStateSynchronizeRcu(cookie)) {
            gracePeriodLocked();
          }
        } finally {
          gpLock.unlock();
        }
      }
      for (Runnable cb : batch) {
        invoke(cb, me);
      }
      cbLock.lock();
      try {
        invoked += batch.size();
        cbInvoked.signalAll();
      } finally {
        cbLock.unlock();
      }
    }
  }

  private void invoke(Runnable cb, ReaderRecord me) {
    try {
      cb.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      failedCallbacks.getAndIncrement();
      warnings.warn(WarnKind.RCU_CALLBACK_THREW, this + ": an RCU callback threw: " + t, t);
    }
    if (me.nesting != 0) {
      // The callback leaked a read section: close it, or our next grace period waits for itself.
      me.nesting = 0;
      me.setCtrRelease(0L); // (C) as in rcuReadUnlock
      failedCallbacks.getAndIncrement();
      warnings.warn(
          WarnKind.RCU_CALLBACK_LEAKED_READ_SECTION,
          this + ": an RCU callback returned inside a read section");
    }
  }

  private static final VarHandle GP_SEQ;

  static {
    try {
      GP_SEQ = MethodHandles.lookup().findVarHandle(RcuDomain.class, "gpSeq", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
