package dev.copyexcept.example.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.Interleave.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InterleaveTest {
  @AfterEach
  void tearDown() {
    Interleave.reset();
  }

  @Test
  void point_noHook_doesNothing() {
    assertFalse(Interleave.installed());
    Interleave.point(Point.VM_AREA_DUP_AFTER_COPY); // no exception, no effect
  }

  @Test
  void install_hook_calledWithEachPointOnTheReachingThread() {
    List<String> seen = new ArrayList<>();
    Interleave.Installation installation =
        Interleave.install(p -> seen.add(Thread.currentThread().getName() + ":" + p));
    try (installation) {
      Interleave.point(Point.VMA_START_READ_AFTER_INC);
      Interleave.point(Point.VM_AREA_DUP_AFTER_ALLOC);
    }
    String me = Thread.currentThread().getName();
    assertEquals(List.of(me + ":VMA_START_READ_AFTER_INC", me + ":VM_AREA_DUP_AFTER_ALLOC"), seen);
    assertFalse(Interleave.installed(), "closed");
  }

  @Test
  void install_secondHookWhileFirstInstalled_throws() {
    Interleave.Installation installation = Interleave.install(p -> {});
    try (installation) {
      assertThrows(IllegalStateException.class, () -> Interleave.install(p -> {}));
    }
  }

  @Test
  void reset_installedHook_removesIt() {
    Interleave.install(p -> {});
    Interleave.reset();
    assertFalse(Interleave.installed());
    Interleave.install(p -> {}).close();
  }

  @Test
  void schedule_heldThread_waitsUntilReleased() throws Exception {
    AtomicBoolean passed = new AtomicBoolean();
    try (Schedule s = Schedule.install()) {
      Thread t =
          new Thread(
              () -> {
                Interleave.point(Point.VMA_START_WRITE_BEFORE_WAIT);
                passed.set(true);
              },
              "held");
      s.hold(t, Point.VMA_START_WRITE_BEFORE_WAIT);
      t.start();
      assertTrue(s.awaitArrival(t, Point.VMA_START_WRITE_BEFORE_WAIT));
      Thread.sleep(20);
      assertFalse(passed.get(), "held at the point");
      s.release(t, Point.VMA_START_WRITE_BEFORE_WAIT);
      t.join(5000);
      assertFalse(t.isAlive(), "the released thread ended");
      assertTrue(passed.get());
      assertEquals(List.of("held@VMA_START_WRITE_BEFORE_WAIT"), s.trace());
    }
  }

  @Test
  void schedule_threadEndsWithoutReachingPoint_awaitArrivalReturnsFalse() throws Exception {
    try (Schedule s = Schedule.install()) {
      Thread t = new Thread(() -> Interleave.point(Point.VM_AREA_DUP_AFTER_ALLOC), "other-path");
      s.hold(t, Point.VMA_START_READ_AFTER_INC);
      t.start();
      assertFalse(s.awaitArrival(t, Point.VMA_START_READ_AFTER_INC));
    }
  }

  @Test
  void schedule_unarmedThreadOrPoint_passesThrough() throws Exception {
    try (Schedule s = Schedule.install()) {
      Thread armed = new Thread(() -> {}, "armed");
      s.hold(armed, Point.VMA_START_READ_AFTER_INC);
      Interleave.point(Point.VMA_START_READ_AFTER_INC); // this thread is not armed
      assertThrows(
          IllegalStateException.class,
          () ->
              s.awaitArrival(
                  Thread.currentThread(), Point.VMA_START_READ_AFTER_INC, Duration.ofMillis(10)));
    }
  }

  @Test
  void schedule_close_releasesHeldThreadsAndUninstalls() throws Exception {
    Thread t;
    try (Schedule s = Schedule.install()) {
      t = new Thread(() -> Interleave.point(Point.VMA_MARK_DETACHED_BEFORE_WAIT), "held-at-close");
      s.hold(t, Point.VMA_MARK_DETACHED_BEFORE_WAIT);
      t.start();
      assertTrue(s.awaitArrival(t, Point.VMA_MARK_DETACHED_BEFORE_WAIT));
    }
    t.join(5000);
    assertFalse(t.isAlive());
    assertFalse(Interleave.installed());
  }

  @Test
  void widenWindows_seeded_countsEveryPointAndSummarises() {
    WidenWindows w = new WidenWindows(42, 100, 10);
    Interleave.Installation installation = Interleave.install(w);
    try (installation) {
      for (int n = 0; n < 1000; n++) {
        Interleave.point(Point.VM_AREA_DUP_AFTER_COPY);
      }
    }
    assertEquals(1000, w.widened());
    assertTrue(w.summary().contains("1000 points"), w.summary());
    assertTrue(w.summary().contains("seed 42"), w.summary());
  }

  @Test
  void widenWindows_selectedPoints_widensOnlyThoseAndNamesThem() {
    WidenWindows w = new WidenWindows(7, 10, 0, java.util.EnumSet.of(Point.VM_AREA_DUP_AFTER_COPY));
    Interleave.Installation installation = Interleave.install(w);
    try (installation) {
      for (int n = 0; n < 10; n++) {
        Interleave.point(Point.VM_AREA_DUP_AFTER_COPY);
        Interleave.point(Point.LOCK_VMA_UNDER_RCU_AFTER_WALK);
      }
    }
    assertEquals(10, w.widened());
    assertTrue(w.summary().contains("VM_AREA_DUP_AFTER_COPY x10"), w.summary());
    assertFalse(w.summary().contains("LOCK_VMA_UNDER_RCU_AFTER_WALK"), w.summary());
  }

  @Test
  void widenWindows_badArguments_throw() {
    assertThrows(IllegalArgumentException.class, () -> new WidenWindows(1, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new WidenWindows(1, 10, 101));
  }
}
