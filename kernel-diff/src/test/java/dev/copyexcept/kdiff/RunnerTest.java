package dev.copyexcept.kdiff;

import static dev.copyexcept.example.mm.Mman.MADV_DONTFORK;
import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED;
import static dev.copyexcept.example.mm.Mman.PROT_NONE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.mm.Kernel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The comparison catches what it claims to: each test makes Linux and the model differ on purpose
 * (a call made on Linux only, through the before-call hook) and checks the kind reported; the
 * foreign-mapping rule discards instead, and leaves the foreign mapping alone.
 */
class RunnerTest {
  static final long P = Window.P;
  static final int RW = PROT_READ | PROT_WRITE;
  static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
  static final long MADV_DONTNEED = 4;

  Kernel kernel;
  Runner runner;
  long w;

  @BeforeEach
  void setUp() {
    kernel = Kernel.builder().build();
    runner = new Runner(kernel, 64 * P);
    w = runner.window.lo;
  }

  @AfterEach
  void tearDown() {
    runner.close();
    kernel.close();
  }

  /** Hook: before call {@code at}, run {@code linuxOnly} on Linux only. */
  void before(int at, Runnable linuxOnly) {
    runner.beforeCall =
        (win, i) -> {
          if (i == at) {
            linuxOnly.run();
          }
        };
  }

  List<Op> mapTouchProtect() {
    return List.of(
        new Op.Mmap(w + 4 * P, 4 * P, RW, ANON, -1, 0),
        new Op.Touch(w + 5 * P + 7, true),
        new Op.Mprotect(w + 4 * P, 2 * P, PROT_READ),
        new Op.Mmap(w + 10 * P, 2 * P, PROT_READ, MAP_SHARED | MAP_FIXED, 0, 3),
        new Op.Touch(w + 11 * P, false),
        new Op.Munmap(w + 7 * P, P));
  }

  @Test
  void agreeingSequence_agrees() {
    assertInstanceOf(Runner.Agreed.class, runner.replay(mapTouchProtect()));
  }

  Divergence diverged(Runner.Outcome o) {
    return assertInstanceOf(Runner.Diverged.class, o).divergence();
  }

  @Test
  void linuxOnlyMprotect_mapsDivergence() {
    before(3, () -> Libc.mprotect(w + 6 * P, P, PROT_NONE));
    Divergence d = diverged(runner.replay(mapTouchProtect()));
    assertEquals(Divergence.Kind.MAPS, d.kind());
    assertEquals(3, d.call());
  }

  @Test
  void linuxOnlyDontforkOverAWholeVma_vmflagsDivergence() {
    before(3, () -> Libc.madvise(w + 4 * P, 2 * P, MADV_DONTFORK));
    Divergence d = diverged(runner.replay(mapTouchProtect()));
    assertEquals(Divergence.Kind.VMFLAGS, d.kind(), d.detail());
    assertTrue(d.detail().contains("dc"), d.detail());
  }

  @Test
  void linuxOnlyDontneedOfATouchedPage_mincoreDivergence() {
    before(2, () -> Libc.madvise(w + 5 * P, P, (int) MADV_DONTNEED));
    Divergence d = diverged(runner.replay(mapTouchProtect()));
    assertEquals(Divergence.Kind.MINCORE, d.kind(), d.detail());
    assertEquals(2, d.call());
  }

  @Test
  void linuxOnlyMunmap_returnDivergenceOfTheNextCall() {
    before(2, () -> Libc.munmap(w + 4 * P, P));
    Divergence d = diverged(runner.replay(mapTouchProtect()));
    assertEquals(Divergence.Kind.RETURN, d.kind());
    assertEquals("Linux -ENOMEM, model 0x0", d.detail());
  }

  @Test
  void foreignMappingInAHole_discarded_andLeftAlone() {
    long hole = w + 40 * P;
    before(
        1,
        () -> assertEquals(hole, Libc.mmap(hole, P, RW, ANON, -1, 0).value())); // "another thread"
    List<Op> ops =
        List.of(new Op.Munmap(w + 32 * P, 16 * P), new Op.Mmap(w + 4 * P, P, RW, ANON, -1, 0));
    Runner.Outcome o = runner.replay(ops);
    Runner.Foreign f = assertInstanceOf(Runner.Foreign.class, o);
    assertEquals(List.of(hole, hole + P), List.of(f.ranges()[0], f.ranges()[1]));
    long oldLo = w;
    runner.replaceWindow(f.ranges());
    assertNotEquals(oldLo, runner.window.lo);
    List<MapsLine> left = new java.util.ArrayList<>();
    for (MapsLine l : LinuxMaps.read(oldLo - P, oldLo + 65 * P, false)) {
      boolean inOld = l.start() >= oldLo - P && l.end() <= oldLo + 65 * P;
      boolean inNew = l.start() >= runner.window.base && l.end() <= runner.window.hi + P;
      if (inOld && !inNew) {
        left.add(l); // the new window may be adjacent to, or inside, the old one's free space
      }
    }
    assertEquals(1, left.size(), () -> MapsLine.showAll(left, oldLo));
    assertEquals(hole, left.get(0).start()); // the foreign mapping survived, nothing else is left
    assertEquals(0, Libc.munmap(hole, P).value());
  }

  @Test
  void aLinuxMappingMadeByTheCall_isNotForeign() {
    List<MapsLine> linux = List.of(new MapsLine(w, w + 2 * P, "rw-p", 0, "", java.util.Set.of()));
    assertEquals(0, Runner.foreign(linux, List.of(), new long[] {w, w + P}).length);
    assertEquals(2, Runner.foreign(linux, List.of(), new long[] {w + 4 * P, w + 5 * P}).length);
  }

  @Test
  void windowHasGuardsAndIsUnmappedAtClose() {
    Window win = Window.reserve(16 * P);
    List<MapsLine> lines = LinuxMaps.read(win.base, win.hi + P, true);
    assertEquals(3, lines.size(), () -> MapsLine.showAll(lines, win.base));
    assertEquals("/dev/zero (deleted)", lines.get(0).name());
    assertEquals(java.util.Set.of("mr", "mw", "me", "nr"), lines.get(1).flags());
    assertEquals(win.lo, lines.get(1).start());
    win.close();
    assertEquals(List.of(), LinuxMaps.read(win.base, win.hi + P, false));
  }
}
