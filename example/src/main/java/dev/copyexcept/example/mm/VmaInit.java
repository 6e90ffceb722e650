package dev.copyexcept.example.mm;

import dev.copyexcept.example.debug.Interleave;
import dev.copyexcept.example.debug.Interleave.Point;
import dev.copyexcept.example.debug.WarnKind;

/**
 * Allocating, duplicating and freeing VMAs: {@code mm/vma_init.c} ({@code vm_area_alloc}, {@code
 * vm_area_dup}, {@code vm_area_free}).
 *
 * <p>VMAs come from the kernel's {@code vm_area_cachep}. With {@code SLAB_TYPESAFE_BY_RCU} a freed
 * VMA is handed out again at once, while stale lock-free readers may still be looking at it, so
 * nothing here may store to {@code vm_refcnt} of an object it allocated: a free object's count is 0
 * and only {@link MmapLock#vmaMarkAttached} raises it. {@link #vmAreaDup} therefore copies with the
 * generated {@code VmAreaStructCopier} ({@code @CopyExcept("vm_refcnt")}); the pre-fix strategy
 * ({@link CopyStrategy#MEMCPY_THEN_RESET}) exists only to demonstrate the race it causes.
 */
final class VmaInit {
  /*
   * Implementation notes.
   *
   * vmAreaAlloc initialises like vma_init: "memset(vma, 0)" then vm_mm, an empty
   * anon_vma_chain and vm_lock_seq unlocked (vma_lock_init(vma, false)). The memset is the
   * generated copier applied from a pristine, never-modified VmAreaStruct: every field but
   * vm_refcnt back to its default, with no hand-written field list that could rot when a field
   * is added. (The kernel's memset also writes 0 over vm_refcnt; on a free object that store is
   * a no-op, because a free object's count is 0 and readers' inc-not-zero cannot raise it. The
   * model simply does not store.)
   *
   * vmAreaDup follows vm_area_dup: allocate, copy (vm_area_init_from: every field but
   * vm_refcnt), then re-initialise what the kernel re-initialises: vm_lock_seq unlocked
   * (vma_lock_init) and a fresh, empty anon_vma_chain (INIT_LIST_HEAD). The copy is born
   * detached. The kernel's vma_lock_init(new, true) also stores 0 into vm_refcnt, over a 0 that
   * nobody can have raised (see above); the model leaves it alone, per the spec.
   *
   * MEMCPY_THEN_RESET is the pre-fix kernel (*new = *orig, then vm_refcnt = 0): between the
   * copy and the reset the recycled object carries the original's non-zero count, a stale
   * reader's inc-not-zero succeeds on it, and the reset then erases that increment; the reader's
   * later release underflows. Interleave points VM_AREA_DUP_AFTER_ALLOC and
   * VM_AREA_DUP_AFTER_COPY let a test hold the writer inside that window.
   */

  /** All defaults ("zeroed memory"); never modified, never attached, never freed. */
  private static final VmAreaStruct PRISTINE = new VmAreaStruct();

  private VmaInit() {}

  /**
   * {@code vm_area_alloc}: a VMA of {@code mm} from the cache, initialised (every field default,
   * {@code vm_mm = mm}, an empty {@code anon_vma_chain}, {@code vm_lock_seq} unlocked) and detached
   * ({@code vm_refcnt == 0}). Write-lock it and attach it when publishing it.
   */
  static VmAreaStruct vmAreaAlloc(MmStruct mm) {
    VmAreaStruct vma = mm.kernel.vmAreaCachep().kmemCacheAlloc();
    vmaInit(vma, mm);
    return vma;
  }

  /** {@code vma_init}. */
  private static void vmaInit(VmAreaStruct vma, MmStruct mm) {
    VmAreaStructCopier.copy(PRISTINE, vma); // memset(vma, 0), except vm_refcnt
    vma.vm_mm = mm;
    vma.anon_vma_chain = new AnonVmaChain();
    vmaLockInit(vma);
  }

  /** {@code vma_lock_init(vma, false)}: not write-locked by any session. */
  private static void vmaLockInit(VmAreaStruct vma) {
    // WRITE_ONCE: a stale reader of a recycled object may read it in its early check. It is
    // published to readers by vmaMarkAttached's release store.
    vma.setVmLockSeqOpaque(MmapLock.VM_LOCK_SEQ_UNLOCKED);
  }

  /**
   * {@code vm_area_dup}: a detached, unlocked copy of {@code orig} (same mm, range, flags, file,
   * anon_vma...) with a fresh empty {@code anon_vma_chain}, copied with the kernel's {@link
   * CopyStrategy} ({@link CopyStrategy#COPY_EXCEPT} unless configured otherwise for the
   * demonstration). The caller holds {@code orig}'s mm write-locked.
   */
  static VmAreaStruct vmAreaDup(VmAreaStruct orig) {
    Kernel kernel = orig.vm_mm.kernel;
    VmAreaStruct vma = kernel.vmAreaCachep().kmemCacheAlloc();
    Interleave.point(Point.VM_AREA_DUP_AFTER_ALLOC);
    switch (kernel.copyStrategy()) {
      case COPY_EXCEPT -> {
        VmAreaStructCopier.copy(orig, vma); // every field but vm_refcnt: it stays 0
        Interleave.point(Point.VM_AREA_DUP_AFTER_COPY);
      }
      case MEMCPY_THEN_RESET -> {
        memcpyVma(orig, vma); // PRE-FIX: overwrites vm_refcnt of a possibly recycled object
        Interleave.point(Point.VM_AREA_DUP_AFTER_COPY);
        vma.setVmRefcntOpaque(0); // ...and this erases any stale reader's increment made meanwhile
      }
      default -> throw new AssertionError(kernel.copyStrategy());
    }
    vmaLockInit(vma);
    vma.anon_vma_chain = new AnonVmaChain(); // INIT_LIST_HEAD(&new->anon_vma_chain)
    return vma;
  }

  /**
   * The pre-fix {@code *dest = *src}: copies EVERY field of {@link VmAreaStruct}, INCLUDING {@code
   * vm_refcnt}, with plain stores, as {@code memcpy} does. Used only by {@link
   * CopyStrategy#MEMCPY_THEN_RESET}; never use it to copy a VMA. Hand-written on purpose (it is
   * what a generated copier replaces); a reflection test fails if a field of {@code VmAreaStruct}
   * is missing here. Slab bookkeeping inherited from the cache's base class is not part of the
   * struct and is not copied.
   */
  static void memcpyVma(VmAreaStruct src, VmAreaStruct dest) {
    dest.vm_start = src.vm_start;
    dest.vm_end = src.vm_end;
    dest.vm_mm = src.vm_mm;
    dest.vm_page_prot = src.vm_page_prot;
    dest.vm_flags = src.vm_flags;
    dest.vm_lock_seq = src.vm_lock_seq;
    dest.vm_refcnt = src.vm_refcnt;
    dest.anon_vma_chain = src.anon_vma_chain;
    dest.anon_vma = src.anon_vma;
    dest.vm_ops = src.vm_ops;
    dest.vm_pgoff = src.vm_pgoff;
    dest.vm_file = src.vm_file;
    dest.vm_private_data = src.vm_private_data;
  }

  /**
   * {@code vm_area_free}: returns a detached VMA to the cache. Freeing an attached VMA warns {@link
   * WarnKind#VMA_FREE_ATTACHED} (and, like the kernel, frees it anyway).
   */
  static void vmAreaFree(VmAreaStruct vma) {
    Kernel kernel = vma.vm_mm.kernel;
    int refcnt = vma.vmRefcntOpaque();
    if (refcnt != 0) {
      kernel.warningsSink().warn(WarnKind.VMA_FREE_ATTACHED, "vm_area_free: vm_refcnt " + refcnt);
    }
    Interleave.point(Point.VM_AREA_FREE_BEFORE_FREE);
    kernel.vmAreaCachep().kmemCacheFree(vma);
  }
}
