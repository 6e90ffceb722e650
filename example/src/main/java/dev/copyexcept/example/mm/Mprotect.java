package dev.copyexcept.example.mm;

import java.util.function.LongUnaryOperator;

/**
 * {@code mm/mprotect.c} ({@code do_mprotect_pkey}, {@code mprotect_fixup}) and the flag-changing
 * part of {@code mm/madvise.c} ({@code MADV_DONTFORK}/{@code MADV_DOFORK}), which walk a range VMA
 * by VMA, splitting and merging through {@link VmaFunctions#modifyFlags}.
 */
final class Mprotect {
  /*
   * Implementation notes.
   *
   * Both syscalls run with mmap_lock held for write. The walk follows do_mprotect_pkey: the first
   * VMA must start at or below start (else -ENOMEM, nothing changed); each VMA in turn is changed
   * over its part of the range; a hole (the next VMA does not start where the previous ended)
   * stops the walk with -ENOMEM, leaving the part before the hole changed, as Linux does. After a
   * change the walk continues from the end of the VMA that now covers the changed part (which a
   * merge may have extended).
   *
   * A VMA's flags and its PTEs' write bits are changed only after vmaStartWrite (inside
   * VmaFunctions.modifyFlags), so a fault either completed before (and its page is write-protected here
   * if write was removed) or starts after and sees the new flags: no write fault succeeds after
   * mprotect(PROT_READ) returns.
   */

  private Mprotect() {}

  private static final long VM_ACCESS_FLAGS = VmFlags.VM_READ | VmFlags.VM_WRITE | VmFlags.VM_EXEC;

  /** {@code do_mprotect_pkey}. mmap_lock held for write for the walk; checks first. */
  static int doMprotect(MmStruct mm, long start, long len, int prot) {
    MmapLock.mmapAssertWriteLocked(mm);
    long reqFlags = VmFlags.calcVmProtBits(prot);
    return walk(
        mm,
        start,
        len,
        vma -> {
          long newflags = reqFlags | (vma & ~VM_ACCESS_FLAGS);
          // newflags >> 4 shifts VM_MAY* onto VM_*: asking for what may not be granted
          if ((newflags & ~(newflags >>> 4) & VM_ACCESS_FLAGS) != 0) {
            return -1;
          }
          return newflags;
        },
        -Errno.EACCES,
        false);
  }

  /**
   * Arguments of mprotect that are checked before taking the lock; 0, 1 (len 0: nothing to do) or a
   * negative errno.
   */
  static int checkMprotectArgs(long start, long len, int prot) {
    if (!Mman.pageAligned(start)) {
      return -Errno.EINVAL;
    }
    if (len == 0) {
      return 1;
    }
    long end = start + Mman.pageAlign(len);
    if (Long.compareUnsigned(end, start) <= 0) {
      return -Errno.ENOMEM;
    }
    if ((prot & ~Mmap.PROT_VALID) != 0) {
      return -Errno.EINVAL; // arch_validate_prot
    }
    return 0;
  }

  /** madvise advice values handled by the model. */
  static int checkMadviseArgs(long start, long len, int advice) {
    if (advice != Mman.MADV_DONTFORK && advice != Mman.MADV_DOFORK) {
      return -Errno.EINVAL;
    }
    if (!Mman.pageAligned(start)) {
      return -Errno.EINVAL;
    }
    long end = start + Mman.pageAlign(len);
    if (len != 0 && Mman.pageAlign(len) == 0) {
      return -Errno.EINVAL;
    }
    if (Long.compareUnsigned(end, start) < 0) {
      return -Errno.EINVAL;
    }
    if (end == start) {
      return 1;
    }
    return 0;
  }

  /** {@code madvise_vma_behavior} for MADV_DONTFORK / MADV_DOFORK. mmap_lock held for write. */
  static int doMadvise(MmStruct mm, long start, long len, int advice) {
    MmapLock.mmapAssertWriteLocked(mm);
    return walk(
        mm,
        start,
        len,
        flags -> {
          if (advice == Mman.MADV_DONTFORK) {
            return flags | VmFlags.VM_DONTCOPY;
          }
          if ((flags & VmFlags.VM_IO) != 0) {
            return -1; // madvise_vma_behavior: a VM_IO mapping cannot be made DOFORK
          }
          return flags & ~VmFlags.VM_DONTCOPY;
        },
        -Errno.EINVAL,
        true);
  }

  /**
   * Applies {@code newFlags} (old flags to new flags, or -1 to refuse with {@code refuseErrno}) VMA
   * by VMA over [start, start + len). Returns 0, -ENOMEM for a hole or an unmapped start, or the
   * refusal errno. mprotect stops at the first hole; madvise ({@code skipHoles}, madvise_walk_vmas)
   * applies the change to every mapped part and reports -ENOMEM at the end.
   */
  private static int walk(
      MmStruct mm,
      long start,
      long len,
      LongUnaryOperator newFlags,
      int refuseErrno,
      boolean skipHoles) {
    long end = start + Mman.pageAlign(len);
    VmAreaStruct vma = VmaFunctions.findIntersection(mm, start, end);
    if (vma == null) {
      return -Errno.ENOMEM;
    }
    boolean hole = false;
    if (vma.vm_start > start) {
      if (!skipHoles) {
        return -Errno.ENOMEM;
      }
      hole = true;
      start = vma.vm_start;
    }
    VmAreaStruct prev = start > vma.vm_start ? vma : VmaFunctions.prevOf(mm, vma.vm_start);
    long nstart = start;
    long tmp = vma.vm_start;
    int error = 0;
    while (vma != null) {
      if (vma.vm_start != tmp) {
        if (!skipHoles) {
          error = -Errno.ENOMEM;
          break;
        }
        hole = true;
        nstart = vma.vm_start;
        prev = VmaFunctions.prevOf(mm, nstart);
      }
      long newflags = newFlags.applyAsLong(vma.vm_flags);
      if (newflags == -1) {
        error = refuseErrno;
        break;
      }
      tmp = Math.min(vma.vm_end, end);
      VmAreaStruct res = fixup(mm, prev, vma, nstart, tmp, newflags);
      if (res == null) {
        error = -Errno.ENOMEM;
        break;
      }
      prev = res;
      tmp = res.vm_end;
      nstart = tmp;
      if (Long.compareUnsigned(nstart, end) >= 0) {
        break;
      }
      vma = VmaFunctions.findIntersection(mm, nstart, end);
    }
    if (error == 0 && (hole || Long.compareUnsigned(tmp, end) < 0)) {
      error = -Errno.ENOMEM;
    }
    return error;
  }

  /**
   * {@code mprotect_fixup}: gives [start, end) of {@code vma} the flags {@code newflags}; returns
   * the VMA now covering that range, or null if a split was refused.
   */
  private static VmAreaStruct fixup(
      MmStruct mm, VmAreaStruct prev, VmAreaStruct vma, long start, long end, long newflags) {
    long oldflags = vma.vm_flags;
    if (newflags == oldflags) {
      return vma;
    }
    if ((newflags & VmFlags.VM_WRITE) != 0) {
      if ((oldflags
              & (VmFlags.VM_ACCOUNT | VmFlags.VM_WRITE | VmFlags.VM_SHARED | VmFlags.VM_NORESERVE))
          == 0) {
        newflags |= VmFlags.VM_ACCOUNT;
      }
    } else if ((oldflags & VmFlags.VM_ACCOUNT) != 0
        && vma.vm_file == null
        && vma.anon_vma == null) {
      newflags &= ~VmFlags.VM_ACCOUNT;
    }
    VmAreaStruct res = VmaFunctions.modifyFlags(mm, prev, vma, start, end, newflags);
    if (res == null) {
      return null;
    }
    MmapLock.vmaStartWrite(res);
    res.vm_flags = newflags;
    res.vm_page_prot = Mmap.vmGetPageProt(newflags);
    if ((newflags & VmFlags.VM_WRITE) == 0 && (oldflags & VmFlags.VM_WRITE) != 0) {
      mm.pageTable().wrprotectRange(start, end); // change_protection
    }
    return res;
  }
}
