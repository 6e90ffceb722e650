package dev.copyexcept.example.mm;

import dev.copyexcept.example.debug.Interleave;
import dev.copyexcept.example.debug.Interleave.Point;
import dev.copyexcept.example.tree.VmaTree;
import java.util.ArrayList;
import java.util.List;

/**
 * The static functions of {@code mm/vma.c} (a holder of functions, not a type of object: the VMA
 * itself is {@link VmAreaStruct}): split, the two merges (a new range into its neighbours, {@code
 * vma_merge_new_range}; a changed range of an existing VMA, {@code vma_merge_existing_range}),
 * {@code vma_modify}, the two halves of munmap ({@code vms_gather_munmap_vmas} / {@code
 * vms_complete_munmap_vmas}), mremap's {@code copy_vma} and {@code vma_merge_extend}, and stack
 * growth ({@code expand_downwards}).
 */
final class VmaFunctions {
  /*
   * Implementation notes.
   *
   * Every function here runs with mmap_lock held for write (asserted at the door) and follows the
   * kernel's per-VMA lock discipline, which is what keeps the lock-free fault path safe:
   *
   *  - vmaStartWrite(vma) before changing any field of a VMA that is or was in the tree
   *    (it waits for that VMA's readers to drain, then keeps new ones out until mmap_write_unlock);
   *  - a new VMA (vmAreaAlloc, or vmAreaDup for a split piece) is written while still detached,
   *    write-locked, stored in the tree, and only then vmaMarkAttached (the release store that a
   *    reader's acquire increment pairs with, so a reader that locks it sees its fields);
   *  - a VMA leaving the tree is vmaMarkDetached: munmap detaches while the VMA is still in the
   *    tree (readers that find it there see refcnt 0 and retry the walk: VMA_LOCK_MISS), erases its
   *    range, and frees it (vmAreaFree) only after that; a merge overwrites the victim's range in
   *    the tree first, then detaches and frees it (vma_complete's order);
   *  - page-table ranges are cleared only while every VMA over them is write-locked and detached
   *    (PageTable's rule), so no fault can re-install a page behind munmap's back.
   *
   * Merge rules (is_mergeable_vma, can_vma_merge_before/after, can_merge_remove_vma): equal
   * vm_flags, same vm_file object, same vm_ops, compatible anon_vma (Rmap.isMergeableAnonVma),
   * file-offset contiguity (vm_pgoff; an anonymous private VMA's vm_pgoff is vm_start >> PAGE_SHIFT,
   * so adjacent ones are contiguous), no VM_SPECIAL, and a VMA with a close hook is never the one
   * deleted. The lowest surviving object absorbs: prev when merging left, else next.
   */

  private VmaFunctions() {}

  /** The largest number of VMAs an mm may have ({@code sysctl_max_map_count}'s default). */
  static final int MAX_MAP_COUNT = 65530;

  // ---------------------------------------------------------------------------------------------
  // Tree helpers (the vma iterator)

  /** {@code find_vma}: the first VMA ending above {@code addr}, or null. */
  static VmAreaStruct findVma(MmStruct mm, long addr) {
    VmaTree.Entry<VmAreaStruct> e = mm.mm_mt.findAbove(addr);
    return e == null ? null : e.value();
  }

  /**
   * {@code vma_find(vmi, end)} from {@code start}: the first VMA intersecting [start, end), or
   * null.
   */
  static VmAreaStruct findIntersection(MmStruct mm, long start, long end) {
    VmaTree.Entry<VmAreaStruct> e = mm.mm_mt.findAbove(start);
    return e != null && Long.compareUnsigned(e.start(), end) < 0 ? e.value() : null;
  }

  /**
   * The VMA ending at or below {@code addr} that is closest to it ({@code vma_prev} of a gap at
   * addr), or null.
   */
  static VmAreaStruct prevOf(MmStruct mm, long addr) {
    VmaTree.Entry<VmAreaStruct> e = mm.mm_mt.findBelow(addr);
    return e == null ? null : e.value();
  }

  /**
   * The first VMA starting at or above {@code addr} ({@code vma_next} of a gap ending at addr), or
   * null.
   */
  static VmAreaStruct nextFrom(MmStruct mm, long addr) {
    VmaTree.Entry<VmAreaStruct> e = mm.mm_mt.findAbove(addr);
    while (e != null && e.start() < addr) {
      e = mm.mm_mt.findAbove(e.end());
    }
    return e == null ? null : e.value();
  }

  static long pages(long len) {
    return len >>> Mman.PAGE_SHIFT;
  }

  static long vmaPages(VmAreaStruct vma) {
    return pages(vma.vm_end - vma.vm_start);
  }

  /**
   * {@code vma_iter_store_new}: attaches the write-locked {@code vma} ({@code vma_mark_attached}),
   * then stores it over its own range, in that order, as Linux 6.15+ does: a reader that finds it
   * in the tree finds it attached (its increment succeeds and its {@code vm_lock_seq} check sends
   * it to the fallback while the write session lasts), never detached (which would send it round
   * the walk again). Only {@code dup_mmap}'s bulk store ({@link Mmap#dupMmap}) stores first: the
   * child's tree is not visible to readers yet.
   */
  static void link(MmStruct mm, VmAreaStruct vma) {
    MmapLock.vmaAssertWriteLocked(vma);
    MmapLock.vmaMarkAttached(vma);
    mm.mm_mt.store(vma.vm_start, vma.vm_end, vma);
    mm.map_count++;
  }

  /**
   * The proposed attributes of a range that may merge with its neighbours ({@code struct
   * vma_merge_struct}).
   */
  static final class MergeState {
    VmAreaStruct prev;
    VmAreaStruct next;

    /** The existing VMA whose range [start, end) is being changed, or null for a new range. */
    VmAreaStruct middle;

    long start;
    long end;
    long pgoff;
    long flags;
    VmFile file;
    AnonVma anonVma;
    VmOperationsStruct vmOps;

    long pglen() {
      return pages(end - start);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Merge rules

  /** {@code is_mergeable_vma}: the same flags, file and operations as {@code vma}. */
  private static boolean isMergeableVma(MergeState m, VmAreaStruct vma) {
    return vma.vm_flags == m.flags && vma.vm_file == m.file && vma.vm_ops == m.vmOps;
  }

  /** {@code can_vma_merge_before}: the range can go in front of next (next may be deleted). */
  private static boolean canVmaMergeBefore(MergeState m) {
    return isMergeableVma(m, m.next)
        && Rmap.isMergeableAnonVma(m.anonVma, m.middle, m.next)
        && m.next.vm_pgoff == m.pgoff + m.pglen();
  }

  /** {@code can_vma_merge_after}: the range can go after prev (prev is never deleted). */
  private static boolean canVmaMergeAfter(MergeState m) {
    return isMergeableVma(m, m.prev)
        && Rmap.isMergeableAnonVma(m.anonVma, m.middle, m.prev)
        && m.prev.vm_pgoff + vmaPages(m.prev) == m.pgoff;
  }

  private static boolean canVmaMergeLeft(MergeState m) {
    return m.prev != null && m.prev.vm_end == m.start && canVmaMergeAfter(m);
  }

  private static boolean canVmaMergeRight(MergeState m, boolean canMergeLeft) {
    if (m.next == null || m.end != m.next.vm_start || !canVmaMergeBefore(m)) {
      return false;
    }
    return !canMergeLeft || Rmap.areAnonVmasCompatible(m.prev, m.next);
  }

  /** {@code can_merge_remove_vma}: only a VMA without a close hook may be deleted by a merge. */
  static boolean canMergeRemoveVma(VmAreaStruct vma) {
    return vma.vm_ops == null || vma.vm_ops.close() == null;
  }

  // ---------------------------------------------------------------------------------------------
  // Merging a new range

  /**
   * {@code vma_merge_new_range}: tries to cover the free range [m.start, m.end) by expanding prev
   * and/or next. Returns the expanded VMA, or null when no merge is possible.
   */
  static VmAreaStruct mergeNewRange(MmStruct mm, MergeState m) {
    MmapLock.mmapAssertWriteLocked(mm);
    if ((m.flags & VmFlags.VM_SPECIAL) != 0 || (m.prev == null && m.next == null)) {
      return null;
    }
    boolean left = canVmaMergeLeft(m);
    boolean right = canVmaMergeRight(m, left);
    VmAreaStruct target = null;
    long start = m.start;
    long end = m.end;
    long pgoff = m.pgoff;
    if (right) {
      end = m.next.vm_end;
      target = m.next;
      pgoff = m.next.vm_pgoff - m.pglen();
    }
    if (left) {
      start = m.prev.vm_start;
      target = m.prev;
      pgoff = m.prev.vm_pgoff;
      if (right && !canMergeRemoveVma(m.next)) {
        end = m.end; // reduce to merging with prev only
      }
    }
    if (target == null) {
      return null;
    }
    vmaExpand(mm, target, start, end, pgoff, m.next);
    return target;
  }

  /**
   * {@code vma_expand}: grows {@code vma} to [start, end); if that swallows {@code next} entirely,
   * next is removed (its anon_vma, if vma had none, is taken over first).
   */
  private static void vmaExpand(
      MmStruct mm, VmAreaStruct vma, long start, long end, long pgoff, VmAreaStruct next) {
    MmapLock.vmaStartWrite(vma);
    boolean removeNext = next != null && vma != next && end == next.vm_end;
    if (removeNext) {
      MmapLock.vmaStartWrite(next);
      Rmap.dupAnonVma(vma, next);
    }
    vma.vm_start = start;
    vma.vm_end = end;
    vma.vm_pgoff = pgoff;
    mm.mm_mt.store(start, end, vma); // overwrites next's range too
    if (removeNext) {
      removeMerged(mm, next);
    }
  }

  /**
   * {@code vma_complete}'s removal: the victim is already gone from the tree; detach and free it.
   */
  private static void removeMerged(MmStruct mm, VmAreaStruct victim) {
    MmapLock.vmaMarkDetached(victim);
    mm.map_count--;
    VmaInit.vmAreaFree(victim);
  }

  // ---------------------------------------------------------------------------------------------
  // Changing part of an existing VMA

  /**
   * {@code vma_merge_existing_range}: the attributes of [m.start, m.end) inside m.middle are
   * changing to m.flags; merge that range into prev and/or next if they match. Returns the VMA now
   * covering [m.start, m.end) (prev or next), or null when no merge was done.
   */
  static VmAreaStruct mergeExistingRange(MmStruct mm, MergeState m) {
    MmapLock.mmapAssertWriteLocked(mm);
    VmAreaStruct vma = m.middle;
    long start = m.start;
    long end = m.end;
    boolean leftSide = start == vma.vm_start;
    boolean rightSide = end == vma.vm_end;
    if ((m.flags & VmFlags.VM_SPECIAL) != 0 || (!leftSide && !rightSide)) {
      return null;
    }
    boolean mergeLeft = leftSide && canVmaMergeLeft(m);
    VmAreaStruct next = null;
    boolean mergeRight = false;
    if (rightSide) {
      next = nextFrom(mm, vma.vm_end);
      m.next = next;
      mergeRight = canVmaMergeRight(m, mergeLeft);
    }
    if (!mergeLeft && !mergeRight) {
      return null;
    }
    boolean mergeBoth = mergeLeft && mergeRight;
    boolean willDeleteVma = leftSide && rightSide;
    if (willDeleteVma && !canMergeRemoveVma(vma)) {
      return null;
    }
    boolean willDeleteNext = mergeBoth;
    if (willDeleteNext && !canMergeRemoveVma(next)) {
      willDeleteNext = false;
      mergeRight = false;
      mergeBoth = false;
    }

    MmapLock.vmaStartWrite(vma);
    if (mergeLeft) {
      MmapLock.vmaStartWrite(m.prev);
    }
    if (mergeRight) {
      MmapLock.vmaStartWrite(next);
    }

    VmAreaStruct target;
    long tStart;
    long tEnd;
    long tPgoff;
    VmAreaStruct adjust = null;
    long adjStart = 0;
    if (mergeBoth) {
      //         |<----->|
      // |-------*********-------|
      //   prev     vma     next
      //  extend   delete  delete
      target = m.prev;
      tStart = m.prev.vm_start;
      tEnd = next.vm_end;
      tPgoff = m.prev.vm_pgoff;
      Rmap.dupAnonVma(m.prev, next.anon_vma != null ? next : vma);
    } else if (mergeLeft) {
      //         |<----->| OR |<--------->|
      // |-------*************
      //   prev       vma
      //  extend shrink/delete
      target = m.prev;
      tStart = m.prev.vm_start;
      tEnd = end;
      tPgoff = m.prev.vm_pgoff;
      if (!willDeleteVma) {
        adjust = vma;
        adjStart = end - vma.vm_start;
      }
      Rmap.dupAnonVma(m.prev, vma);
    } else {
      //     |<----->| OR |<--------->|
      // *************-------|
      //      vma       next
      // shrink/delete extend
      if (willDeleteVma) {
        target = next;
        tStart = start;
        tEnd = next.vm_end;
        tPgoff = next.vm_pgoff - m.pglen();
      } else {
        // vma shrinks and next grows down: the one case where the merged VMA is next but the
        // VMA whose range is set here is vma
        target = vma;
        tStart = vma.vm_start;
        tEnd = start;
        tPgoff = vma.vm_pgoff;
        adjust = next;
        adjStart = -(vma.vm_end - start);
      }
      Rmap.dupAnonVma(next, vma);
    }
    boolean expanded = !mergeRight || willDeleteVma;

    // commit_merge
    target.vm_start = tStart;
    target.vm_end = tEnd;
    target.vm_pgoff = tPgoff;
    if (expanded) {
      mm.mm_mt.store(tStart, tEnd, target);
    }
    if (adjust != null) {
      adjust.vm_start += adjStart;
      adjust.vm_pgoff += adjStart >> Mman.PAGE_SHIFT;
      if (adjStart < 0) {
        mm.mm_mt.store(adjust.vm_start, adjust.vm_end, adjust);
      }
    }
    if (willDeleteVma) {
      removeMerged(mm, vma);
    }
    if (willDeleteNext) {
      removeMerged(mm, next);
    }
    return mergeLeft ? m.prev : next;
  }

  /**
   * {@code __split_vma}: splits {@code vma} at {@code addr}; the new object is the part below addr
   * when {@code newBelow}, else the part above. The original object keeps the other part. Returns
   * the new VMA.
   */
  static VmAreaStruct splitVma(MmStruct mm, VmAreaStruct vma, long addr, boolean newBelow) {
    MmapLock.mmapAssertWriteLocked(mm);
    if (vma.vm_start >= addr || vma.vm_end <= addr) {
      throw new IllegalStateException("split outside the VMA");
    }
    VmAreaStruct nv = VmaInit.vmAreaDup(vma); // detached, unlocked copy
    if (newBelow) {
      nv.vm_end = addr;
    } else {
      nv.vm_start = addr;
      nv.vm_pgoff += (addr - vma.vm_start) >>> Mman.PAGE_SHIFT;
    }
    Rmap.anonVmaClone(nv, vma);
    if (nv.vm_ops != null && nv.vm_ops.open() != null) {
      nv.vm_ops.open().accept(nv);
    }
    MmapLock.vmaStartWrite(vma);
    MmapLock.vmaStartWrite(nv);
    if (newBelow) {
      vma.vm_start = addr;
      vma.vm_pgoff += (addr - nv.vm_start) >>> Mman.PAGE_SHIFT;
    } else {
      vma.vm_end = addr;
    }
    link(mm, nv); // overwrites vma's old range where nv now lies
    return nv;
  }

  /**
   * {@code vma_modify}: make [start, end) of {@code vma} a VMA of its own with {@code newFlags}:
   * merge it into a neighbour if possible, else split what lies outside. Returns the VMA now
   * covering [start, end), write-locked; or null if a split would exceed the map count. The caller
   * then sets the new flags on it.
   */
  static VmAreaStruct modifyFlags(
      MmStruct mm, VmAreaStruct prev, VmAreaStruct vma, long start, long end, long newFlags) {
    MergeState m = new MergeState();
    // prev == vma: the range starts inside vma (the kernel's convention); no left merge possible
    m.prev = prev == vma ? null : prev;
    m.middle = vma;
    m.start = start;
    m.end = end;
    m.pgoff = vma.vm_pgoff + ((start - vma.vm_start) >>> Mman.PAGE_SHIFT);
    m.flags = newFlags;
    m.file = vma.vm_file;
    m.anonVma = vma.anon_vma;
    m.vmOps = vma.vm_ops;
    VmAreaStruct merged = mergeExistingRange(mm, m);
    if (merged != null) {
      return merged;
    }
    int splits = (vma.vm_start < start ? 1 : 0) + (vma.vm_end > end ? 1 : 0);
    if (splits > 0 && mm.map_count + splits > MAX_MAP_COUNT) {
      return null;
    }
    if (vma.vm_start < start) {
      splitVma(mm, vma, start, true);
    }
    if (vma.vm_end > end) {
      splitVma(mm, vma, end, false);
    }
    MmapLock.vmaStartWrite(vma);
    return vma;
  }

  // ---------------------------------------------------------------------------------------------
  // munmap

  /**
   * {@code vms_gather_munmap_vmas}: splits the VMAs at the edges of [start, end), write-locks and
   * detaches every VMA inside it while they are still in the tree, and returns them in address
   * order. Returns null (nothing changed) if a split would exceed the map count.
   */
  static List<VmAreaStruct> gatherMunmap(MmStruct mm, long start, long end) {
    MmapLock.mmapAssertWriteLocked(mm);
    List<VmAreaStruct> detached = new ArrayList<>();
    VmAreaStruct vma = findIntersection(mm, start, end);
    if (vma == null) {
      return detached;
    }
    VmAreaStruct last = mm.mm_mt.findBelow(end).value();
    int splits = (vma.vm_start < start ? 1 : 0) + (last.vm_end > end ? 1 : 0);
    if (vma == last && splits == 2 && mm.map_count >= MAX_MAP_COUNT) {
      return null;
    }
    if (vma.vm_start < start) {
      splitVma(mm, vma, start, true); // the new object takes the part below; vma keeps [start, ..)
    }
    for (VmAreaStruct next = findIntersection(mm, start, end);
        next != null;
        next = findIntersection(mm, next.vm_end, end)) {
      if (next.vm_end > end) {
        splitVma(mm, next, end, false); // the new object takes the part above end
      }
      MmapLock.vmaStartWrite(next);
      MmapLock.vmaMarkDetached(next); // still in the tree: readers meet it detached
      detached.add(next);
    }
    return detached;
  }

  /**
   * {@code vms_clean_up_area}: clears the page tables of [start, end) and calls the close hooks of
   * the gathered VMAs. Every VMA over the range is write-locked and detached.
   */
  static void cleanUpArea(MmStruct mm, List<VmAreaStruct> detached, long start, long end) {
    if (detached.isEmpty()) {
      return;
    }
    mm.pageTable().clearRange(start, end);
    for (VmAreaStruct vma : detached) {
      if (vma.vm_ops != null && vma.vm_ops.close() != null) {
        vma.vm_ops.close().accept(vma);
      }
    }
  }

  /**
   * {@code vms_complete_munmap_vmas} of the munmap path: the range [start, end) is out of the tree
   * and every VMA of it detached. With {@code unlock}, {@code mmap_lock} is downgraded to read
   * first, so slow-path faults elsewhere run while the page tables of the range are cleared and the
   * VMAs closed and freed; the read lock is released at the end. What keeps faults out of the range
   * then is no longer the VMA write locks (the downgrade ended them) but the kernel's real
   * protection: the VMAs are detached (a stale per-VMA reader's increment fails on 0) and no longer
   * in the tree (a new walk, per-VMA or under mmap_lock, does not find them).
   */
  static void completeMunmapVmas(
      MmStruct mm, List<VmAreaStruct> detached, long start, long end, boolean unlock) {
    mm.map_count -= detached.size();
    if (unlock) {
      MmapLock.mmapWriteDowngrade(mm);
    }
    Interleave.point(Point.VMS_COMPLETE_MUNMAP_BEFORE_CLEAR);
    mm.pageTable().clearRange(start, end); // vms_clear_ptes
    for (VmAreaStruct vma : detached) {
      if (vma.vm_ops != null && vma.vm_ops.close() != null) { // remove_vma
        vma.vm_ops.close().accept(vma);
      }
      VmaInit.vmAreaFree(vma);
    }
    if (unlock) {
      MmapLock.mmapReadUnlock(mm);
    }
  }

  /**
   * {@code vms_complete_munmap_vmas} of the mmap path ({@code __mmap_region} over a mapped range):
   * the page tables were cleared and the close hooks run by {@link #cleanUpArea} under the write
   * lock; the range is no longer in the tree (overwritten); account for the VMAs and free them.
   */
  static void completeMunmap(MmStruct mm, List<VmAreaStruct> detached) {
    mm.map_count -= detached.size();
    for (VmAreaStruct vma : detached) {
      VmaInit.vmAreaFree(vma);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // mremap: copy_vma, vma_merge_extend

  /**
   * {@code copy_vma}: a VMA for [addr, addr + len) with the source's attributes: a neighbour
   * expanded over the range if one can be ({@code vma_merge_new_range}, which may even be the
   * source itself: then {@code vmap[0]} becomes the merged VMA), else a {@code vm_area_dup} of the
   * source, linked. Null only if the range is not free (never, after the callers' checks).
   */
  static VmAreaStruct copyVma(MmStruct mm, VmAreaStruct[] vmap, long addr, long len, long pgoff) {
    VmAreaStruct vma = vmap[0];
    long vmaStart = vma.vm_start;
    // An anonymous VMA that was never faulted takes the pgoff of its new place, so that it can
    // merge there (its pages have no index yet).
    if (vma.vm_ops == null && vma.vm_file == null && vma.anon_vma == null) {
      pgoff = addr >>> Mman.PAGE_SHIFT;
    }
    if (findIntersection(mm, addr, addr + len) != null) {
      return null; // should never get here
    }
    MergeState m = new MergeState();
    m.prev = prevOf(mm, addr);
    m.next = nextFrom(mm, addr + len);
    m.start = addr;
    m.end = addr + len;
    m.pgoff = pgoff;
    m.flags = vma.vm_flags;
    m.file = vma.vm_file;
    m.anonVma = vma.anon_vma;
    m.vmOps = vma.vm_ops;
    m.middle = null; // a new range
    VmAreaStruct newVma = mergeNewRange(mm, m);
    if (newVma != null) {
      // vmg.copied_from: the expanded VMA must cover the copied pages' anon_vma
      Rmap.dupAnonVma(newVma, vma);
      if (vmaStart >= newVma.vm_start && vmaStart < newVma.vm_end) {
        vmap[0] = newVma; // the source merged with its own copy (only when never faulted)
      }
      return newVma;
    }
    newVma = VmaInit.vmAreaDup(vma); // detached, unlocked; the generated copy
    newVma.vm_start = addr; // vma_set_range
    newVma.vm_end = addr + len;
    newVma.vm_pgoff = pgoff;
    Rmap.anonVmaClone(newVma, vma);
    if (newVma.vm_ops != null && newVma.vm_ops.open() != null) {
      newVma.vm_ops.open().accept(newVma);
    }
    Interleave.point(Point.COPY_VMA_BEFORE_LINK);
    MmapLock.vmaStartWrite(newVma); // vma_link
    link(mm, newVma); // vma_iter_store_new: attach, then store; map_count++
    return newVma;
  }

  /**
   * {@code vma_merge_extend}: grows {@code vma} by {@code delta} bytes at its end by merging the
   * new range into it (and into the next VMA, if that becomes adjacent and compatible). Null if the
   * merge is refused (a VM_SPECIAL VMA).
   */
  static VmAreaStruct vmaMergeExtend(MmStruct mm, VmAreaStruct vma, long delta) {
    MergeState m = new MergeState();
    m.prev = vma;
    m.next = nextFrom(mm, vma.vm_end + delta);
    m.middle = null; // vma only populates the fields
    m.start = vma.vm_end;
    m.end = vma.vm_end + delta;
    m.pgoff = vma.vm_pgoff + ((vma.vm_end - vma.vm_start) >>> Mman.PAGE_SHIFT);
    m.flags = vma.vm_flags;
    m.file = vma.vm_file;
    m.anonVma = vma.anon_vma;
    m.vmOps = vma.vm_ops;
    return mergeNewRange(mm, m);
  }

  // ---------------------------------------------------------------------------------------------
  // Stack growth

  /**
   * {@code expand_downwards}: grows the {@code VM_GROWSDOWN} VMA {@code vma} down to the page of
   * {@code address}, keeping {@link Mmap#STACK_GUARD_GAP} above an accessible VMA below it (one
   * that is neither a stack nor {@code PROT_NONE}). mmap_lock held for write. Returns 0, {@code
   * -EFAULT} (not a stack), {@code -EPERM} (below {@code mmap_min_addr}) or {@code -ENOMEM} (guard
   * gap, {@code RLIMIT_STACK}, or {@code vm_pgoff} would go below 0).
   */
  static int expandDownwards(VmAreaStruct vma, long address) {
    MmStruct mm = vma.vm_mm;
    if ((vma.vm_flags & VmFlags.VM_GROWSDOWN) == 0) {
      return -Errno.EFAULT;
    }
    MmapLock.mmapAssertWriteLocked(mm);
    address &= Mman.PAGE_MASK;
    if (Long.compareUnsigned(address, Mman.MMAP_MIN_ADDR) < 0) {
      return -Errno.EPERM;
    }
    VmAreaStruct prev = prevOf(mm, vma.vm_start);
    if (prev != null
        && (prev.vm_flags & VmFlags.VM_GROWSDOWN) == 0
        && (prev.vm_flags & (VmFlags.VM_READ | VmFlags.VM_WRITE | VmFlags.VM_EXEC)) != 0
        && Long.compareUnsigned(address - prev.vm_end, Mmap.STACK_GUARD_GAP) < 0) {
      return -Errno.ENOMEM; // enforce stack_guard_gap (vma_is_accessible(prev))
    }
    Rmap.anonVmaPrepare(vma); // the new pages need it; mmap_lock is held
    MmapLock.vmaStartWrite(vma); // keep per-VMA-lock faults out while the range changes
    if (address < vma.vm_start) { // somebody else may have expanded it already
      long size = vma.vm_end - address;
      long grow = (vma.vm_start - address) >>> Mman.PAGE_SHIFT;
      if (grow > vma.vm_pgoff || size > Mmap.RLIMIT_STACK) { // acct_stack_growth, rlimit part
        return -Errno.ENOMEM;
      }
      vma.vm_start = address;
      vma.vm_pgoff -= grow;
      mm.mm_mt.store(vma.vm_start, vma.vm_end, vma); // vma_iter_store_overwrite
    }
    return 0;
  }
}
