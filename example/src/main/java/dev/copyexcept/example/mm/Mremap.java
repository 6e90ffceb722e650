package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MREMAP_DONTUNMAP;
import static dev.copyexcept.example.mm.Mman.MREMAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MREMAP_MAYMOVE;
import static dev.copyexcept.example.mm.Mman.PAGE_SHIFT;
import static dev.copyexcept.example.mm.Mman.TASK_SIZE;

/**
 * {@code mremap(2)}: {@code mm/mremap.c} of Linux 6.18 ({@code do_mremap}, {@code
 * check_mremap_params}, {@code check_prep_vma}, {@code remap_move}, {@code mremap_to}, {@code
 * mremap_at}, {@code shrink_vma}, {@code expand_vma}, {@code move_vma}). Called by {@link
 * MmStruct#mremap}; takes and releases {@code mmap_lock} itself, as {@code do_mremap} does. The two
 * {@code mm/vma.c} functions it needs, {@code copy_vma} and {@code vma_merge_extend}, are in {@link
 * VmaFunctions}.
 */
final class Mremap {
  /*
   * Implementation notes.
   *
   * Structure (the kernel's, 6.17+): do_mremap page-aligns both lengths, runs the lock-free
   * check_mremap_params (every EINVAL that needs no VMA), takes mmap_lock for write, then
   *   - MREMAP_FIXED with old_len == new_len ("move only"): remap_move, which moves every VMA
   *     of [addr, addr + old_len) one by one, keeping the gaps between them; a gap at the start
   *     is EFAULT, a gap at the end is not moved;
   *   - otherwise vma_lookup(addr) (EFAULT when no VMA contains addr), check_prep_vma (the
   *     per-VMA EFAULT/EINVAL checks), then mremap_to (a new address is implied: FIXED or
   *     DONTUNMAP) or mremap_at (resize in place: no-op, shrink by munmap of the tail, expand in
   *     place with vma_merge_extend, else move if MREMAP_MAYMOVE, else ENOMEM).
   * A move is move_vma: write-lock the source VMA, copy_vma (merge the new range into a
   * neighbour, or vm_area_dup the source -- the second caller of the generated copy after
   * split/fork -- and link the copy), move the page-table entries (move_page_tables), then
   * unmap the source (or, with MREMAP_DONTUNMAP, keep it, its entries gone, VM_LOCKED and
   * VM_ACCOUNT cleared). Every error is detected before the address space changes, except
   * those the kernel also reports after a partial change (a FIXED target is unmapped first).
   *
   * Locking: as everywhere in the model, mmap_lock held for write and every VMA write-locked
   * (vma_start_write) before a field of it changes or its page-table range moves; the copy is
   * write-locked by vma_link before it is attached and stored (vma_iter_store_new's order), so a
   * reader that finds it in the tree during the session fails its vm_lock_seq check and falls
   * back. The page-table move runs with both VMAs write-locked, so no per-VMA-lock fault can
   * install an entry in either range meanwhile (PageTable's rule).
   *
   * The race this file adds to the model: a MREMAP_FIXED onto a mapped range first unmaps it
   * (do_munmap: detach, vm_area_free), then copy_vma's vm_area_dup takes an object from the
   * cache -- with SLAB_TYPESAFE_BY_RCU the one just freed -- while a stale reader that found
   * the unmapped VMA may be incrementing its vm_refcnt. Interleave point COPY_VMA_BEFORE_LINK
   * (after the dup, before vma_link) lets a test look at the copy between the two.
   *
   * Not modelled (see the divergence table in example/README.md): hugetlb alignment, mseal
   * (EPERM), userfaultfd, mlock population and the RLIMIT_MEMLOCK/RLIMIT_AS checks (EAGAIN,
   * ENOMEM from may_expand_vm), commit accounting (vrm_charge), vm_ops->mremap/may_split, KSM,
   * the rmap-lock decision (need_rmap_locks), and a custom get_unmapped_area (every VMA may be
   * part of a multi-VMA move).
   */

  private Mremap() {}

  /** {@code enum mremap_type}. */
  enum MremapType {
    MREMAP_INVALID,
    /** old_len == new_len: nothing to do unless a move is asked for. */
    MREMAP_NO_RESIZE,
    MREMAP_SHRINK,
    MREMAP_EXPAND
  }

  /** {@code struct vma_remap_struct}: one mremap operation, threaded through the functions. */
  static final class VmaRemapStruct {
    long addr;
    long old_len;
    long new_len;
    final int flags;
    long new_addr;

    /** The source VMA, found under mmap_lock; null once invalidated. */
    VmAreaStruct vma;

    long delta;
    MremapType remap_type = MremapType.MREMAP_INVALID;
    boolean mmap_locked;

    VmaRemapStruct(long addr, long oldLen, long newLen, int flags, long newAddr) {
      this.addr = addr;
      this.old_len = oldLen;
      this.new_len = newLen;
      this.flags = flags;
      this.new_addr = newAddr;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // do_mremap and the parameter checks

  /**
   * {@code do_mremap}: the new start address, or a negative errno; on an error detected before the
   * first change the address space is unchanged.
   */
  static long doMremap(MmStruct mm, long addr, long oldLen, long newLen, int flags, long newAddr) {
    VmaRemapStruct vrm = new VmaRemapStruct(addr, oldLen, newLen, flags, newAddr);
    vrm.old_len = Mman.pageAlign(vrm.old_len);
    vrm.new_len = Mman.pageAlign(vrm.new_len);
    long res = checkMremapParams(vrm);
    if (res != 0) {
      return res;
    }
    MmapLock.mmapWriteLock(mm);
    vrm.mmap_locked = true;
    try {
      // 6.18's check_mremap_params, under the lock here: a move may split both ranges in three
      if (vrmImpliesNewAddr(vrm) && mm.map_count + 2 >= VmaFunctions.MAX_MAP_COUNT - 3) {
        return -Errno.ENOMEM;
      }
      if (vrmMoveOnly(vrm)) {
        return remapMove(mm, vrm);
      }
      vrm.vma = vmaLookup(mm, vrm.addr);
      res = checkPrepVma(mm, vrm);
      if (res != 0) {
        return res;
      }
      return vrmImpliesNewAddr(vrm) ? mremapTo(mm, vrm) : mremapAt(mm, vrm);
    } finally {
      if (vrm.mmap_locked) {
        MmapLock.mmapWriteUnlock(mm);
      }
    }
  }

  /**
   * {@code check_mremap_params}: the checks that need no VMA (lengths already page-aligned); 0 or
   * {@code -EINVAL}.
   */
  static long checkMremapParams(VmaRemapStruct vrm) {
    int flags = vrm.flags;
    if ((flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP)) != 0) {
      return -Errno.EINVAL;
    }
    if (!Mman.pageAligned(vrm.addr)) {
      return -Errno.EINVAL;
    }
    // A zero old_len is the "duplicate a shared mapping" special case; a zero new_len (also after
    // PAGE_ALIGN wrapped a huge length to 0) is nonsensical.
    if (vrm.new_len == 0) {
      return -Errno.EINVAL;
    }
    if (Long.compareUnsigned(vrm.new_len, TASK_SIZE) > 0) {
      return -Errno.EINVAL;
    }
    if (!vrmImpliesNewAddr(vrm)) {
      return 0;
    }
    if (Long.compareUnsigned(vrm.new_addr, TASK_SIZE - vrm.new_len) > 0) {
      return -Errno.EINVAL;
    }
    if (!Mman.pageAligned(vrm.new_addr)) {
      return -Errno.EINVAL;
    }
    if ((flags & MREMAP_MAYMOVE) == 0) {
      return -Errno.EINVAL; // a fixed address implies a move
    }
    if ((flags & MREMAP_DONTUNMAP) != 0 && vrm.old_len != vrm.new_len) {
      return -Errno.EINVAL; // MREMAP_DONTUNMAP does not resize
    }
    if (vrmOverlaps(vrm)) {
      return -Errno.EINVAL;
    }
    return 0;
  }

  /** {@code vrm_implies_new_addr}: FIXED or DONTUNMAP always determine a new address. */
  static boolean vrmImpliesNewAddr(VmaRemapStruct vrm) {
    return (vrm.flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0;
  }

  /** {@code vrm_move_only}: a FIXED move without a resize (may span several VMAs). */
  static boolean vrmMoveOnly(VmaRemapStruct vrm) {
    return (vrm.flags & MREMAP_FIXED) != 0 && vrm.old_len == vrm.new_len;
  }

  /** {@code vrm_overlaps}: do [addr, addr + old_len) and [new_addr, new_addr + new_len) meet? */
  static boolean vrmOverlaps(VmaRemapStruct vrm) {
    long startOld = vrm.addr;
    long startNew = vrm.new_addr;
    long endOld = vrm.addr + vrm.old_len;
    long endNew = vrm.new_addr + vrm.new_len;
    return Long.compareUnsigned(endOld, startNew) > 0 && Long.compareUnsigned(endNew, startOld) > 0;
  }

  /** {@code vrm_set_delta} + {@code vrm_remap_type}. */
  private static void vrmSetDeltaAndType(VmaRemapStruct vrm) {
    vrm.delta = Math.abs(vrm.old_len - vrm.new_len);
    if (vrm.delta == 0) {
      vrm.remap_type = MremapType.MREMAP_NO_RESIZE;
    } else if (Long.compareUnsigned(vrm.old_len, vrm.new_len) > 0) {
      vrm.remap_type = MremapType.MREMAP_SHRINK;
    } else {
      vrm.remap_type = MremapType.MREMAP_EXPAND;
    }
  }

  /** {@code vma_lookup}: the VMA containing {@code addr}, or null. */
  static VmAreaStruct vmaLookup(MmStruct mm, long addr) {
    VmAreaStruct vma = VmaFunctions.findVma(mm, addr);
    return vma != null && Long.compareUnsigned(vma.vm_start, addr) <= 0 ? vma : null;
  }

  /**
   * {@code check_prep_vma}: the checks against the source VMA ({@code -EFAULT}, {@code -EINVAL});
   * sets delta and the remap type.
   */
  static long checkPrepVma(MmStruct mm, VmaRemapStruct vrm) {
    VmAreaStruct vma = vrm.vma;
    if (vma == null) {
      return -Errno.EFAULT;
    }
    vrmSetDeltaAndType(vrm);
    if (!vrmImpliesNewAddr(vrm)) {
      vrm.new_addr = vrm.addr;
    }
    // Below only matters when a new range will be mapped (expand or move).
    if (vrm.remap_type != MremapType.MREMAP_EXPAND && !vrmImpliesNewAddr(vrm)) {
      return 0;
    }
    long oldLen = vrm.old_len;
    long newLen = vrm.new_len;
    if (oldLen == 0 && (vma.vm_flags & (VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE)) == 0) {
      return -Errno.EINVAL; // "duplicating" a private mapping makes no sense
    }
    if ((vrm.flags & MREMAP_DONTUNMAP) != 0
        && (vma.vm_flags & (VmFlags.VM_DONTEXPAND | VmFlags.VM_PFNMAP)) != 0) {
      return -Errno.EINVAL;
    }
    if (vrm.remap_type == MremapType.MREMAP_SHRINK) {
      oldLen = newLen; // the unmapped tail may cross VMA boundaries
    }
    if (Long.compareUnsigned(oldLen, vma.vm_end - vrm.addr) > 0) {
      return -Errno.EFAULT; // cannot remap across the end of the VMA
    }
    if (newLen == oldLen) {
      return 0;
    }
    long pgoff = vma.vm_pgoff + ((vrm.addr - vma.vm_start) >>> PAGE_SHIFT);
    if (Long.compareUnsigned(pgoff + (newLen >>> PAGE_SHIFT), pgoff) < 0) {
      return -Errno.EINVAL;
    }
    if ((vma.vm_flags & (VmFlags.VM_DONTEXPAND | VmFlags.VM_PFNMAP)) != 0) {
      return -Errno.EFAULT;
    }
    return 0; // mlock_future_ok (EAGAIN) and may_expand_vm (ENOMEM): no rlimits in the model
  }

  // ---------------------------------------------------------------------------------------------
  // The three ways: move only, move to a new address, resize at the same address

  /**
   * {@code remap_move}: moves every VMA of [addr, addr + old_len) to new_addr, keeping the gaps
   * between them. Returns the address of the first moved piece or a negative errno (pieces already
   * moved stay moved, as in the kernel).
   */
  static long remapMove(MmStruct mm, VmaRemapStruct vrm) {
    long start = vrm.addr;
    long end = vrm.addr + vrm.old_len;
    long targetAddr = vrm.new_addr;
    long res = -Errno.EFAULT;
    long lastEnd = 0;
    boolean seenVma = false;
    for (VmAreaStruct vma = VmaFunctions.findIntersection(mm, start, end);
        vma != null;
        vma = VmaFunctions.findIntersection(mm, lastEnd, end)) {
      long addr = Math.max(vma.vm_start, start);
      long len = Math.min(end, vma.vm_end) - addr;
      if (!seenVma && start < vma.vm_start) {
        return -Errno.EFAULT; // no gap permitted at the start of the range
      }
      long offset = seenVma ? vma.vm_start - lastEnd : 0;
      lastEnd = vma.vm_end;
      vrm.vma = vma;
      vrm.addr = addr;
      vrm.new_addr = targetAddr + offset;
      vrm.old_len = len;
      vrm.new_len = len;
      // vma_multi_allowed: no userfaultfd, no custom get_unmapped_area in the model
      long r = checkPrepVma(mm, vrm);
      if (r == 0) {
        r = mremapTo(mm, vrm);
      }
      if (Errno.isError(r)) {
        return r;
      }
      if (!seenVma) {
        res = r;
      }
      seenVma = true;
      targetAddr = r + vrm.new_len;
    }
    return res;
  }

  /** {@code mremap_to}: move (and possibly shrink) to an implied new address. */
  static long mremapTo(MmStruct mm, VmaRemapStruct vrm) {
    if ((vrm.flags & MREMAP_FIXED) != 0) {
      // Like MAP_FIXED: whatever lies at the target goes first.
      int err = Mmap.doMunmap(mm, vrm.new_addr, vrm.new_len);
      vrm.vma = null; // invalidated: the target may have been part of the source VMA
      if (err != 0) {
        return err;
      }
      vrm.vma = vmaLookup(mm, vrm.addr);
      if (vrm.vma == null) {
        return -Errno.EFAULT;
      }
    }
    if (vrm.remap_type == MremapType.MREMAP_SHRINK) {
      long err = shrinkVma(mm, vrm, false);
      if (err != 0) {
        return err;
      }
      vrm.old_len = vrm.new_len; // what is left to move
    }
    long err = vrmSetNewAddr(mm, vrm);
    if (err != 0) {
      return err;
    }
    return moveVma(mm, vrm);
  }

  /** {@code mremap_at}: resize without a new address being implied. */
  static long mremapAt(MmStruct mm, VmaRemapStruct vrm) {
    switch (vrm.remap_type) {
      case MREMAP_NO_RESIZE:
        return vrm.addr;
      case MREMAP_SHRINK:
        {
          long res = shrinkVma(mm, vrm, true);
          return res != 0 ? res : vrm.addr;
        }
      case MREMAP_EXPAND:
        return expandVma(mm, vrm);
      default:
        throw new AssertionError(vrm.remap_type);
    }
  }

  /**
   * {@code shrink_vma}: unmaps [addr + new_len, addr + old_len), which may cross VMA boundaries.
   * With {@code dropLock} (the final step of a shrink) the kernel's {@code do_vmi_munmap} releases
   * {@code mmap_lock} itself; {@link Mmap#doVmiMunmap} does so too.
   */
  static long shrinkVma(MmStruct mm, VmaRemapStruct vrm, boolean dropLock) {
    long unmapStart = vrm.addr + vrm.new_len;
    int res = Mmap.doVmiMunmap(mm, unmapStart, vrm.delta, dropLock);
    vrm.vma = null; // invalidated
    if (dropLock && res == 0) {
      vrm.mmap_locked = false;
    }
    if (res != 0) {
      return res;
    }
    if (!dropLock) {
      vrm.vma = vmaLookup(mm, vrm.addr);
      if (vrm.vma == null) {
        return -Errno.EFAULT;
      }
    }
    return 0;
  }

  /**
   * {@code expand_vma}: grow in place when [addr, addr + old_len) ends the VMA and the space after
   * it is free; else move if allowed, else {@code -ENOMEM}.
   */
  static long expandVma(MmStruct mm, VmaRemapStruct vrm) {
    if (vrmCanExpandInPlace(mm, vrm)) {
      VmAreaStruct vma = VmaFunctions.vmaMergeExtend(mm, vrm.vma, vrm.delta);
      if (vma == null) {
        return -Errno.ENOMEM;
      }
      vrm.vma = vma;
      return vrm.addr;
    }
    if ((vrm.flags & MREMAP_MAYMOVE) == 0) {
      return -Errno.ENOMEM;
    }
    long err = vrmSetNewAddr(mm, vrm);
    if (err != 0) {
      return err;
    }
    return moveVma(mm, vrm);
  }

  /** {@code vrm_can_expand_in_place} + {@code vma_expandable}. */
  private static boolean vrmCanExpandInPlace(MmStruct mm, VmaRemapStruct vrm) {
    VmAreaStruct vma = vrm.vma;
    if (vma.vm_end - vrm.addr != vrm.old_len) {
      return false; // only a range that ends the VMA can grow in place
    }
    long end = vma.vm_end + vrm.delta;
    if (Long.compareUnsigned(end, vma.vm_end) < 0) {
      return false; // overflow
    }
    if (VmaFunctions.findIntersection(mm, vma.vm_end, end) != null) {
      return false;
    }
    // get_unmapped_area(NULL, vm_start, end - vm_start, 0, MAP_FIXED) must not fail
    return !Errno.isError(
        Mmap.getUnmappedArea(mm, vma.vm_start, end - vma.vm_start, Mman.MAP_FIXED));
  }

  /**
   * {@code vrm_set_new_addr}: {@code get_unmapped_area} for the target: MAP_FIXED at new_addr with
   * MREMAP_FIXED, new_addr as a hint with only MREMAP_DONTUNMAP, else anywhere.
   */
  private static long vrmSetNewAddr(MmStruct mm, VmaRemapStruct vrm) {
    long hint = vrmImpliesNewAddr(vrm) ? vrm.new_addr : 0;
    int mapFlags = (vrm.flags & MREMAP_FIXED) != 0 ? Mman.MAP_FIXED : 0;
    long res = Mmap.getUnmappedArea(mm, hint, vrm.new_len, mapFlags);
    if (Errno.isError(res)) {
      return res;
    }
    vrm.new_addr = res;
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // move_vma

  /**
   * {@code move_vma}: copy the source range to new_addr (copy_vma + move_page_tables), then unmap
   * the source, or with MREMAP_DONTUNMAP keep it without its pages. Returns new_addr or a negative
   * errno.
   */
  static long moveVma(MmStruct mm, VmaRemapStruct vrm) {
    // prep_move_vma: a later munmap may split one VMA into three
    if (mm.map_count >= VmaFunctions.MAX_MAP_COUNT - 3) {
      return -Errno.ENOMEM;
    }
    MmapLock.vmaStartWrite(vrm.vma); // no racing faults on the source
    // copy_vma_and_data
    long newPgoff = vrm.vma.vm_pgoff + ((vrm.addr - vrm.vma.vm_start) >>> PAGE_SHIFT);
    VmAreaStruct[] vmap = {vrm.vma};
    VmAreaStruct newVma = VmaFunctions.copyVma(mm, vmap, vrm.new_addr, vrm.new_len, newPgoff);
    vrm.vma = vmap[0]; // the source may have merged with its own copy
    if (newVma == null) {
      return -Errno.ENOMEM;
    }
    // move_page_tables: both VMAs are write-locked (the copy by vma_link or by the merge)
    MmapLock.vmaAssertWriteLocked(newVma);
    mm.pageTable().moveRange(vrm.addr, vrm.new_addr, vrm.old_len);
    if ((vrm.flags & MREMAP_DONTUNMAP) != 0) {
      dontunmapComplete(vrm, newVma);
    } else {
      unmapSourceVma(mm, vrm);
    }
    return vrm.new_addr;
  }

  /**
   * {@code dontunmap_complete}: the kept source loses VM_LOCKED and VM_ACCOUNT, and its anon_vma
   * links if the whole VMA was moved.
   */
  private static void dontunmapComplete(VmaRemapStruct vrm, VmAreaStruct newVma) {
    VmAreaStruct vma = vrm.vma;
    long start = vrm.addr;
    long end = vrm.addr + vrm.old_len;
    MmapLock.vmaStartWrite(vma); // vm_flags_clear
    vma.vm_flags &= ~(VmFlags.VM_LOCKED | VmFlags.VM_ACCOUNT);
    if (newVma != vma && start == vma.vm_start && end == vma.vm_end) {
      vma.anon_vma = null; // unlink_anon_vmas
      vma.anon_vma_chain = new AnonVmaChain();
    }
  }

  /**
   * {@code unmap_source_vma}: munmap of the source range. VM_ACCOUNT is cleared first (the move was
   * charged already, the unmap must not uncharge) and set again on what is left on either side.
   */
  private static void unmapSourceVma(MmStruct mm, VmaRemapStruct vrm) {
    long addr = vrm.addr;
    long len = vrm.old_len;
    VmAreaStruct vma = vrm.vma;
    boolean accountableMove =
        (vma.vm_flags & VmFlags.VM_ACCOUNT) != 0 && (vrm.flags & MREMAP_DONTUNMAP) == 0;
    long vmStart = vma.vm_start;
    long vmEnd = vma.vm_end;
    if (accountableMove) {
      MmapLock.vmaStartWrite(vma); // vm_flags_clear
      vma.vm_flags &= ~VmFlags.VM_ACCOUNT;
    }
    int err = len == 0 ? -Errno.EINVAL : Mmap.doMunmap(mm, addr, len);
    vrm.vma = null; // invalidated
    if (err != 0) {
      return; // the kernel only fixes its accounting here
    }
    if (accountableMove) {
      long end = addr + len;
      if (vmStart < addr) {
        VmAreaStruct prev = VmaFunctions.prevOf(mm, addr);
        MmapLock.vmaStartWrite(prev); // vm_flags_set
        prev.vm_flags |= VmFlags.VM_ACCOUNT;
      }
      if (vmEnd > end) {
        VmAreaStruct next = VmaFunctions.nextFrom(mm, end);
        MmapLock.vmaStartWrite(next);
        next.vm_flags |= VmFlags.VM_ACCOUNT;
      }
    }
  }
}
