package dev.copyexcept.example.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.StressRun;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Readers against synchronizeRcu: a writer replaces a published node, waits for a grace period,
 * then marks the old node dead. A reader must never see, inside one read section, a node it loaded
 * in that section turn dead. Bounded in time, seeded.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RcuStressTest {
  private static final Duration RUN = Duration.ofMillis(1_000);
  private static final Duration CAP = Duration.ofSeconds(10);
  private static final int READERS = 2;
  private static final long SEED = 0x5eed_2026L;

  static final class Node {
    final long id;
    volatile boolean dead;

    Node(long id) {
      this.id = id;
    }
  }

  @Test
  void synchronizeRcu_readersVsWriter_noReaderSeesItsNodeDie() throws InterruptedException {
    AtomicReference<Node> published = new AtomicReference<>(new Node(0));
    AtomicLong violations = new AtomicLong();
    LongAdder sections = new LongAdder(); // per-thread cells: readers share no written line
    AtomicLong gps = new AtomicLong();
    StressRun run = StressRun.of(RUN, CAP).until(gps::get, 11).until(sections::sum, 101);
    Thread[] readers = new Thread[READERS];
    RcuDomain rcu = new RcuDomain("stress");
    try {
      for (int i = 0; i < READERS; i++) {
        SplittableRandom rnd = new SplittableRandom(SEED + i);
        readers[i] =
            new Thread(
                () -> {
                  while (run.running()) {
                    rcu.rcuReadLock();
                    try {
                      Node node = published.get(); // rcu_dereference: a volatile load
                      if (node.dead) {
                        violations.incrementAndGet(); // dead before we even looked: freed under us
                      }
                      int dwell = rnd.nextInt(64);
                      for (int k = 0; k < dwell; k++) {
                        Thread.onSpinWait();
                      }
                      if (rnd.nextInt(16) == 0) {
                        Thread.yield(); // get preempted inside the section now and then
                      }
                      if (node.dead) {
                        violations.incrementAndGet();
                      }
                    } finally {
                      rcu.rcuReadUnlock();
                    }
                    sections.increment();
                  }
                },
                "stress-reader-" + i);
        readers[i].start();
      }
      long id = 1;
      while (run.running()) {
        Node old = published.getAndSet(new Node(id++)); // rcu_assign_pointer
        rcu.synchronizeRcu();
        old.dead = true; // "free" it
        gps.incrementAndGet();
      }
      for (Thread r : readers) {
        r.join();
      }
      assertEquals(0, violations.get(), "a reader saw a node die inside its read section");
      assertTrue(gps.get() > 10, "the writer made progress: " + gps + " grace periods");
      assertTrue(sections.sum() > 100, "the readers made progress: " + sections.sum());
    } finally {
      rcu.close();
    }
    assertFalse(rcu.gpThread().isAlive(), "gp thread leaked");
  }
}
