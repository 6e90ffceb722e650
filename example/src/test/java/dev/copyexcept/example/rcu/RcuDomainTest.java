package dev.copyexcept.example.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.WarnKind;
import dev.copyexcept.example.debug.Warning;
import dev.copyexcept.example.debug.Warnings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RcuDomainTest {
  /** How long a test watches for something that must not happen. */
  private static final long QUIET_MS = 200;

  /** How long a test waits for something that must happen. */
  private static final long DEADLINE_S = 10;

  private RcuDomain rcu;
  private final List<Thread> started = new ArrayList<>();

  /**
   * The domain's warnings log, captured: a test that provokes a warning asserts on it (and declares
   * it with {@link #expectWarning}); any other warning fails the test in {@link #tearDown}.
   */
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private Warnings warnings;
  private final EnumSet<WarnKind> expectedWarnings = EnumSet.noneOf(WarnKind.class);

  @BeforeEach
  void setUp() {
    warnings = new Warnings(new PrintStream(log, true, StandardCharsets.UTF_8));
    rcu = new RcuDomain("test", warnings);
  }

  private void expectWarning(WarnKind kind) {
    expectedWarnings.add(kind);
  }

  private String logText() {
    return log.toString(StandardCharsets.UTF_8);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    for (Thread t : started) {
      t.join(TimeUnit.SECONDS.toMillis(DEADLINE_S));
      assertFalse(t.isAlive(), "test thread leaked: " + t.getName());
    }
    rcu.close();
    assertFalse(rcu.gpThread().isAlive(), "gp thread leaked");
    for (Warning w : warnings.snapshot()) {
      assertTrue(
          expectedWarnings.contains(w.kind()), "unexpected RCU warning " + w + ":\n" + logText());
    }
  }

  private Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    started.add(t);
    t.start();
    return t;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(DEADLINE_S, TimeUnit.SECONDS), "timed out");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A thread that enters a read section, signals {@code entered}, and leaves once {@code leave}
   * opens.
   */
  private Thread holdReader(CountDownLatch entered, CountDownLatch leave) {
    return start(
        "reader",
        () -> {
          rcu.rcuReadLock();
          try {
            entered.countDown();
            await(leave);
          } finally {
            rcu.rcuReadUnlock();
          }
        });
  }

  /** Runs synchronizeRcu on its own thread; {@code done} opens when it returns. */
  private void synchronizeAsync(CountDownLatch done) {
    start(
        "synchronizer",
        () -> {
          rcu.synchronizeRcu();
          done.countDown();
        });
  }

  private void awaitGracePeriodInProgress() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
    while ((rcu.gpSeqVolatile() & 1) == 0) {
      assertTrue(System.nanoTime() < deadline, "no grace period started");
      Thread.onSpinWait();
    }
  }

  // ---------------------------------------------------------------- read sections

  @Test
  void rcuReadLock_nested_heldUntilOutermostUnlock() {
    assertFalse(rcu.rcuReadLockHeld());
    rcu.rcuReadLock();
    rcu.rcuReadLock();
    assertTrue(rcu.rcuReadLockHeld());
    rcu.rcuReadUnlock();
    assertTrue(rcu.rcuReadLockHeld(), "inner unlock must not end the section");
    rcu.rcuReadUnlock();
    assertFalse(rcu.rcuReadLockHeld());
  }

  @Test
  void rcuReadUnlock_withoutLock_throwsIllegalState() {
    IllegalStateException e = assertThrows(IllegalStateException.class, rcu::rcuReadUnlock);
    assertTrue(e.getMessage().contains("without a matching rcuReadLock"), e.getMessage());
    rcu.rcuReadLock();
    rcu.rcuReadUnlock();
    assertThrows(IllegalStateException.class, rcu::rcuReadUnlock);
    assertFalse(rcu.rcuReadLockHeld());
  }

  @Test
  void rcuReadLock_sectionsOfTwoDomains_independent() {
    try (RcuDomain other = new RcuDomain("other")) {
      rcu.rcuReadLock();
      assertFalse(other.rcuReadLockHeld());
      other.synchronizeRcu(); // our section in `rcu` does not block `other`
      rcu.rcuReadUnlock();
    }
  }

  // ---------------------------------------------------------------- synchronizeRcu

  @Test
  void synchronizeRcu_readerBeganBefore_waitsUntilItLeaves() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch leave = new CountDownLatch(1);
    CountDownLatch synced = new CountDownLatch(1);
    holdReader(entered, leave);
    await(entered);
    synchronizeAsync(synced);
    assertFalse(
        synced.await(QUIET_MS, TimeUnit.MILLISECONDS),
        "synchronizeRcu returned while a pre-existing reader was still in its section");
    leave.countDown();
    await(synced);
  }

  @Test
  void synchronizeRcu_interruptedCaller_stillWaitsAndKeepsInterruptStatus()
      throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch leave = new CountDownLatch(1);
    CountDownLatch synced = new CountDownLatch(1);
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    holdReader(entered, leave);
    await(entered);
    start(
        "interrupted-synchronizer",
        () -> {
          Thread.currentThread().interrupt();
          rcu.synchronizeRcu();
          stillInterrupted.set(Thread.currentThread().isInterrupted());
          synced.countDown();
        });
    assertFalse(
        synced.await(QUIET_MS, TimeUnit.MILLISECONDS),
        "an interrupt does not cut a grace period short");
    leave.countDown();
    await(synced);
    assertTrue(stillInterrupted.get(), "the interrupt status is restored");
  }

  @Test
  void synchronizeRcu_readerBeganAfter_doesNotWaitForIt() throws InterruptedException {
    CountDownLatch oldEntered = new CountDownLatch(1);
    CountDownLatch oldLeave = new CountDownLatch(1);
    CountDownLatch newEntered = new CountDownLatch(1);
    CountDownLatch newLeave = new CountDownLatch(1);
    CountDownLatch synced = new CountDownLatch(1);
    holdReader(oldEntered, oldLeave);
    await(oldEntered);
    synchronizeAsync(synced);
    awaitGracePeriodInProgress(); // the grace period has started and waits for the old reader
    holdReader(newEntered, newLeave);
    await(newEntered);
    oldLeave.countDown();
    assertTrue(
        synced.await(DEADLINE_S, TimeUnit.SECONDS),
        "synchronizeRcu waited for a reader that began after it");
    assertEquals(1, newLeave.getCount(), "the new reader is still in its section");
    newLeave.countDown();
  }

  @Test
  void synchronizeRcu_callersQueuedBehindGracePeriod_shareTheNextOne() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch leave = new CountDownLatch(1);
    CountDownLatch synced = new CountDownLatch(3);
    holdReader(entered, leave);
    await(entered);
    long before = rcu.completedGracePeriods();
    Thread first =
        start(
            "sync-first",
            () -> {
              rcu.synchronizeRcu();
              synced.countDown();
            });
    awaitGracePeriodInProgress(); // `first` holds the grace-period lock, waiting for the reader
    List<Thread> queued = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      queued.add(
          start(
              "sync-queued-" + i,
              () -> {
                rcu.synchronizeRcu();
                synced.countDown();
              }));
    }
    for (Thread t : queued) { // both took their cookie and now wait for the lock
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
      while (t.getState() != Thread.State.WAITING) {
        assertTrue(System.nanoTime() < deadline, t.getName() + " never blocked");
        Thread.onSpinWait();
      }
    }
    assertTrue(first.isAlive());
    leave.countDown();
    assertTrue(synced.await(DEADLINE_S, TimeUnit.SECONDS));
    assertEquals(
        before + 2,
        rcu.completedGracePeriods(),
        "the reader's grace period, then one more shared by both queued callers");
  }

  @Test
  void synchronizeRcu_noReaders_completesOneGracePeriod() {
    long before = rcu.completedGracePeriods();
    rcu.synchronizeRcu();
    rcu.synchronizeRcu();
    assertEquals(before + 2, rcu.completedGracePeriods());
  }

  @Test
  void synchronizeRcu_insideReadSection_throwsIllegalState() {
    rcu.rcuReadLock();
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, rcu::synchronizeRcu);
      assertTrue(e.getMessage().contains("deadlock"), e.getMessage());
      assertThrows(IllegalStateException.class, rcu::rcuBarrier);
      assertThrows(IllegalStateException.class, rcu::close);
    } finally {
      rcu.rcuReadUnlock();
    }
  }

  @Test
  void synchronizeRcu_readerThreadDiedInsideSection_treatedAsQuiescentAndCounted()
      throws InterruptedException {
    expectWarning(WarnKind.RCU_READER_DIED);
    // The gp thread registers its own record when it starts, asynchronously; a callback it ran
    // proves it has, so its registration cannot land between the two counts below.
    rcu.callRcu(() -> {});
    rcu.rcuBarrier();
    Thread dead = start("dies-in-section", rcu::rcuReadLock); // exits without unlocking
    dead.join();
    rcu.rcuReadLockHeld(); // registers this thread, so that only the pruning changes the count
    int before = rcu.registeredReaders();
    rcu.synchronizeRcu(); // must not wait forever
    assertEquals(1, rcu.abandonedReadSections());
    assertEquals(before - 1, rcu.registeredReaders(), "the dead thread's record is pruned");
    assertEquals(1, warnings.count(WarnKind.RCU_READER_DIED), "reported to the warnings sink");
    assertTrue(logText().contains("a thread died inside an RCU read section"), logText());
  }

  @Test
  void synchronizeRcu_idleRecordOfDeadThread_pruned() throws InterruptedException {
    // The gp thread registers its own record when it starts, asynchronously; a callback it ran
    // proves it has, so its registration cannot land between the two counts below.
    rcu.callRcu(() -> {});
    rcu.rcuBarrier();
    Thread t =
        start(
            "short-lived",
            () -> {
              rcu.rcuReadLock();
              rcu.rcuReadUnlock();
            });
    t.join();
    rcu.rcuReadLockHeld(); // registers this thread, so that only the pruning changes the count
    int before = rcu.registeredReaders();
    rcu.synchronizeRcu();
    assertEquals(before - 1, rcu.registeredReaders());
    assertEquals(0, rcu.abandonedReadSections());
  }

  // ---------------------------------------------------------------- callRcu, rcuBarrier

  @Test
  void callRcu_readerInSection_runsOnlyAfterItLeaves() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch leave = new CountDownLatch(1);
    CountDownLatch ran = new CountDownLatch(1);
    AtomicReference<String> runner = new AtomicReference<>();
    holdReader(entered, leave);
    await(entered);
    rcu.callRcu(
        () -> {
          runner.set(Thread.currentThread().getName());
          ran.countDown();
        });
    assertFalse(ran.await(QUIET_MS, TimeUnit.MILLISECONDS), "callback ran before the grace period");
    leave.countDown();
    await(ran);
    assertEquals("rcu-gp-test", runner.get());
  }

  @Test
  void callRcu_severalQueuedWhileBusy_runFifoInOneGracePeriod() {
    CountDownLatch blockerRunning = new CountDownLatch(1);
    CountDownLatch unblock = new CountDownLatch(1);
    rcu.callRcu(
        () -> {
          blockerRunning.countDown();
          await(unblock); // holds the gp thread while the batch below is queued
        });
    await(blockerRunning);
    long gpBefore = rcu.completedGracePeriods();
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    List<Long> gpSeen = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 5; i++) {
      int id = i;
      rcu.callRcu(
          () -> {
            order.add(id);
            gpSeen.add(rcu.completedGracePeriods());
          });
    }
    unblock.countDown();
    rcu.rcuBarrier();
    assertEquals(List.of(0, 1, 2, 3, 4), order);
    assertEquals(gpBefore + 1, rcu.completedGracePeriods(), "one grace period for the whole batch");
    assertEquals(
        List.of(gpBefore + 1, gpBefore + 1, gpBefore + 1, gpBefore + 1, gpBefore + 1), gpSeen);
  }

  @Test
  void rcuBarrier_callbacksQueued_returnsAfterAllRan() {
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 100; i++) {
      int id = i;
      rcu.callRcu(() -> ran.add(id));
    }
    rcu.rcuBarrier();
    assertEquals(100, ran.size());
    for (int i = 0; i < 100; i++) {
      assertEquals(i, ran.get(i), "FIFO");
    }
  }

  @Test
  void rcuBarrier_nothingQueued_returnsWithoutGracePeriod() {
    long before = rcu.completedGracePeriods();
    rcu.rcuBarrier();
    assertEquals(before, rcu.completedGracePeriods());
  }

  @Test
  void rcuBarrier_readerHoldsGracePeriod_waitsForCallback() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch leave = new CountDownLatch(1);
    CountDownLatch barrierDone = new CountDownLatch(1);
    AtomicBoolean ran = new AtomicBoolean();
    holdReader(entered, leave);
    await(entered);
    rcu.callRcu(() -> ran.set(true));
    start(
        "barrier",
        () -> {
          rcu.rcuBarrier();
          barrierDone.countDown();
        });
    assertFalse(barrierDone.await(QUIET_MS, TimeUnit.MILLISECONDS));
    leave.countDown();
    await(barrierDone);
    assertTrue(ran.get());
  }

  @Test
  void callRcu_callbackThrows_gpThreadSurvivesAndCountsIt() {
    expectWarning(WarnKind.RCU_CALLBACK_THREW);
    AtomicBoolean later = new AtomicBoolean();
    rcu.callRcu(
        () -> {
          throw new IllegalStateException("expected by the test: a failing RCU callback");
        });
    rcu.rcuBarrier();
    rcu.callRcu(() -> later.set(true));
    rcu.rcuBarrier();
    assertTrue(later.get(), "callbacks after the failing one still run");
    assertEquals(1, rcu.failedCallbacks());
    assertTrue(rcu.gpThread().isAlive());
    assertEquals(1, warnings.count(WarnKind.RCU_CALLBACK_THREW), "reported to the warnings sink");
    assertTrue(
        logText().contains("Caused by: java.lang.IllegalStateException: expected by the test"),
        "the report carries the callback's exception:\n" + logText());
  }

  @Test
  void callRcu_callbackLeaksReadSection_sectionClosedAndCounted() {
    expectWarning(WarnKind.RCU_CALLBACK_LEAKED_READ_SECTION);
    rcu.callRcu(rcu::rcuReadLock);
    rcu.rcuBarrier();
    rcu.synchronizeRcu(); // would hang if the gp thread were still in its section
    assertEquals(1, rcu.failedCallbacks());
    assertEquals(1, warnings.count(WarnKind.RCU_CALLBACK_LEAKED_READ_SECTION));
    assertEquals(1, warnings.total(), "and nothing else: " + warnings.snapshot());
  }

  @Test
  void callRcu_callsRcuBarrierFromCallback_failsInsteadOfDeadlocking() {
    expectWarning(WarnKind.RCU_CALLBACK_THREW);
    rcu.callRcu(rcu::rcuBarrier);
    rcu.rcuBarrier();
    assertEquals(1, rcu.failedCallbacks());
    assertEquals(1, warnings.count(WarnKind.RCU_CALLBACK_THREW));
    assertTrue(
        logText().contains("rcuBarrier() from an RCU callback would deadlock"),
        "the report names the misuse:\n" + logText());
  }

  @Test
  void callRcu_null_throwsNullPointer() {
    assertThrows(NullPointerException.class, () -> rcu.callRcu(null));
  }

  // ---------------------------------------------------------------- polled grace periods

  @Test
  void pollStateSynchronizeRcu_idleCookie_trueAfterOneGracePeriod() {
    long cookie = rcu.getStateSynchronizeRcu();
    assertFalse(rcu.pollStateSynchronizeRcu(cookie));
    rcu.synchronizeRcu();
    assertTrue(rcu.pollStateSynchronizeRcu(cookie));
  }

  @Test
  void pollStateSynchronizeRcu_cookieTakenDuringGracePeriod_needsTheNextOneToo() {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch leave = new CountDownLatch(1);
    CountDownLatch synced = new CountDownLatch(1);
    holdReader(entered, leave);
    await(entered);
    synchronizeAsync(synced);
    awaitGracePeriodInProgress();
    long cookie = rcu.getStateSynchronizeRcu();
    leave.countDown();
    await(synced);
    assertFalse(
        rcu.pollStateSynchronizeRcu(cookie),
        "the grace period in progress when the cookie was taken is not a full one");
    rcu.synchronizeRcu();
    assertTrue(rcu.pollStateSynchronizeRcu(cookie));
  }

  // ---------------------------------------------------------------- close

  @Test
  void close_twice_idempotentAndGpThreadGone() {
    AtomicBoolean ran = new AtomicBoolean();
    rcu.callRcu(() -> ran.set(true));
    rcu.close();
    assertTrue(ran.get(), "close runs the queued callbacks first");
    assertFalse(rcu.gpThread().isAlive());
    rcu.close();
    assertThrows(IllegalStateException.class, () -> rcu.callRcu(() -> {}));
    rcu.synchronizeRcu(); // still works without the gp thread
    rcu.rcuBarrier();
  }

  @Test
  void constructor_startsNamedDaemonThread() {
    assertEquals("rcu-gp-test", rcu.gpThread().getName());
    assertTrue(rcu.gpThread().isDaemon());
    assertTrue(rcu.gpThread().isAlive());
  }
}
