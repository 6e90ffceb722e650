package dev.copyexcept.example.mm;

import dev.copyexcept.example.tree.VmaTree;

/**
 * The anonymous reverse map as far as merging and forking need it ({@code mm/rmap.c}): {@code
 * anon_vma_prepare}, {@code anon_vma_clone}, {@code anon_vma_fork}, and the merge-compatibility
 * tests of {@code mm/vma.c}.
 */
final class Rmap {
  /*
   * Implementation notes.
   *
   * Locking. anon_vma and anon_vma_chain of a VMA change in two situations only:
   *   - anonVmaPrepare, the first anonymous fault of the VMA, under mmap_lock held for READ (the
   *     fault's slow path) and the mm's page_table_lock (the PageTable's monitor here), which
   *     serializes concurrent slow-path faults of the same mm;
   *   - split, merge, fork (anonVmaClone, dupAnonVma, anonVmaFork), under mmap_lock held for
   *     WRITE with the VMAs concerned write-locked, which excludes both kinds of fault.
   * Per-VMA-lock faults only read anon_vma, racily: a reader that sees null returns
   * VM_FAULT_RETRY and redoes the fault under mmap_lock (so a missed store costs a retry, never
   * a wrong result); a reader that sees a non-null AnonVma sees a fully built object (its only
   * field is final). The chain is read only under mmap_lock (merge decisions, fork).
   *
   * The model keeps what the merge rules need: anon_vma identity (two VMAs with different
   * anon_vmas never merge), the chain's length (a fork child's chain is never singular, so
   * vma_had_uncowed_parents forbids merging it with a VMA without an anon_vma), and the reuse
   * of a neighbour's anon_vma at prepare time (find_mergeable_anon_vma) so that a faulted VMA can
   * still merge with its unfaulted neighbour. No interval trees, no rmap walks.
   *
   * References: mm/rmap.c (__anon_vma_prepare, anon_vma_clone, anon_vma_fork), mm/vma.c
   * (is_mergeable_anon_vma, vma_had_uncowed_parents, find_mergeable_anon_vma, dup_anon_vma).
   */

  private Rmap() {}

  /**
   * {@code __anon_vma_prepare}: gives {@code vma} an {@code anon_vma} before its first anonymous
   * page, reusing a compatible neighbour's ({@code find_mergeable_anon_vma}) so that the two can
   * still merge later, else a fresh one. Needs {@code mmap_lock} (read is enough): that is why the
   * per-VMA-lock fault path cannot call it and returns {@code VM_FAULT_RETRY} instead. Concurrent
   * faults of the same VMA under {@code mmap_lock} read are serialized by the mm's {@code
   * page_table_lock} (here: the page-table object's monitor).
   */
  static void anonVmaPrepare(VmAreaStruct vma) {
    MmStruct mm = vma.vm_mm;
    MmapLock.mmapAssertLocked(mm);
    synchronized (mm.pageTable()) { // page_table_lock
      if (vma.anon_vma != null) {
        return;
      }
      AnonVma av = findMergeableAnonVma(mm, vma);
      if (av == null) {
        av = new AnonVma();
      }
      if (vma.anon_vma_chain == null) {
        vma.anon_vma_chain = new AnonVmaChain();
      }
      vma.anon_vma_chain.link(av);
      vma.anon_vma = av; // plain store: a VMA-locked reader that misses it just retries
    }
  }

  /** {@code find_mergeable_anon_vma}: the anon_vma of an adjacent VMA that it could merge with. */
  private static AnonVma findMergeableAnonVma(MmStruct mm, VmAreaStruct vma) {
    VmaTree.Entry<VmAreaStruct> next = mm.mm_mt.findAbove(vma.vm_end);
    if (next != null && next.start() == vma.vm_end) {
      AnonVma av = reusableAnonVma(next.value(), vma, next.value());
      if (av != null) {
        return av;
      }
    }
    VmaTree.Entry<VmAreaStruct> prev = vma.vm_start == 0 ? null : mm.mm_mt.findBelow(vma.vm_start);
    if (prev != null && prev.end() == vma.vm_start) {
      return reusableAnonVma(prev.value(), prev.value(), vma);
    }
    return null;
  }

  /**
   * {@code reusable_anon_vma}: {@code old}'s anon_vma if a and b (in address order) are compatible
   * and old's is singular.
   */
  private static AnonVma reusableAnonVma(VmAreaStruct old, VmAreaStruct a, VmAreaStruct b) {
    AnonVma av = old.anon_vma;
    if (av != null && anonVmaCompatible(a, b) && chainIsSingular(old)) {
      return av;
    }
    return null;
  }

  /**
   * {@code anon_vma_compatible}: adjacent, same file, flags equal up to access bits, pgoff
   * contiguous.
   */
  private static boolean anonVmaCompatible(VmAreaStruct a, VmAreaStruct b) {
    long access = VmFlags.VM_READ | VmFlags.VM_WRITE | VmFlags.VM_EXEC;
    return a.vm_end == b.vm_start
        && a.vm_file == b.vm_file
        && ((a.vm_flags ^ b.vm_flags) & ~access) == 0
        && b.vm_pgoff == a.vm_pgoff + ((b.vm_start - a.vm_start) >>> Mman.PAGE_SHIFT);
  }

  static boolean chainIsSingular(VmAreaStruct vma) {
    return vma.anon_vma_chain != null && vma.anon_vma_chain.anonVmas().size() == 1;
  }

  /**
   * {@code anon_vma_clone}: {@code dst} (a split piece or merge target) links every anon_vma of
   * {@code src}.
   */
  static void anonVmaClone(VmAreaStruct dst, VmAreaStruct src) {
    if (dst.anon_vma_chain == null) {
      dst.anon_vma_chain = new AnonVmaChain();
    }
    if (src.anon_vma_chain != null) {
      for (AnonVma av : src.anon_vma_chain.anonVmas()) {
        if (!dst.anon_vma_chain.anonVmas().contains(av)) {
          dst.anon_vma_chain.link(av);
        }
      }
    }
  }

  /**
   * {@code anon_vma_fork}: the child VMA links every anon_vma of the parent's and gets a fresh
   * anon_vma of its own under the same root, so its chain is never singular (a fork child's faulted
   * VMAs do not merge with anon_vma-less neighbours).
   */
  static void anonVmaFork(VmAreaStruct child, VmAreaStruct parent) {
    if (parent.anon_vma == null) {
      child.anon_vma = null;
      return;
    }
    anonVmaClone(child, parent);
    AnonVma av = new AnonVma(parent.anon_vma);
    child.anon_vma_chain.link(av);
    child.anon_vma = av;
  }

  /**
   * {@code is_mergeable_anon_vma} (6.15 form): may the range whose anon_vma is {@code srcAnon}
   * (belonging to the existing VMA {@code src}, or null for a new mapping) merge into {@code tgt}?
   * Equal anon_vmas always; when only one side has one, only if that side has no un-COWed fork
   * parents (a singular chain): a VMA cloned from a fork parent never absorbs, or is absorbed by,
   * an unfaulted neighbour (the kernel's anon_vma-lock scalability rule).
   */
  static boolean isMergeableAnonVma(AnonVma srcAnon, VmAreaStruct src, VmAreaStruct tgt) {
    AnonVma tgtAnon = tgt.anon_vma;
    if (tgtAnon == null && srcAnon != null) {
      return !hadUncowedParents(src);
    }
    if (tgtAnon != null && srcAnon == null) {
      return !hadUncowedParents(tgt);
    }
    return srcAnon == tgtAnon;
  }

  /**
   * {@code vma_had_uncowed_parents}: has an anon_vma and a chain of more than one (a fork child).
   */
  static boolean hadUncowedParents(VmAreaStruct vma) {
    return vma != null && vma.anon_vma != null && !chainIsSingular(vma);
  }

  /**
   * Whether prev and next, both mergeable with the range between them, are compatible with each
   * other.
   */
  static boolean areAnonVmasCompatible(VmAreaStruct prev, VmAreaStruct next) {
    return prev.anon_vma == null || next.anon_vma == null || prev.anon_vma == next.anon_vma;
  }

  /**
   * {@code dup_anon_vma}: the expanding {@code dst} takes {@code src}'s anon_vma if it has none.
   */
  static void dupAnonVma(VmAreaStruct dst, VmAreaStruct src) {
    if (src.anon_vma != null && dst.anon_vma == null) {
      dst.anon_vma = src.anon_vma;
      anonVmaClone(dst, src);
    }
  }
}
