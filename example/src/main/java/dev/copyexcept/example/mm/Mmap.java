package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED_NOREPLACE;
import static dev.copyexcept.example.mm.Mman.MAP_LOCKED;
import static dev.copyexcept.example.mm.Mman.MAP_NORESERVE;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED_VALIDATE;
import static dev.copyexcept.example.mm.Mman.MAP_TYPE;
import static dev.copyexcept.example.mm.Mman.MMAP_MIN_ADDR;
import static dev.copyexcept.example.mm.Mman.PAGE_SHIFT;
import static dev.copyexcept.example.mm.Mman.TASK_SIZE;

import dev.copyexcept.example.tree.VmaTree;
import java.util.List;

/**
 * The address-space syscalls of {@code mm/mmap.c} ({@code do_mmap}, {@code get_unmapped_area},
 * {@code mmap_region}, {@code do_vmi_munmap}, {@code exit_mmap}) and {@code dup_mmap} of {@code
 * kernel/fork.c}. Called by {@link MmStruct}'s public methods, which take the locks.
 */
final class Mmap {
  /*
   * Implementation notes.
   *
   * Argument checking happens before anything changes, in the kernel's order, so that the
   * errno of the first failing check is returned (do_mmap: len, hint rounding, length overflow,
   * pgoff overflow, map count, get_unmapped_area's range checks, MAP_FIXED_NOREPLACE, then the
   * mapping type). Model extensions: unknown PROT bits are rejected with EINVAL by mmap too (Linux
   * mprotect rejects them; Linux mmap ignores them); "fd" is a VmFile reference, so the EBADF of a
   * non-anonymous mapping without a file is checked first, as ksys_mmap_pgoff's fget is; with
   * MAP_ANONYMOUS the file is ignored, as Linux ignores fd.
   *
   * Address choice (arch_get_unmapped_area_topdown without randomisation): a hint is used when
   * [hint, hint + len) is free and inside [MMAP_MIN_ADDR, TASK_SIZE); otherwise the highest free
   * gap below mmap_base = TASK_SIZE (no stack, no random gap) that fits. Deterministic.
   *
   * Locking: every function here is called with mmap_lock held for write; see VmaFunctions's notes for
   * the per-VMA lock discipline.
   */

  private Mmap() {}

  /** The PROT bits the model accepts ({@code arch_validate_prot}: read, write, exec, sem). */
  static final int PROT_VALID = Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC | Mman.PROT_SEM;

  /** {@code LEGACY_MAP_MASK}: flags that MAP_SHARED/MAP_PRIVATE accept (others are ignored). */
  static final int MAP_KNOWN =
      MAP_TYPE
          | MAP_FIXED
          | MAP_ANONYMOUS
          | MAP_LOCKED
          | MAP_NORESERVE
          | Mman.MAP_POPULATE
          | Mman.MAP_GROWSDOWN
          | MAP_FIXED_NOREPLACE;

  /** Validation of mmap arguments that needs no lock; returns 0 or a negative errno. */
  static long checkArgsUnlocked(int prot, int flags, VmFile file) {
    if ((flags & MAP_ANONYMOUS) == 0 && file == null) {
      return -Errno.EBADF; // ksys_mmap_pgoff: fget(fd) failed
    }
    if ((prot & ~PROT_VALID) != 0) {
      return -Errno.EINVAL;
    }
    return 0;
  }

  /**
   * {@code do_mmap}. mmap_lock held for write. Returns the address or a negative errno; on error
   * nothing has changed.
   */
  static long doMmap(
      MmStruct mm, long addr, long len, int prot, int flags, VmFile file, long pgoff) {
    MmapLock.mmapAssertWriteLocked(mm);
    if ((flags & MAP_ANONYMOUS) != 0) {
      file = null;
    }
    if (len == 0) {
      return -Errno.EINVAL;
    }
    if ((flags & MAP_FIXED_NOREPLACE) != 0) {
      flags |= MAP_FIXED;
    }
    if ((flags & MAP_FIXED) == 0 && addr != 0 && Long.compareUnsigned(addr, MMAP_MIN_ADDR) < 0) {
      addr = MMAP_MIN_ADDR; // round_hint_to_min
    }
    len = Mman.pageAlign(len);
    if (len == 0) {
      return -Errno.ENOMEM; // the length overflowed
    }
    if (Long.compareUnsigned(pgoff + (len >>> PAGE_SHIFT), pgoff) < 0) {
      return -Errno.EOVERFLOW;
    }
    if (mm.map_count > VmaFunctions.MAX_MAP_COUNT) {
      return -Errno.ENOMEM;
    }
    long a = getUnmappedArea(mm, addr, len, flags);
    if (Errno.isError(a)) {
      return a;
    }
    addr = a;
    if ((flags & MAP_FIXED_NOREPLACE) != 0
        && VmaFunctions.findIntersection(mm, addr, addr + len) != null) {
      return -Errno.EEXIST;
    }
    long vmFlags =
        VmFlags.calcVmProtBits(prot)
            | VmFlags.VM_MAYREAD
            | VmFlags.VM_MAYWRITE
            | VmFlags.VM_MAYEXEC;
    if ((flags & MAP_LOCKED) != 0) {
      vmFlags |= VmFlags.VM_LOCKED;
    }
    if ((flags & Mman.MAP_GROWSDOWN) != 0) {
      vmFlags |= VmFlags.VM_GROWSDOWN; // calc_vm_flag_bits
    }
    int type = flags & MAP_TYPE;
    if (file != null) {
      switch (type) {
        case MAP_SHARED_VALIDATE:
          if ((flags & ~MAP_KNOWN) != 0) {
            return -Errno.EOPNOTSUPP;
          }
          vmFlags |= VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE;
          break;
        case MAP_SHARED:
          vmFlags |= VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE;
          break;
        case MAP_PRIVATE:
          break;
        default:
          return -Errno.EINVAL;
      }
    } else {
      switch (type) {
        case MAP_SHARED:
          if ((vmFlags & VmFlags.VM_GROWSDOWN) != 0) {
            return -Errno.EINVAL;
          }
          pgoff = 0;
          vmFlags |= VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE;
          break;
        case MAP_PRIVATE:
          pgoff = addr >>> PAGE_SHIFT;
          break;
        default:
          return -Errno.EINVAL;
      }
    }
    if ((flags & MAP_NORESERVE) != 0) {
      vmFlags |= VmFlags.VM_NORESERVE;
    }
    return mmapRegion(mm, file, addr, len, vmFlags, pgoff, type == MAP_SHARED && file == null);
  }

  /**
   * {@code __get_unmapped_area}: the address for a mapping of {@code len} bytes, or a negative
   * errno. Changes nothing.
   */
  static long getUnmappedArea(MmStruct mm, long addr, long len, int flags) {
    if (Long.compareUnsigned(len, TASK_SIZE) > 0) {
      return -Errno.ENOMEM;
    }
    long a;
    if ((flags & MAP_FIXED) != 0) {
      a = addr;
    } else {
      a = -1;
      if (addr != 0) {
        long hint = Mman.pageAlign(addr);
        if (Long.compareUnsigned(hint, addr) >= 0
            && Long.compareUnsigned(TASK_SIZE - len, hint) >= 0
            && Long.compareUnsigned(hint, MMAP_MIN_ADDR) >= 0
            && VmaFunctions.findIntersection(mm, hint, hint + len) == null) {
          a = hint;
        }
      }
      if (a == -1) {
        a = topDown(mm, len);
        if (a < 0) {
          return -Errno.ENOMEM;
        }
      }
    }
    if (Long.compareUnsigned(a, TASK_SIZE - len) > 0) {
      return -Errno.ENOMEM;
    }
    if (!Mman.pageAligned(a)) {
      return -Errno.EINVAL;
    }
    if (Long.compareUnsigned(a, MMAP_MIN_ADDR) < 0) {
      return -Errno.EPERM; // security_mmap_addr: below vm.mmap_min_addr without CAP_SYS_RAWIO
    }
    return a;
  }

  /**
   * {@code unmapped_area_topdown}: the highest gap in [MMAP_MIN_ADDR, TASK_SIZE) that fits, or -1.
   */
  private static long topDown(MmStruct mm, long len) {
    List<VmaTree.Entry<VmAreaStruct>> entries = mm.mm_mt.entries();
    long high = TASK_SIZE;
    for (int i = entries.size() - 1; i >= -1; i--) {
      long low = i >= 0 ? Math.max(entries.get(i).end(), MMAP_MIN_ADDR) : MMAP_MIN_ADDR;
      if (high > low && high - low >= len) {
        return high - len;
      }
      if (i >= 0) {
        high = Math.min(high, entries.get(i).start());
        if (high <= MMAP_MIN_ADDR) {
          return -1;
        }
      }
    }
    return -1;
  }

  /**
   * {@code __mmap_region}: unmaps what lies in [addr, addr + len) (MAP_FIXED), then merges the new
   * range into a neighbour or inserts a new VMA. Returns addr, or -ENOMEM if the map count would be
   * exceeded (nothing changed).
   */
  static long mmapRegion(
      MmStruct mm, VmFile file, long addr, long len, long vmFlags, long pgoff, boolean sharedAnon) {
    long end = addr + len;
    // __mmap_prepare: accountable_mapping
    if ((vmFlags & (VmFlags.VM_NORESERVE | VmFlags.VM_SHARED | VmFlags.VM_WRITE))
        == VmFlags.VM_WRITE) {
      vmFlags |= VmFlags.VM_ACCOUNT;
    }
    if (VmaFunctions.findIntersection(mm, addr, end) == null
        && mm.map_count >= VmaFunctions.MAX_MAP_COUNT) {
      return -Errno.ENOMEM;
    }
    List<VmAreaStruct> detached = VmaFunctions.gatherMunmap(mm, addr, end);
    if (detached == null) {
      return -Errno.ENOMEM;
    }
    VmaFunctions.cleanUpArea(mm, detached, addr, end);
    if (sharedAnon) {
      file =
          VmFile.shmemZero(len); // shmem_zero_setup: every shared anonymous mapping is its own file
    }

    VmaFunctions.MergeState m = new VmaFunctions.MergeState();
    m.prev = VmaFunctions.prevOf(mm, addr);
    if (m.prev != null && m.prev.vm_end > addr) {
      m.prev = null; // cannot happen after the gather; defensive
    }
    m.next = VmaFunctions.nextFrom(mm, end);
    m.start = addr;
    m.end = end;
    m.pgoff = pgoff;
    m.flags = vmFlags;
    m.file = file;

    VmAreaStruct vma = null;
    boolean hooked = file != null && file.mmapHook() != null;
    if (!hooked) {
      vma = VmaFunctions.mergeNewRange(mm, m);
    }
    if (vma == null) {
      VmAreaStruct nv = newVma(mm, addr, end, vmFlags, file, pgoff);
      if (hooked) {
        file.mmapHook().accept(nv); // call_mmap: the driver may set flags and vm_ops
        m.flags = nv.vm_flags;
        m.vmOps = nv.vm_ops;
        vma = VmaFunctions.mergeNewRange(mm, m);
        if (vma != null) {
          VmaInit.vmAreaFree(nv); // never attached
        }
      }
      if (vma == null) {
        MmapLock.vmaStartWrite(nv);
        VmaFunctions.link(mm, nv);
      }
    }
    VmaFunctions.completeMunmap(mm, detached);
    return addr;
  }

  /** {@code vm_area_alloc} and the initialisation of __mmap_new_vma; the VMA is detached. */
  private static VmAreaStruct newVma(
      MmStruct mm, long start, long end, long vmFlags, VmFile file, long pgoff) {
    VmAreaStruct vma = VmaInit.vmAreaAlloc(mm);
    vma.vm_mm = mm;
    vma.vm_start = start;
    vma.vm_end = end;
    vma.vm_flags = vmFlags;
    vma.vm_page_prot = vmGetPageProt(vmFlags);
    vma.vm_pgoff = pgoff;
    vma.vm_file = file;
    vma.vm_ops = null;
    vma.anon_vma = null;
    vma.anon_vma_chain = new AnonVmaChain();
    vma.vm_private_data = null;
    return vma;
  }

  /**
   * {@code stack_guard_gap}: the gap a growing stack keeps above an accessible VMA below it (256
   * pages, the default of the {@code stack_guard_gap=} boot parameter).
   */
  static final long STACK_GUARD_GAP = 256L << PAGE_SHIFT;

  /** {@code rlimit(RLIMIT_STACK)}: the usual 8 MiB soft limit (no setrlimit in the model). */
  static final long RLIMIT_STACK = 8L << 20;

  /**
   * {@code expand_stack_locked} (x86: stacks grow down only): grows the {@code VM_GROWSDOWN} VMA
   * {@code vma} down to cover {@code address}. mmap_lock held for write. Returns 0 or a negative
   * errno.
   */
  static int expandStackLocked(VmAreaStruct vma, long address) {
    return VmaFunctions.expandDownwards(vma, address);
  }

  /** {@code vm_get_page_prot}: the PTE protection for a set of VM flags (here: the PROT_* bits). */
  static long vmGetPageProt(long vmFlags) {
    long prot = 0;
    if ((vmFlags & VmFlags.VM_READ) != 0) {
      prot |= Mman.PROT_READ;
    }
    if ((vmFlags & VmFlags.VM_WRITE) != 0) {
      prot |= Mman.PROT_WRITE;
    }
    if ((vmFlags & VmFlags.VM_EXEC) != 0) {
      prot |= Mman.PROT_EXEC;
    }
    return prot;
  }

  /** {@code do_munmap}: {@link #doVmiMunmap} keeping {@code mmap_lock} for write. */
  static int doMunmap(MmStruct mm, long start, long len) {
    return doVmiMunmap(mm, start, len, false);
  }

  /**
   * {@code do_vmi_munmap}. mmap_lock held for write. Returns 0 or a negative errno (nothing
   * changed). With {@code unlock} (the munmap syscall, mremap's final shrink) a successful call
   * returns with mmap_lock released: it is downgraded to read once the range is out of the tree,
   * and the page tables are cleared and the VMAs freed under the read lock, as {@code
   * vms_complete_munmap_vmas} does; on an error the write lock is still held.
   */
  static int doVmiMunmap(MmStruct mm, long start, long len, boolean unlock) {
    MmapLock.mmapAssertWriteLocked(mm);
    if (!Mman.pageAligned(start)
        || Long.compareUnsigned(start, TASK_SIZE) > 0
        || Long.compareUnsigned(len, TASK_SIZE - start) > 0) {
      return -Errno.EINVAL;
    }
    long end = start + Mman.pageAlign(len);
    if (end == start) {
      return -Errno.EINVAL;
    }
    List<VmAreaStruct> detached = VmaFunctions.gatherMunmap(mm, start, end);
    if (detached == null) {
      return -Errno.ENOMEM;
    }
    if (detached.isEmpty()) {
      if (unlock) {
        MmapLock.mmapWriteUnlock(mm);
      }
      return 0;
    }
    mm.mm_mt.erase(start, end); // vma_iter_clear_gfp
    VmaFunctions.completeMunmapVmas(mm, detached, start, end, unlock);
    return 0;
  }

  /**
   * {@code dup_mmap}: copies {@code oldmm}'s VMAs and page tables into the new {@code mm}. Both
   * mmap_locks are held for write; every parent VMA is write-locked before it is read, so no fault
   * changes its page tables or its anon_vma while it is copied.
   */
  static void dupMmap(MmStruct mm, MmStruct oldmm) {
    MmapLock.mmapAssertWriteLocked(oldmm);
    MmapLock.mmapAssertWriteLocked(mm);
    for (VmaTree.Entry<VmAreaStruct> e : oldmm.mm_mt.entries()) {
      VmAreaStruct mpnt = e.value();
      MmapLock.vmaStartWrite(mpnt);
      if ((mpnt.vm_flags & VmFlags.VM_DONTCOPY) != 0) {
        continue;
      }
      VmAreaStruct tmp = VmaInit.vmAreaDup(mpnt); // detached, unlocked
      tmp.vm_mm = mm;
      Rmap.anonVmaFork(tmp, mpnt);
      tmp.vm_flags &= ~VmFlags.VM_LOCKED;
      if (tmp.vm_ops != null && tmp.vm_ops.open() != null) {
        tmp.vm_ops.open().accept(tmp);
      }
      MmapLock.vmaStartWrite(tmp);
      // vma_iter_bulk_store: store, then vma_mark_attached (the child is not visible yet)
      mm.mm_mt.store(tmp.vm_start, tmp.vm_end, tmp);
      MmapLock.vmaMarkAttached(tmp);
      mm.map_count++;
      // copy_page_range, if vma_needs_copy: anonymous pages exist, or a PFN mapping
      if (mpnt.anon_vma != null
          || (mpnt.vm_flags & (VmFlags.VM_PFNMAP | VmFlags.VM_MIXEDMAP)) != 0) {
        boolean cow =
            (mpnt.vm_flags & (VmFlags.VM_SHARED | VmFlags.VM_MAYWRITE)) == VmFlags.VM_MAYWRITE;
        oldmm.pageTable().copyRange(mm.pageTable(), mpnt.vm_start, mpnt.vm_end, cow);
      }
    }
  }

  /**
   * {@code exit_mmap}: clears the page tables, then write-locks and detaches every VMA while it is
   * still in the tree, empties the tree, and only then frees the VMAs. mmap_lock held for write.
   */
  static void exitMmap(MmStruct mm) {
    MmapLock.mmapAssertWriteLocked(mm);
    List<VmaTree.Entry<VmAreaStruct>> entries = mm.mm_mt.entries();
    for (VmaTree.Entry<VmAreaStruct> e : entries) {
      MmapLock.vmaStartWrite(e.value());
    }
    for (VmaTree.Entry<VmAreaStruct> e : entries) {
      mm.pageTable().clearRange(e.start(), e.end());
    }
    for (VmaTree.Entry<VmAreaStruct> e : entries) {
      VmAreaStruct vma = e.value();
      if (vma.vm_ops != null && vma.vm_ops.close() != null) {
        vma.vm_ops.close().accept(vma);
      }
      MmapLock.vmaMarkDetached(vma);
    }
    mm.mm_mt.clear(); // __mt_destroy
    mm.map_count = 0;
    for (VmaTree.Entry<VmAreaStruct> e : entries) {
      VmaInit.vmAreaFree(e.value());
    }
  }
}
