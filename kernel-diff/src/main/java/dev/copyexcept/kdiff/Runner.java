package dev.copyexcept.kdiff;

import dev.copyexcept.example.debug.Warning;
import dev.copyexcept.example.mm.Kernel;
import dev.copyexcept.example.mm.Mman;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Runs call sequences on both sides and compares them after every call: the return value (or
 * errno), the window's maps lines, their VmFlags, and the residency (mincore) of every page touched
 * so far.
 */
final class Runner {
  /*
   * Implementation notes.
   *
   * Foreign mappings: another JVM thread may mmap into a hole of the window (Linux picks the
   * highest free gap that fits, and a hole we punched may be one). Such a VMA appears in Linux's
   * maps inside a range the model has no VMA in, and outside the range of the call just made; it
   * is not a divergence, and it is not ours to unmap. The sequence is then discarded (counted),
   * and the window abandoned around the foreign VMAs (Window.abandon) and replaced by a new one.
   * A Linux VMA in a model hole that does intersect the call's range is the call's doing: a
   * divergence.
   */

  /** Outcome of one sequence. */
  sealed interface Outcome {}

  record Agreed() implements Outcome {}

  record Diverged(Divergence divergence) implements Outcome {}

  /** A VMA neither side made appeared in the window: [start, end) pairs of the foreign VMAs. */
  record Foreign(long[] ranges) implements Outcome {}

  private final Kernel kernel;
  Window window;
  private final long windowSize;

  /** Calls made (both sides), over all sequences and replays. */
  long calls;

  /** A test hook: run before each call with its index (e.g. to map a "foreign" VMA). */
  interface BeforeCall {
    void run(Window w, int call);
  }

  BeforeCall beforeCall = (w, i) -> {};

  /** Print every call and both answers (--trace). */
  boolean trace;

  Runner(Kernel kernel, long windowSize) {
    this.kernel = kernel;
    this.windowSize = windowSize;
    this.window = Window.reserve(windowSize);
  }

  /** Generates and runs a sequence; {@code ops} receives the calls made (for shrinking). */
  Outcome generate(Generator gen, List<Op> ops) {
    try (Sides s = new Sides(window, kernel)) {
      int n = gen.length();
      for (int i = 0; i < n; i++) {
        Op op = gen.next(s);
        ops.add(op);
        Outcome o = step(s, op, i);
        if (o != null) {
          return o;
        }
      }
      return finish(s, n);
    }
  }

  /** Replays {@code ops} on a fresh window: the outcome, as for a generated sequence. */
  Outcome replay(List<Op> ops) {
    try (Sides s = new Sides(window, kernel)) {
      for (int i = 0; i < ops.size(); i++) {
        Outcome o = step(s, ops.get(i), i);
        if (o != null) {
          return o;
        }
      }
      return finish(s, ops.size());
    }
  }

  /** Replays {@code ops} and returns the Linux side's state after the last one (for printing). */
  Trace trace(List<Op> ops) {
    try (Sides s = new Sides(window, kernel)) {
      List<SysResult> answers = new ArrayList<>();
      for (Op op : ops) {
        SysResult m = op.onModel(s);
        answers.add(op.onLinux(s, m));
        calls++;
      }
      List<MapsLine> maps = LinuxMaps.read(window.lo, window.hi, true);
      List<long[]> residency = new ArrayList<>();
      for (long page : s.touched) {
        byte[] vec = new byte[1];
        SysResult r = Libc.mincore(page, Mman.PAGE_SIZE, vec);
        residency.add(new long[] {page, r.value(), vec[0]});
      }
      return new Trace(window.lo, answers, maps, residency);
    }
  }

  /** What Linux answered to each call of a sequence, and its state after the last one. */
  record Trace(long w, List<SysResult> answers, List<MapsLine> maps, List<long[]> residency) {}

  private Outcome finish(Sides s, int n) {
    List<String> bad = s.mm.checkInvariants();
    List<Warning> warnings = kernel.warnings();
    if (!bad.isEmpty() || !warnings.isEmpty()) {
      return new Diverged(
          new Divergence(
              Divergence.Kind.MODEL_INVARIANT,
              n - 1,
              "invariants " + bad + ", warnings " + warnings));
    }
    return new Agreed();
  }

  /** A replayed call could not run in the state its shrunk prefix left (see Op.applicable). */
  record Inapplicable() implements Outcome {}

  /** Runs one call on both sides and compares; null when they agree. */
  private Outcome step(Sides s, Op op, int i) {
    if (!op.applicable(s)) {
      return new Inapplicable();
    }
    if (op instanceof Op.Mmap m
        && (m.flags() & (Mman.MAP_FIXED | Mman.MAP_FIXED_NOREPLACE)) != 0
        && Mman.pageAligned(m.addr())
        && Mman.pageAlign(m.len()) != 0
        && Long.compareUnsigned(Mman.pageAlign(m.len()), Mman.TASK_SIZE) <= 0
        && Long.compareUnsigned(m.addr(), Mman.TASK_SIZE - Mman.pageAlign(m.len())) <= 0
        && !window.contains(m.addr(), Mman.pageAlign(m.len()))) {
      // could succeed outside the window (Linux rejects ends above TASK_SIZE): never made
      throw new IllegalStateException("harness bug: a fixed mmap outside the window: " + op);
    }
    beforeCall.run(window, i);
    SysResult model = op.onModel(s);
    SysResult linux = op.onLinux(s, model);
    calls++;
    if (trace) {
      System.out.println(
          "  "
              + i
              + ": "
              + op.java(s)
              + " -> "
              + (op.comparesReturn()
                  ? "Linux " + linux.show() + ", model " + model.show()
                  : model.value() == Op.Touch.HANDLED
                      ? "handled (made on Linux)"
                      : "not handled: not made"));
    }
    boolean flags = op.changesFlags();
    List<MapsLine> lines = LinuxMaps.read(window.lo, window.hi, flags);
    List<MapsLine> modelLines = modelMaps(s, flags);
    long[] foreign = foreign(lines, modelLines, op.range());
    if (foreign.length > 0) {
      return new Foreign(foreign);
    }
    if (op.comparesReturn() && linux.value() != model.value()) {
      return diverged(
          Divergence.Kind.RETURN, i, "Linux " + linux.show() + ", model " + model.show());
    }
    if (!sameHeaders(lines, modelLines)) {
      return diverged(
          Divergence.Kind.MAPS,
          i,
          "Linux:\n"
              + MapsLine.showAll(lines, window.lo)
              + "  model:\n"
              + MapsLine.showAll(modelLines, window.lo));
    }
    for (int k = 0; flags && k < lines.size(); k++) {
      if (!lines.get(k).flags().equals(modelLines.get(k).flags())) {
        return diverged(
            Divergence.Kind.VMFLAGS,
            i,
            "Linux "
                + lines.get(k).show(window.lo)
                + ", model "
                + modelLines.get(k).show(window.lo));
      }
    }
    for (long page : s.touched) {
      byte[] lv = new byte[1];
      byte[] mv = new byte[1];
      SysResult lr = Libc.mincore(page, Mman.PAGE_SIZE, lv);
      long mr = s.mm.mincore(page, Mman.PAGE_SIZE, mv);
      if (lr.value() != mr || lv[0] != mv[0]) {
        return diverged(
            Divergence.Kind.MINCORE,
            i,
            "page "
                + Op.at(s, page)
                + ": Linux "
                + lr.show()
                + " ["
                + lv[0]
                + "], model "
                + new SysResult(mr).show()
                + " ["
                + mv[0]
                + "]");
      }
    }
    return null;
  }

  private static Outcome diverged(Divergence.Kind kind, int i, String detail) {
    return new Diverged(new Divergence(kind, i, detail));
  }

  /** The model's maps() lines, with the VmFlags mnemonics of its vmas() if {@code flags}. */
  static List<MapsLine> modelMaps(Sides s, boolean flags) {
    var vmas = s.mm.vmas();
    String[] text = s.mm.maps().split("\n");
    List<MapsLine> out = new ArrayList<>();
    for (int k = 0; k < vmas.size(); k++) {
      out.add(
          MapsLine.parse(text[k], flags ? VmFlagNames.fromModel(vmas.get(k).flags()) : Set.of()));
    }
    return out;
  }

  static boolean sameHeaders(List<MapsLine> a, List<MapsLine> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int k = 0; k < a.size(); k++) {
      if (!a.get(k).sameHeader(b.get(k))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Linux VMAs with a part where the model has no VMA that the call could not have made (a foreign
   * mapping, or one that merged with a foreign mapping): pairs of start and end of those whole
   * VMAs, in address order; empty when there are none.
   */
  static long[] foreign(List<MapsLine> linux, List<MapsLine> model, long[] callRange) {
    List<Long> out = new ArrayList<>();
    for (MapsLine l : linux) {
      boolean foreign = false;
      long at = l.start();
      for (MapsLine m : model) {
        if (m.end() <= at || m.start() >= l.end()) {
          continue;
        }
        if (m.start() > at) {
          foreign |= !intersects(callRange, at, m.start());
        }
        at = Math.max(at, m.end());
      }
      if (at < l.end()) {
        foreign |= !intersects(callRange, at, l.end());
      }
      if (foreign) {
        out.add(l.start());
        out.add(l.end());
      }
    }
    long[] r = new long[out.size()];
    for (int k = 0; k < r.length; k++) {
      r[k] = out.get(k);
    }
    return r;
  }

  private static boolean intersects(long[] ranges, long start, long end) {
    for (int k = 0; k + 1 < ranges.length; k += 2) {
      if (ranges[k] < end && ranges[k + 1] > start) {
        return true;
      }
    }
    return false;
  }

  /** Gives up the current window around foreign VMAs and reserves a new one. */
  void replaceWindow(long[] foreign) {
    window.abandon(Arrays.copyOf(foreign, foreign.length));
    window = Window.reserve(windowSize);
  }

  Kernel kernel() {
    return kernel;
  }

  void close() {
    window.close();
  }
}
