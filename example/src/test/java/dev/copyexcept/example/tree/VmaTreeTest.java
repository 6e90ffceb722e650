package dev.copyexcept.example.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Unit tests of the RCU-safe range index: store, split, erase, lookups, and lock-free readers. */
class VmaTreeTest {
  private static List<String> dump(VmaTree<String> t) {
    List<String> out = new ArrayList<>();
    for (VmaTree.Entry<String> e : t.entries()) {
      out.add(e.start() + "-" + e.end() + ":" + e.value());
    }
    return out;
  }

  @Test
  void store_disjointRanges_keptInAddressOrder() {
    VmaTree<String> t = new VmaTree<>();
    t.store(30, 40, "c");
    t.store(10, 20, "a");
    t.store(20, 30, "b");
    assertEquals(List.of("10-20:a", "20-30:b", "30-40:c"), dump(t));
    assertEquals(3, t.size());
  }

  @Test
  void store_insideExisting_splitsItInThree() {
    VmaTree<String> t = new VmaTree<>();
    t.store(0, 100, "big");
    t.store(40, 60, "mid");
    assertEquals(List.of("0-40:big", "40-60:mid", "60-100:big"), dump(t));
  }

  @Test
  void store_overlappingSeveral_truncatesEdgesAndDropsCovered() {
    VmaTree<String> t = new VmaTree<>();
    t.store(0, 10, "a");
    t.store(10, 20, "b");
    t.store(20, 30, "c");
    t.store(30, 40, "d");
    t.store(5, 35, "x");
    assertEquals(List.of("0-5:a", "5-35:x", "35-40:d"), dump(t));
  }

  @Test
  void store_emptyRange_throws() {
    VmaTree<String> t = new VmaTree<>();
    assertThrows(IllegalArgumentException.class, () -> t.store(5, 5, "x"));
  }

  @Test
  void erase_middle_leavesBothSides() {
    VmaTree<String> t = new VmaTree<>();
    t.store(0, 30, "a");
    t.erase(10, 20);
    assertEquals(List.of("0-10:a", "20-30:a"), dump(t));
    t.erase(0, 100);
    assertEquals(List.of(), dump(t));
  }

  @Test
  void walk_boundaries_halfOpen() {
    VmaTree<String> t = new VmaTree<>();
    t.store(10, 20, "a");
    t.store(30, 40, "b");
    assertNull(t.walk(9));
    assertEquals("a", t.walk(10));
    assertEquals("a", t.walk(19));
    assertNull(t.walk(20));
    assertNull(t.walk(29));
    assertEquals("b", t.walk(30));
    assertNull(t.walk(40));
  }

  @Test
  void findAbove_andFindBelow_likeFindVmaAndFindVmaPrev() {
    VmaTree<String> t = new VmaTree<>();
    t.store(10, 20, "a");
    t.store(30, 40, "b");
    assertEquals("a", t.findAbove(0).value());
    assertEquals("a", t.findAbove(15).value());
    assertEquals("b", t.findAbove(20).value(), "find_vma: the first ending above addr");
    assertNull(t.findAbove(40));
    assertNull(t.findBelow(10));
    assertEquals("a", t.findBelow(11).value(), "contains addr and starts below it");
    assertEquals("a", t.findBelow(30).value());
    assertEquals("b", t.findBelow(100).value());
  }

  @Test
  void clear_removesEverything() {
    VmaTree<String> t = new VmaTree<>();
    t.store(1, 2, "a");
    t.clear();
    assertEquals(0, t.size());
    assertNull(t.walk(1));
  }

  @Test
  void store_randomAgainstReferenceModel_sameMapping() {
    SplittableRandom r = new SplittableRandom(1234);
    VmaTree<String> t = new VmaTree<>();
    TreeMap<Long, String> ref = new TreeMap<>(); // one entry per unit address in [0, 200)
    for (int i = 0; i < 2000; i++) {
      long a = r.nextInt(200);
      long b = a + 1 + r.nextInt(20);
      String v = r.nextInt(4) == 0 ? null : "v" + (i % 7);
      t.store(a, b, v);
      for (long x = a; x < b; x++) {
        if (v == null) {
          ref.remove(x);
        } else {
          ref.put(x, v);
        }
      }
      for (long x = 0; x < 230; x++) {
        assertEquals(ref.get(x), t.walk(x), "addr " + x + " after op " + i);
      }
      long prevEnd = -1;
      for (VmaTree.Entry<String> e : t.entries()) {
        assertEquals(true, e.start() < e.end() && e.start() >= prevEnd, "ordered and disjoint");
        prevEnd = e.end();
      }
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void entries_concurrentWithWriter_readerSeesOnlyPublishedSnapshots() throws Exception {
    // The writer cycles [0, 100) through A -> (B over [0, 50)) -> (C over [50, 100)) -> A. Every
    // snapshot a lock-free reader takes must be one of the three published shapes, never torn.
    VmaTree<String> t = new VmaTree<>();
    t.store(0, 100, "A");
    java.util.Set<String> allowed = java.util.Set.of("0-100A", "0-50B50-100A", "0-50B50-100C");
    java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> bad = new AtomicReference<>();
    // The reader must really overlap the writes: the writer starts after the reader's first
    // snapshot and goes on until the reader took readsDuringWrites more (on a loaded machine
    // the reader thread may otherwise not be scheduled before the writer is done).
    final int readsDuringWrites = 1_000;
    java.util.concurrent.CountDownLatch readerRunning = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
    Thread reader =
        new Thread(
            () -> {
              while (!stop.get()) {
                StringBuilder shape = new StringBuilder();
                for (VmaTree.Entry<String> e : t.entries()) {
                  shape.append(e.start()).append('-').append(e.end()).append(e.value());
                }
                seen.add(shape.toString());
                if (!allowed.contains(shape.toString())) {
                  bad.compareAndSet(null, shape.toString());
                }
                String v = t.walk(75);
                if (!"A".equals(v) && !"C".equals(v)) {
                  bad.compareAndSet(null, "walk(75) = " + v);
                }
                reads.incrementAndGet();
                readerRunning.countDown();
              }
            });
    reader.setDaemon(true);
    reader.start();
    assertEquals(true, readerRunning.await(10, java.util.concurrent.TimeUnit.SECONDS));
    long readsBefore = reads.get();
    for (int i = 0; i < 30_000 || reads.get() - readsBefore < readsDuringWrites; i++) {
      t.store(0, 50, "B");
      t.store(50, 100, "C");
      t.store(0, 100, "A");
    }
    stop.set(true);
    reader.join(10_000);
    assertFalse(reader.isAlive(), () -> "reader still running (" + reader.getState() + ")");
    assertNull(bad.get(), "torn or unpublished shape seen");
    assertEquals(true, allowed.containsAll(seen) && !seen.isEmpty());
  }
}
