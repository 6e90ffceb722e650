package dev.copyexcept.example.slab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.StressRun;
import dev.copyexcept.example.debug.Warnings;
import dev.copyexcept.example.rcu.RcuDomain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writers allocate, publish, unpublish and free objects of a small-slab cache (so that slabs are
 * emptied and released all the time) while readers, inside RCU sections, look objects up without
 * references and check them. Bounded in time, seeded.
 *
 * <p>Both modes: no reader inside its section ever touches a poisoned object (the spec's "with
 * SLAB_TYPESAFE_BY_RCU no reader ever touches a poisoned page"). CALL_RCU only: no reader ever sees
 * an object change identity inside its section. TYPESAFE_BY_RCU: identity changes may be seen (that
 * is the point of the mode), and reuse before a grace period is counted.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class KmemCacheStressTest {
  private static final Duration RUN = Duration.ofMillis(600);
  private static final Duration CAP = Duration.ofSeconds(10);
  private static final int SLOTS_PER_WRITER = 8;
  private static final int WRITERS = 2;
  private static final int READERS = 2;
  private static final long SEED = 0xC0FFEEL;

  @ParameterizedTest
  @EnumSource(SlabMode.class)
  void kmemCache_concurrentAllocFreeAndRcuReaders_noReaderTouchesPoison(SlabMode mode)
      throws InterruptedException {
    Warnings warnings = new Warnings();
    try (RcuDomain rcu = new RcuDomain("slab-stress-" + mode)) {
      KmemCache<TestObj> cache = new KmemCache<>("stress", 4, 0, mode, rcu, warnings, TestObj::new);
      AtomicReferenceArray<TestObj> slots = new AtomicReferenceArray<>(SLOTS_PER_WRITER * WRITERS);
      AtomicLong identityChanges = new AtomicLong();
      LongAdder lookups = new LongAdder(); // per-thread cells: readers share no written line
      AtomicLong nextId = new AtomicLong(1);
      StressRun run = StressRun.of(RUN, CAP).until(lookups::sum, 101);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int base = w * SLOTS_PER_WRITER; // each writer owns its slots: one "mm" each
        SplittableRandom rnd = new SplittableRandom(SEED + w);
        threads.add(
            new Thread(
                () -> {
                  while (run.running()) {
                    int slot = base + rnd.nextInt(SLOTS_PER_WRITER);
                    TestObj old = slots.get(slot);
                    if (old == null) {
                      TestObj obj = cache.kmemCacheAlloc();
                      obj.payload = nextId.getAndIncrement();
                      slots.set(
                          slot, obj); // rcu_assign_pointer: volatile store publishes the payload
                    } else {
                      slots.set(slot, null); // unpublish, then free at once (no synchronize)
                      cache.kmemCacheFree(old);
                    }
                  }
                },
                "stress-writer-" + w));
      }
      for (int r = 0; r < READERS; r++) {
        SplittableRandom rnd = new SplittableRandom(SEED + 100 + r);
        threads.add(
            new Thread(
                () -> {
                  while (run.running()) {
                    rcu.rcuReadLock();
                    try {
                      TestObj obj = slots.get(rnd.nextInt(slots.length())); // rcu_dereference
                      if (obj != null && cache.kasanCheck(obj)) {
                        long id = obj.payload;
                        for (int k = rnd.nextInt(32); k > 0; k--) {
                          Thread.onSpinWait();
                        }
                        cache.kasanCheck(obj); // counted by the cache if poisoned
                        if (obj.payload != id) {
                          identityChanges.incrementAndGet();
                        }
                        lookups.increment();
                      }
                    } finally {
                      rcu.rcuReadUnlock();
                    }
                  }
                },
                "stress-reader-" + r));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      for (int i = 0; i < slots.length(); i++) {
        TestObj obj = slots.getAndSet(i, null);
        if (obj != null) {
          cache.kmemCacheFree(obj);
        }
      }
      rcu.rcuBarrier();
      cache.shrink();
      rcu.rcuBarrier();
      assertEquals(List.of(), cache.checkInvariants());
      assertEquals(
          0, rcu.failedCallbacks(), () -> "RCU callback failed: " + rcu.firstCallbackFailure());
      SlabInfo info = cache.slabinfo();

      assertEquals(
          0, info.poisonHits(), "a reader inside an RCU section touched a poisoned object");
      assertEquals(0, warnings.total(), warnings.snapshot().toString());
      assertTrue(lookups.sum() > 100, "readers made progress: " + lookups.sum());
      assertTrue(info.pagesReleased() > 0, "slabs were released: " + info);
      assertEquals(0, info.activeObjs());
      assertEquals(0, info.numSlabs());
      assertEquals(info.pagesAllocated(), info.pagesReleased(), "every page released in the end");
      if (mode == SlabMode.CALL_RCU) {
        assertEquals(
            0, identityChanges.get(), "CALL_RCU: an object was reused inside a read section");
        assertEquals(0, info.reusedBeforeGracePeriod());
      } else {
        assertTrue(info.reusedBeforeGracePeriod() > 0, "TYPESAFE_BY_RCU reuses at once: " + info);
      }
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      assertFalse(
          t.getName().equals("rcu-gp-slab-stress-" + mode) && t.isAlive(), "gp thread leaked");
    }
  }
}
