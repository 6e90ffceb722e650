package dev.copyexcept.example.mm;

/**
 * The user page-fault entry ({@code do_user_addr_fault} of {@code arch/x86/mm/fault.c}): try the
 * per-VMA lock ({@code lock_vma_under_rcu}); fall back to {@code mmap_lock} when no VMA could be
 * locked, or when the handler needs {@code mmap_lock} ({@code VM_FAULT_RETRY}).
 */
final class PageFault {
  /*
   * Implementation notes.
   *
   * The sequence and its counters (/proc/vmstat names in parentheses):
   *
   *   count PGFAULT (pgfault)
   *   vma = lockVmaUnderRcu(mm, addr)        [counts vma_lock_miss / vma_lock_abort itself;
   *                                           null at once with Kernel.builder().perVmaLock(false)]
   *   if vma != null:
   *       access_error  -> vmaEndRead, count VMA_LOCK_SUCCESS (as the kernel does: the fault was
   *                        completed under the VMA lock, with a signal), SIGSEGV
   *       handleMmFault(vma, FAULT_FLAG_VMA_LOCK)
   *       vmaEndRead
   *       not RETRY     -> count VMA_LOCK_SUCCESS; HANDLED_VMA_LOCK (or SIGBUS)
   *       RETRY         -> count VMA_LOCK_RETRY, go on below
   *   mmapReadLock; vma = find_vma(addr); none covering -> SIGSEGV
   *   access_error -> SIGSEGV; handleMmFault (may allocate the anon_vma) ; mmapReadUnlock
   *   count PGFAULT_MMAP_LOCK; HANDLED_AFTER_RETRY if we came from RETRY, else HANDLED_MMAP_LOCK
   *
   * access_error (x86): a write needs VM_WRITE; any other access needs one of VM_READ, VM_WRITE,
   * VM_EXEC (a PROT_NONE VMA faults every access). A permission failure is never retried.
   * Addresses at or above TASK_SIZE are not user addresses: SIGSEGV without any lock.
   *
   * Memory ordering: all of it is in the locks. A VMA returned by lockVmaUnderRcu was read-locked
   * with an acquire increment that pairs with the release in vmaMarkAttached and with the
   * writer's release of mm_lock_seq, so its fields are those of its last write session.
   */

  private PageFault() {}

  /** {@code do_user_addr_fault}: handles a fault of a user access to {@code addr} in {@code mm}. */
  static FaultResult doUserAddrFault(MmStruct mm, long addr, boolean write) {
    Kernel kernel = mm.kernel();
    kernel.countVmEvent(VmEvent.PGFAULT);
    if (Long.compareUnsigned(addr, Mman.TASK_SIZE) >= 0) {
      return segv(kernel);
    }
    boolean retried = false;
    // Without CONFIG_PER_VMA_LOCK, lock_vma_under_rcu is a stub that returns NULL.
    VmAreaStruct vma = kernel.perVmaLock() ? MmapLock.lockVmaUnderRcu(mm, addr) : null;
    if (vma != null) {
      if (accessError(write, vma)) {
        MmapLock.vmaEndRead(vma);
        kernel.countVmEvent(VmEvent.VMA_LOCK_SUCCESS);
        return segv(kernel);
      }
      int fault = Memory.handleMmFault(vma, addr, write, true);
      MmapLock.vmaEndRead(vma);
      if (fault != Memory.VM_FAULT_RETRY) {
        kernel.countVmEvent(VmEvent.VMA_LOCK_SUCCESS);
        return fault == Memory.VM_FAULT_SIGBUS ? sigbus(kernel) : FaultResult.HANDLED_VMA_LOCK;
      }
      kernel.countVmEvent(VmEvent.VMA_LOCK_RETRY);
      retried = true;
    }
    // lock_mmap: lock_mm_and_find_vma (grows a stack under the write lock, then downgrades)
    vma = MmapLock.lockMmAndFindVma(mm, addr);
    if (vma == null) {
      return segv(kernel); // bad_area_nosemaphore
    }
    try {
      if (accessError(write, vma)) {
        return segv(kernel);
      }
      int fault = Memory.handleMmFault(vma, addr, write, false);
      if (fault == Memory.VM_FAULT_SIGBUS) {
        return sigbus(kernel);
      }
      kernel.countVmEvent(VmEvent.PGFAULT_MMAP_LOCK);
      return retried ? FaultResult.HANDLED_AFTER_RETRY : FaultResult.HANDLED_MMAP_LOCK;
    } finally {
      MmapLock.mmapReadUnlock(mm);
    }
  }

  /** {@code access_error}: is this access forbidden by the VMA's flags? */
  static boolean accessError(boolean write, VmAreaStruct vma) {
    long flags = vma.vm_flags;
    if (write) {
      return (flags & VmFlags.VM_WRITE) == 0;
    }
    return (flags & (VmFlags.VM_READ | VmFlags.VM_WRITE | VmFlags.VM_EXEC)) == 0;
  }

  private static FaultResult segv(Kernel kernel) {
    kernel.countVmEvent(VmEvent.SEGFAULT);
    return FaultResult.SIGSEGV;
  }

  private static FaultResult sigbus(Kernel kernel) {
    kernel.countVmEvent(VmEvent.SIGBUS);
    return FaultResult.SIGBUS;
  }
}
