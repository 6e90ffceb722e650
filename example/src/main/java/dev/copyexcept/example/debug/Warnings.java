package dev.copyexcept.example.debug;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Kernel-style {@code WARN_ONCE}: counts every warning per (kind, site), prints the first one of
 * each site with a stack trace, and lets tests and the demo read the counts.
 *
 * <p>One instance belongs to one {@code Kernel}; it is thread-safe. Raising a warning is the slow
 * path of a failed check and may allocate; correct code never gets here.
 */
public final class Warnings {
  private record Key(WarnKind kind, String site) {}

  private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();
  private final PrintStream log;

  /**
   * Warnings logged to {@code log}, or not logged at all when {@code log} is null (counted only).
   */
  public Warnings(PrintStream log) {
    this.log = log;
  }

  /** Warnings printed to standard error. */
  public Warnings() {
    this(System.err);
  }

  /**
   * Records one warning of {@code kind} at the caller's site; the first at a site is printed with
   * {@code detail} and a stack trace.
   */
  public void warn(WarnKind kind, String detail) {
    warn(kind, detail, null);
  }

  /**
   * Records one warning of {@code kind} at the caller's site, as {@link #warn(WarnKind, String)}
   * does; the first at a site is printed with {@code cause} (which may be null) as the cause of its
   * stack trace.
   */
  public void warn(WarnKind kind, String detail, Throwable cause) {
    Objects.requireNonNull(kind, "kind");
    StackWalker.StackFrame frame =
        StackWalker.getInstance()
            .walk(
                s ->
                    s.filter(f -> !f.getClassName().startsWith(Warnings.class.getPackageName()))
                        .findFirst()
                        .orElse(null));
    String site =
        frame == null
            ? "?"
            : frame.getClassName()
                + "."
                + frame.getMethodName()
                + "("
                + frame.getFileName()
                + ":"
                + frame.getLineNumber()
                + ")";
    Key key = new Key(kind, site);
    LongAdder[] created = new LongAdder[1];
    LongAdder counter = counts.computeIfAbsent(key, k -> created[0] = new LongAdder());
    counter.increment();
    if (created[0] != null && log != null) {
      Throwable trace = new Throwable("WARNING: " + kind + " at " + site + ": " + detail, cause);
      synchronized (log) {
        trace.printStackTrace(log);
      }
    }
  }

  /** Total count of {@code kind} over all sites. */
  public long count(WarnKind kind) {
    long n = 0;
    for (var e : counts.entrySet()) {
      if (e.getKey().kind() == kind) {
        n += e.getValue().sum();
      }
    }
    return n;
  }

  /** Total count of every kind. */
  public long total() {
    long n = 0;
    for (LongAdder a : counts.values()) {
      n += a.sum();
    }
    return n;
  }

  /** A snapshot, sorted by kind then site; empty when correct code ran. */
  public List<Warning> snapshot() {
    List<Warning> out = new ArrayList<>();
    counts.forEach((k, v) -> out.add(new Warning(k.kind(), k.site(), v.sum())));
    out.sort(Comparator.comparing(Warning::kind).thenComparing(Warning::site));
    return List.copyOf(out);
  }

  /** Forgets every count (between demo phases). */
  public void clear() {
    counts.clear();
  }
}
