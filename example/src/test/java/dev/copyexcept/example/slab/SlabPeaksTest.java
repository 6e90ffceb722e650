package dev.copyexcept.example.slab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.copyexcept.example.debug.Warnings;
import dev.copyexcept.example.rcu.RcuDomain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KmemCache#peaks()}: what each slab mode holds back for a grace period. Frees happen inside
 * an RCU read section of the test thread, so no grace period can end (and no callback run) until
 * the test leaves it: the counts are exact, not raced.
 */
class SlabPeaksTest {
  private static final int PER_SLAB = 4;

  private RcuDomain rcu;
  private final Warnings warnings = new Warnings(null);

  @BeforeEach
  void setUp() {
    rcu = new RcuDomain("slab-peaks");
  }

  @AfterEach
  void tearDown() {
    rcu.rcuBarrier();
    rcu.close();
  }

  private KmemCache<TestObj> cache(SlabMode mode) {
    return new KmemCache<>("peaks", PER_SLAB, 1, mode, rcu, warnings, TestObj::new);
  }

  private static List<TestObj> alloc(KmemCache<TestObj> c, int n) {
    List<TestObj> objs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      objs.add(c.kmemCacheAlloc());
    }
    return objs;
  }

  @Test
  void callRcu_objectsFreedBeforeAGracePeriod_countedAsWaiting_thenReusable() {
    KmemCache<TestObj> c = cache(SlabMode.CALL_RCU);
    List<TestObj> objs = alloc(c, 3 * PER_SLAB);
    rcu.rcuReadLock();
    try {
      objs.forEach(c::kmemCacheFree);
      assertEquals(new SlabPeaks(3, 0, 3 * PER_SLAB), c.peaks());
    } finally {
      rcu.rcuReadUnlock();
    }
    rcu.rcuBarrier(); // the deferred frees ran: 2 of the 3 empty slabs released at once
    assertEquals(new SlabPeaks(3, 0, 3 * PER_SLAB), c.peaks(), "peaks stay until reset");
    c.resetPeaks();
    assertEquals(new SlabPeaks(1, 0, 0), c.peaks());
    c.checkInvariants();
  }

  @Test
  void typesafeByRcu_emptySlabsWaitForAGracePeriod_objectsNever() {
    KmemCache<TestObj> c = cache(SlabMode.TYPESAFE_BY_RCU);
    List<TestObj> objs = alloc(c, 3 * PER_SLAB);
    rcu.rcuReadLock();
    try {
      objs.forEach(c::kmemCacheFree);
      // One empty slab kept (minPartial 1), two chosen for release and waiting for rcu_free_slab.
      assertEquals(new SlabPeaks(3, 2, 0), c.peaks());
      c.resetPeaks();
      assertEquals(new SlabPeaks(3, 2, 0), c.peaks(), "reset starts from the current values");
    } finally {
      rcu.rcuReadUnlock();
    }
    rcu.rcuBarrier();
    c.resetPeaks();
    assertEquals(new SlabPeaks(1, 0, 0), c.peaks());
    c.checkInvariants();
  }
}
