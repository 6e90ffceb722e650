package dev.copyexcept.example.tree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The RCU-safe range index of an address space ({@code mm->mm_mt}, a maple tree in Linux): maps
 * disjoint half-open ranges {@code [start, end)} to values. Readers look up without any lock; one
 * writer at a time (the holder of {@code mmap_lock} for write) stores ranges.
 *
 * @param <V> the value type ({@code mm.VmAreaStruct} in the model)
 */
public final class VmaTree<V> {
  /*
   * Implementation notes.
   *
   * Design. The whole index is one immutable Snapshot: three parallel arrays (starts, ends,
   * values) sorted by start, ranges disjoint. A writer never changes a published snapshot: it
   * builds a new one (copy-on-write) and publishes it with a release store. A reader loads the
   * current snapshot once with an acquire load and binary-searches it, so it sees either the old
   * or the new index, never a torn one. Lookup is O(log n); a store is O(n) in the number of
   * ranges, which for an address space of a few hundred VMAs costs less than the maple tree's
   * node allocation would in Java. (The maple tree publishes node by node; the model publishes
   * one whole snapshot per store, which readers cannot tell apart from a store of the same range
   * done all at once.)
   *
   * Ranges live in the tree, not in the values. As in the kernel, the tree's range for a VMA and
   * the VMA's own vm_start/vm_end can disagree for a moment while a writer changes both, which is
   * why lockVmaUnderRcu re-checks the address against the VMA after locking it.
   *
   * Memory ordering. ROOT is written only with setRelease (in publish) and read only with
   * getAcquire (in snapshot); the release pairs with the acquire, so a reader that sees a new
   * snapshot also sees its array contents, and every store made to a value before it was
   * published (vma_mark_attached's release store of vm_refcnt is separate and has its own pair).
   *
   * Reclamation. Old snapshots are garbage once no reader holds them; the Java GC reclaims them,
   * which is safe because snapshots are immutable. The values themselves are not reclaimed by the
   * GC in the model: VMAs go back to their slab cache, under the RCU rules of that cache.
   *
   * Writers. Serialized by the caller (mmap_lock held for write); the tree does not check it,
   * MmStruct does (mmap_assert_write_locked).
   */

  private record Snapshot(long[] starts, long[] ends, Object[] values) {
    static final Snapshot EMPTY = new Snapshot(new long[0], new long[0], new Object[0]);

    int size() {
      return starts.length;
    }

    /** Index of the first range whose end is above addr, or size() if none. */
    int firstEndingAbove(long addr) {
      int lo = 0;
      int hi = starts.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (ends[mid] > addr) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }
  }

  /** One entry of the index: a range and its value. */
  public record Entry<V>(long start, long end, V value) {}

  @SuppressWarnings("unused") // accessed through ROOT
  private Snapshot root = Snapshot.EMPTY;

  private static final VarHandle ROOT;

  static {
    try {
      ROOT = MethodHandles.lookup().findVarHandle(VmaTree.class, "root", Snapshot.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Snapshot snapshot() {
    return (Snapshot) ROOT.getAcquire(this); // pairs with the release in publish()
  }

  private void publish(Snapshot s) {
    ROOT.setRelease(this, s); // pairs with the acquire in snapshot()
  }

  /**
   * {@code mas_walk}/{@code vma_lookup}: the value whose range contains {@code addr}, or null.
   * Lock-free.
   */
  @SuppressWarnings("unchecked")
  public V walk(long addr) {
    Snapshot s = snapshot();
    int i = s.firstEndingAbove(addr);
    return i < s.size() && s.starts[i] <= addr ? (V) s.values[i] : null;
  }

  /** {@code find_vma}: the first entry whose range ends above {@code addr}, or null. Lock-free. */
  @SuppressWarnings("unchecked")
  public Entry<V> findAbove(long addr) {
    Snapshot s = snapshot();
    int i = s.firstEndingAbove(addr);
    return i < s.size() ? new Entry<>(s.starts[i], s.ends[i], (V) s.values[i]) : null;
  }

  /**
   * The last entry whose range starts below {@code addr}, or null ({@code find_vma_prev}'s prev).
   * Lock-free.
   */
  @SuppressWarnings("unchecked")
  public Entry<V> findBelow(long addr) {
    Snapshot s = snapshot();
    int i = s.firstEndingAbove(addr);
    if (i < s.size() && s.starts[i] < addr) {
      return new Entry<>(s.starts[i], s.ends[i], (V) s.values[i]);
    }
    return i == 0 ? null : new Entry<>(s.starts[i - 1], s.ends[i - 1], (V) s.values[i - 1]);
  }

  /** Every entry in address order, from one consistent snapshot. Lock-free. */
  @SuppressWarnings("unchecked")
  public List<Entry<V>> entries() {
    Snapshot s = snapshot();
    List<Entry<V>> out = new ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) {
      out.add(new Entry<>(s.starts[i], s.ends[i], (V) s.values[i]));
    }
    return out;
  }

  /** The number of ranges. Lock-free. */
  public int size() {
    return snapshot().size();
  }

  /**
   * {@code mas_store}: makes {@code [start, end)} map to {@code value}, overwriting whatever part
   * of other ranges lay inside it (those are truncated or split); a null value erases the range.
   * Writer only (serialized by the caller).
   *
   * @throws IllegalArgumentException if {@code start >= end}
   */
  public void store(long start, long end, V value) {
    if (start >= end) {
      throw new IllegalArgumentException(
          "empty range [" + Long.toHexString(start) + ", " + Long.toHexString(end) + ")");
    }
    Snapshot s = snapshot();
    int n = s.size();
    long[] starts = new long[n + 2];
    long[] ends = new long[n + 2];
    Object[] values = new Object[n + 2];
    int k = 0;
    boolean placed = false;
    for (int i = 0; i < n; i++) {
      long a = s.starts[i];
      long b = s.ends[i];
      if (!placed && a >= start) {
        k = put(starts, ends, values, k, start, end, value);
        placed = true;
      }
      if (b <= start || a >= end) { // disjoint: keep whole
        k = put(starts, ends, values, k, a, b, s.values[i]);
        continue;
      }
      if (a < start) { // keep the part below the new range
        k = put(starts, ends, values, k, a, start, s.values[i]);
        if (!placed) {
          k = put(starts, ends, values, k, start, end, value);
          placed = true;
        }
      }
      if (b > end) { // keep the part above the new range
        k = put(starts, ends, values, k, end, b, s.values[i]);
      }
    }
    if (!placed) {
      k = put(starts, ends, values, k, start, end, value);
    }
    publish(
        new Snapshot(Arrays.copyOf(starts, k), Arrays.copyOf(ends, k), Arrays.copyOf(values, k)));
  }

  /** {@code mas_erase}-style: removes whatever lies in {@code [start, end)}. Writer only. */
  public void erase(long start, long end) {
    store(start, end, null);
  }

  /** Removes every range ({@code __mt_destroy}). Writer only. */
  public void clear() {
    publish(Snapshot.EMPTY);
  }

  private static int put(
      long[] starts, long[] ends, Object[] values, int k, long a, long b, Object v) {
    if (v == null) {
      return k;
    }
    Objects.checkIndex(k, starts.length);
    starts[k] = a;
    ends[k] = b;
    values[k] = v;
    return k + 1;
  }
}
