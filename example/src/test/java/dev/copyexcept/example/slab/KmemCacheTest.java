package dev.copyexcept.example.slab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.WarnKind;
import dev.copyexcept.example.debug.Warnings;
import dev.copyexcept.example.rcu.RcuDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class KmemCacheTest {
  private static final long QUIET_MS = 200;
  private static final long DEADLINE_S = 10;

  private String rcuName;
  private RcuDomain rcu;
  private Warnings warnings;
  private final AtomicInteger constructed = new AtomicInteger();
  private final List<Thread> started = new ArrayList<>();

  /** Every cache a test made: the invariant validator runs on each after the test. */
  private final List<KmemCache<TestObj>> caches = new ArrayList<>();

  @BeforeEach
  void setUp(TestInfo info) {
    rcuName = "slab-" + info.getTestMethod().orElseThrow().getName();
    rcu = new RcuDomain(rcuName);
    warnings = new Warnings(null); // counted, not printed: these tests provoke warnings on purpose
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    for (Thread t : started) {
      t.join(TimeUnit.SECONDS.toMillis(DEADLINE_S));
      assertFalse(t.isAlive(), "test thread leaked: " + t.getName());
    }
    rcu.rcuBarrier();
    for (KmemCache<TestObj> c : caches) {
      assertEquals(List.of(), c.checkInvariants(), "invariants of " + c);
    }
    // A callback that threw on the grace-period thread (e.g. the assert in freeDeferred) is
    // caught and counted there; it fails the test here.
    assertEquals(
        0, rcu.failedCallbacks(), () -> "RCU callback failed: " + rcu.firstCallbackFailure());
    rcu.close();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      assertFalse(t.getName().equals("rcu-gp-" + rcuName) && t.isAlive(), "gp thread leaked");
    }
  }

  private KmemCache<TestObj> cache(SlabMode mode, int objsPerSlab, int minPartial) {
    KmemCache<TestObj> c =
        new KmemCache<>(
            "test_cache",
            objsPerSlab,
            minPartial,
            mode,
            rcu,
            warnings,
            () -> {
              constructed.incrementAndGet();
              return new TestObj();
            });
    caches.add(c);
    return c;
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
   * A thread inside an RCU read section until {@code leave} opens: holds back every grace period.
   */
  private void holdReader(CountDownLatch entered, CountDownLatch leave) {
    start(
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

  // ---------------------------------------------------------------- allocation order, growth

  @Test
  void kmemCacheAlloc_afterFrees_returnsMostRecentlyFreedFirst() {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU, 8, 1);
    TestObj a = c.kmemCacheAlloc();
    TestObj b = c.kmemCacheAlloc();
    TestObj d = c.kmemCacheAlloc();
    c.kmemCacheFree(a);
    c.kmemCacheFree(d);
    assertSame(d, c.kmemCacheAlloc(), "LIFO: the last freed is handed out first");
    assertSame(a, c.kmemCacheAlloc());
    assertNotSame(b, c.kmemCacheAlloc());
  }

  @Test
  void kmemCacheAlloc_emptyCache_growsByWholeSlabsBuiltWithCtor() {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU, 4, 1);
    List<TestObj> objs = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      objs.add(c.kmemCacheAlloc());
    }
    assertEquals(12, constructed.get(), "three slabs of four objects, each built with ctor");
    assertEquals(9, new HashSet<>(objs).size());
    assertSame(objs.get(0).slab, objs.get(3).slab, "the first four share a slab");
    assertNotSame(objs.get(3).slab, objs.get(4).slab);
    SlabInfo info = c.slabinfo();
    assertEquals(3, info.numSlabs());
    assertEquals(12, info.numObjs());
    assertEquals(9, info.activeObjs());
    assertEquals(3, info.pagesAllocated());
  }

  @Test
  void slabinfo_scriptedSequence_exactValues() {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU, 4, 1);
    List<TestObj> slab1 = new ArrayList<>();
    List<TestObj> slab2 = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      slab1.add(c.kmemCacheAlloc());
    }
    for (int i = 0; i < 2; i++) {
      slab2.add(c.kmemCacheAlloc());
    }
    assertEquals(new SlabInfo("test_cache", 6, 8, 4, 2, 2, 0, 6, 0, 0, 0), c.slabinfo());

    slab2.forEach(c::kmemCacheFree); // slab2 empty: kept (minPartial 1)
    assertEquals(new SlabInfo("test_cache", 4, 8, 4, 2, 2, 0, 6, 2, 0, 0), c.slabinfo());

    slab1.forEach(c::kmemCacheFree); // slab1 empty, one empty slab already kept: released
    SlabInfo beforeGp = c.slabinfo();
    assertEquals(1, beforeGp.numSlabs(), "the released slab leaves numSlabs at once");
    assertEquals(6, beforeGp.frees());
    rcu.rcuBarrier();
    assertEquals(new SlabInfo("test_cache", 0, 4, 4, 1, 2, 1, 6, 6, 0, 0), c.slabinfo());

    TestObj again = c.kmemCacheAlloc(); // the last freed of slab2: slab1's objects are gone
    assertSame(slab2.get(1), again);
    c.kmemCacheFree(again);
    assertSame(again, c.kmemCacheAlloc()); // reused while the grace period of its free is pending
    assertEquals(new SlabInfo("test_cache", 1, 4, 4, 1, 2, 1, 8, 7, 1, 0), c.slabinfo());
  }

  // ---------------------------------------------------------------- TYPESAFE_BY_RCU

  @Test
  void kmemCacheFree_typesafe_objectReusedAtOnceAndCounted() {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU, 4, 1);
    TestObj a = c.kmemCacheAlloc();
    a.payload = 42;
    c.kmemCacheFree(a);
    TestObj b = c.kmemCacheAlloc();
    assertSame(a, b, "type-safe: the freed object is handed out again at once");
    assertEquals(42, b.payload, "and keeps the previous user's contents (no ctor, no zeroing)");
    assertEquals(1, c.slabinfo().reusedBeforeGracePeriod());

    c.kmemCacheFree(b);
    rcu.synchronizeRcu();
    assertSame(a, c.kmemCacheAlloc());
    assertEquals(1, c.slabinfo().reusedBeforeGracePeriod(), "a grace period passed: not counted");
    assertEquals(0, warnings.total());
  }

  @Test
  void kmemCacheFree_typesafeEmptySlab_pageReleasedAndPoisonedOnlyAfterGracePeriod() {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU, 2, 0);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch leave = new CountDownLatch(1);
    TestObj a = c.kmemCacheAlloc();
    TestObj b = c.kmemCacheAlloc();
    a.payload = 7;
    holdReader(entered, leave);
    await(entered); // no grace period can end now
    c.kmemCacheFree(a);
    c.kmemCacheFree(b);
    SlabInfo before = c.slabinfo();
    assertEquals(0, before.numSlabs());
    assertEquals(1, before.pagesAllocated());
    assertEquals(0, before.pagesReleased(), "page release waits for a grace period");
    assertFalse(a.slabPoisoned());
    assertTrue(c.kasanCheck(a));
    TestObj fresh = c.kmemCacheAlloc();
    assertTrue(fresh != a && fresh != b, "objects of a slab being released are never handed out");

    leave.countDown();
    rcu.rcuBarrier();
    assertEquals(1, c.slabinfo().pagesReleased());
    assertTrue(a.slabPoisoned());
    assertTrue(b.slabPoisoned());
    assertEquals(TestObj.POISON, a.payload, "slabPoison() scribbled the payload");
    assertFalse(c.kasanCheck(a));
    assertEquals(1, c.slabinfo().poisonHits());
    assertEquals(1, warnings.count(WarnKind.SLAB_USE_AFTER_FREE));
    assertEquals(1, warnings.snapshot().size());
    assertTrue(c.kasanCheck(fresh));
  }

  @Test
  void kasanCheck_readerInsideSectionHoldsObjectOfEmptiedSlab_neverSeesPoisonUntilItLeaves()
      throws InterruptedException {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU, 2, 0);
    TestObj a = c.kmemCacheAlloc();
    TestObj b = c.kmemCacheAlloc();
    CountDownLatch found = new CountDownLatch(1);
    CountDownLatch freed = new CountDownLatch(1);
    CountDownLatch leave = new CountDownLatch(1);
    CountDownLatch barrierDone = new CountDownLatch(1);
    AtomicLong checks = new AtomicLong();
    AtomicLong poisonSeen = new AtomicLong();
    start(
        "reader",
        () -> {
          rcu.rcuReadLock();
          try {
            TestObj mine = a; // found in an RCU-protected structure, no reference taken
            found.countDown();
            await(freed);
            while (leave.getCount() > 0) { // keep looking while the release is pending
              if (!c.kasanCheck(mine)) {
                poisonSeen.incrementAndGet();
              }
              checks.incrementAndGet();
              Thread.onSpinWait();
            }
          } finally {
            rcu.rcuReadUnlock();
          }
        });
    await(found);
    c.kmemCacheFree(a);
    c.kmemCacheFree(b); // the slab is now empty and queued for release
    freed.countDown();
    start(
        "barrier",
        () -> {
          rcu.rcuBarrier();
          barrierDone.countDown();
        });
    assertFalse(
        barrierDone.await(QUIET_MS, TimeUnit.MILLISECONDS),
        "the page release waits for the reader");
    leave.countDown();
    await(barrierDone);
    assertTrue(checks.get() > 0);
    assertEquals(0, poisonSeen.get(), "the reader saw poison inside its RCU section");
    assertTrue(a.slabPoisoned(), "poisoned once the reader left");
    assertEquals(0, c.slabinfo().poisonHits());
    assertEquals(0, warnings.total());
  }

  @Test
  void shrink_emptySlabsKept_releasesAllAfterGracePeriod() {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU, 2, 2);
    List<TestObj> objs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      objs.add(c.kmemCacheAlloc());
    }
    objs.forEach(c::kmemCacheFree);
    assertEquals(2, c.slabinfo().numSlabs(), "both empty slabs kept (minPartial 2)");
    c.shrink();
    assertEquals(0, c.slabinfo().numSlabs());
    rcu.rcuBarrier();
    assertEquals(2, c.slabinfo().pagesReleased());
    assertTrue(objs.stream().allMatch(SlabObject::slabPoisoned));
  }

  @Test
  void kmemCacheAlloc_fromKeptEmptySlab_slabNoLongerEmpty() {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU, 2, 1);
    TestObj a = c.kmemCacheAlloc();
    c.kmemCacheFree(a); // the slab is empty and kept
    assertSame(a, c.kmemCacheAlloc()); // in use again: not a kept empty slab any more
    c.shrink(); // nothing to release
    rcu.rcuBarrier();
    assertEquals(1, c.slabinfo().numSlabs());
    assertEquals(0, c.slabinfo().pagesReleased());
    assertFalse(a.slabPoisoned());
  }

  // ---------------------------------------------------------------- CALL_RCU

  @Test
  void kmemCacheFree_callRcu_notReusedBeforeGracePeriodAndReusedAfterBarrier() {
    KmemCache<TestObj> c = cache(SlabMode.CALL_RCU, 4, 1);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch leave = new CountDownLatch(1);
    TestObj a = c.kmemCacheAlloc();
    holdReader(entered, leave);
    await(entered);
    c.kmemCacheFree(a);
    TestObj b = c.kmemCacheAlloc();
    assertNotSame(a, b, "classic: a freed object is not reused before a grace period");
    assertEquals(2, c.slabinfo().activeObjs(), "the pending object is still in use");
    leave.countDown();
    rcu.rcuBarrier();
    assertEquals(1, c.slabinfo().activeObjs());
    assertSame(a, c.kmemCacheAlloc(), "after the grace period it is the most recently freed");
    assertEquals(0, c.slabinfo().reusedBeforeGracePeriod());
    assertEquals(0, warnings.total());
  }

  @Test
  void kmemCacheFree_callRcuEmptySlab_releasedAsSoonAsTheDeferredFreesRan() {
    KmemCache<TestObj> c = cache(SlabMode.CALL_RCU, 2, 0);
    TestObj a = c.kmemCacheAlloc();
    TestObj b = c.kmemCacheAlloc();
    c.kmemCacheFree(a);
    c.kmemCacheFree(b);
    rcu.rcuBarrier(); // the deferred frees ran; the last one released the page at once
    SlabInfo info = c.slabinfo();
    assertEquals(0, info.numSlabs());
    assertEquals(1, info.pagesReleased());
    assertEquals(0, info.activeObjs());
    assertTrue(a.slabPoisoned());
    assertTrue(b.slabPoisoned());
  }

  @Test
  void kmemCacheFree_rcuDomainClosed_callRcuFreeUndoneAndTypesafeReleaseSynchronous() {
    KmemCache<TestObj> classic = cache(SlabMode.CALL_RCU, 2, 0);
    KmemCache<TestObj> typesafe = cache(SlabMode.TYPESAFE_BY_RCU, 1, 0);
    TestObj a = classic.kmemCacheAlloc();
    TestObj b = typesafe.kmemCacheAlloc();
    rcu.close();
    assertThrows(IllegalStateException.class, () -> classic.kmemCacheFree(a));
    assertEquals(1, classic.slabinfo().activeObjs(), "the refused free was undone");
    assertEquals(0, classic.slabinfo().frees());
    assertFalse(a.slabPoisoned());
    typesafe.kmemCacheFree(b); // its slab is released after a synchronous grace period
    assertTrue(b.slabPoisoned());
    assertEquals(1, typesafe.slabinfo().pagesReleased());
  }

  // ---------------------------------------------------------------- misuse

  @Test
  void kmemCacheFree_doubleFreeTypesafe_warnsAndIgnores() {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU, 4, 1);
    TestObj a = c.kmemCacheAlloc();
    c.kmemCacheFree(a);
    c.kmemCacheFree(a);
    assertEquals(1, warnings.count(WarnKind.SLAB_DOUBLE_FREE));
    assertEquals(1, c.slabinfo().frees());
    assertSame(a, c.kmemCacheAlloc());
    assertNotSame(a, c.kmemCacheAlloc(), "the free list was not corrupted by the second free");
  }

  @Test
  void kmemCacheFree_doubleFreeCallRcuWhilePending_warnsAndIgnores() {
    KmemCache<TestObj> c = cache(SlabMode.CALL_RCU, 4, 1);
    TestObj a = c.kmemCacheAlloc();
    c.kmemCacheFree(a);
    c.kmemCacheFree(a);
    rcu.rcuBarrier();
    assertEquals(1, warnings.count(WarnKind.SLAB_DOUBLE_FREE));
    assertEquals(0, c.slabinfo().activeObjs());
    assertSame(a, c.kmemCacheAlloc());
    assertNotSame(a, c.kmemCacheAlloc());
  }

  @Test
  void kmemCacheFree_poisonedObject_warnsDoubleFree() {
    KmemCache<TestObj> c = cache(SlabMode.CALL_RCU, 1, 0);
    TestObj a = c.kmemCacheAlloc();
    c.kmemCacheFree(a);
    rcu.rcuBarrier();
    assertTrue(a.slabPoisoned());
    c.kmemCacheFree(a);
    assertEquals(1, warnings.count(WarnKind.SLAB_DOUBLE_FREE));
  }

  @Test
  void kmemCacheFree_nullOrForeignObject_throwsIllegalArgumentNamingObj() {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU, 4, 1);
    KmemCache<TestObj> other = cache(SlabMode.TYPESAFE_BY_RCU, 4, 1);
    TestObj foreign = other.kmemCacheAlloc();
    IllegalArgumentException e1 =
        assertThrows(IllegalArgumentException.class, () -> c.kmemCacheFree(null));
    assertTrue(e1.getMessage().contains("obj"), e1.getMessage());
    IllegalArgumentException e2 =
        assertThrows(IllegalArgumentException.class, () -> c.kmemCacheFree(foreign));
    assertTrue(e2.getMessage().contains("obj"), e2.getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.kmemCacheFree(new TestObj()));
    assertEquals(0, c.slabinfo().frees());
    assertEquals(0, warnings.total());
  }

  @Test
  void constructor_badArguments_throw() {
    assertThrows(IllegalArgumentException.class, () -> cache(SlabMode.CALL_RCU, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> cache(SlabMode.CALL_RCU, 1, -1));
    assertEquals(
        KmemCache.DEFAULT_MIN_PARTIAL,
        new KmemCache<>("d", 1, SlabMode.CALL_RCU, rcu, warnings, TestObj::new).minPartial());
    assertEquals(SlabMode.CALL_RCU, cache(SlabMode.CALL_RCU, 1, 1).mode());
  }

  @Test
  void checkInvariants_corruptedBookkeeping_detected() {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU, 2, 1);
    TestObj a = c.kmemCacheAlloc();
    assertEquals(List.of(), c.checkInvariants());
    a.setStateRelease(SlabObject.FREE); // as a memcpy of a free object over it would
    List<String> bad = c.checkInvariants();
    assertFalse(bad.isEmpty(), "corruption not detected");
    assertTrue(bad.get(0).contains("objects in use"), bad.toString());
    a.setStateRelease(SlabObject.ALLOCATED);
    assertEquals(List.of(), c.checkInvariants());
  }

  // ---------------------------------------------------------------- @CopyExcept on SlabObject

  @Test
  void generatedCopier_subclass_keepsDestinationSlabBookkeeping() {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU, 2, 2);
    TestObj src = c.kmemCacheAlloc();
    c.kmemCacheAlloc();
    TestObj dest = c.kmemCacheAlloc(); // second slab
    TestObj next = c.kmemCacheAlloc();
    c.kmemCacheFree(next);
    c.kmemCacheFree(dest); // dest: FREE, on the free list, head, its freeNext is `next`
    src.payload = 99;
    src.tag = "src";
    Slab destSlab = dest.slab;
    SlabObject destNext = dest.freeNext;
    long destCookie = dest.freeCookie;
    assertNotSame(src.slab, destSlab);

    TestObjCopier.copy(src, dest);

    assertEquals(99, dest.payload);
    assertEquals("src", dest.tag);
    assertSame(destSlab, dest.slab, "slab kept");
    assertSame(destNext, dest.freeNext, "free-list link kept");
    assertNull(dest.freePrev);
    assertEquals(destCookie, dest.freeCookie);
    assertEquals(SlabObject.FREE, dest.stateAcquire(), "state kept");
    assertSame(dest, c.kmemCacheAlloc(), "the free list still works");
    assertSame(next, c.kmemCacheAlloc());
    Set<String> excluded = Set.of("slab", "freeNext", "freePrev", "freeCookie", "state");
    Set<String> declared = new HashSet<>();
    for (var f : SlabObject.class.getDeclaredFields()) {
      if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        declared.add(f.getName());
      }
    }
    assertEquals(excluded, declared, "every instance field of SlabObject is excluded from copies");
  }
}
