package dev.copyexcept.example.mm;

import dev.copyexcept.example.mm.PageTable.Pte;

/**
 * {@code handle_mm_fault} of {@code mm/memory.c}, for the model's page tables: installs the page
 * for one faulting address of a VMA that the caller has locked (per-VMA read lock, or {@code
 * mmap_lock}).
 */
final class Memory {
  /*
   * Implementation notes.
   *
   * Entry condition: the VMA is read-locked (vmaLocked == true, FAULT_FLAG_VMA_LOCK) or mmap_lock
   * is held; the address lies in [vm_start, vm_end) and the access is permitted (the caller
   * checked access_error). Under those locks no writer changes the VMA or clears its page-table
   * range (PageTable's rule), so reading vm_flags, vm_file, vm_pgoff here is race-free.
   *
   * The cases, as in mm/memory.c:
   *   no entry, anonymous VMA, read   do_anonymous_page maps the shared zero page read-only
   *                                   (no anon_vma needed)
   *   no entry, anonymous VMA, write  do_anonymous_page: needs anon_vma (vmf_anon_prepare)
   *   no entry, file VMA              beyond EOF: SIGBUS; read: do_read_fault maps the page-cache
   *                                   page read-only; write+shared: do_shared_fault maps it
   *                                   writable; write+private: do_cow_fault copies it into a new
   *                                   anonymous page (needs anon_vma)
   *   read-only entry, write          do_wp_page: shared mapping: make writable; an anonymous page
   *                                   mapped once: reuse it; else copy (needs anon_vma)
   *   entry allows the access         a spurious fault (another thread won the race): done
   *
   * "Needs anon_vma" when the VMA has none (__vmf_anon_prepare): anon_vma_prepare needs
   * mmap_lock (it looks at the neighbours to share their anon_vma), so under the VMA lock the
   * handler tries mmap_read_trylock: if it gets the lock it prepares the anon_vma there and the
   * fault completes under the VMA lock; only if mmap_lock is contended (a writer holds it or
   * waits for it) does it return VM_FAULT_RETRY, and the caller redoes the fault under mmap_lock.
   * The trylock cannot deadlock with a writer waiting for this VMA's readers: it never blocks.
   *
   * Races between faults of the same page are settled by PageTable.install's compare-and-set
   * (pte_same): the loser re-reads the entry and usually finds the access now permitted.
   */

  private Memory() {}

  static final int VM_FAULT_OK = 0;
  static final int VM_FAULT_SIGBUS = 0x2;
  static final int VM_FAULT_RETRY = 0x400;

  /** {@code handle_mm_fault}: 0, or VM_FAULT_RETRY / VM_FAULT_SIGBUS. */
  static int handleMmFault(VmAreaStruct vma, long address, boolean write, boolean vmaLocked) {
    if (vmaLocked) {
      MmapLock.vmaAssertLocked(vma);
    }
    PageTable pt = vma.vm_mm.pageTable();
    long addr = address & Mman.PAGE_MASK;
    for (; ; ) {
      Pte pte = pt.get(addr);
      int ret;
      if (pte == null) {
        ret =
            vma.vm_file == null
                ? doAnonymousPage(vma, pt, addr, write, vmaLocked)
                : doFault(vma, pt, addr, write, vmaLocked);
      } else if (!write || pte.writable()) {
        return VM_FAULT_OK; // spurious
      } else {
        ret = doWpPage(vma, pt, addr, pte, vmaLocked);
      }
      if (ret >= 0) {
        return ret;
      }
      // -1: lost a race on the entry; look again
    }
  }

  /**
   * {@code __vmf_anon_prepare}: 0 when the VMA has (or now got) an anon_vma; under the VMA lock,
   * VM_FAULT_RETRY if {@code mmap_read_trylock} fails.
   */
  private static int anonPrepare(VmAreaStruct vma, boolean vmaLocked) {
    if (vma.anon_vma != null) {
      return VM_FAULT_OK;
    }
    MmStruct mm = vma.vm_mm;
    if (vmaLocked && !MmapLock.mmapReadTrylock(mm)) {
      return VM_FAULT_RETRY;
    }
    try {
      Rmap.anonVmaPrepare(vma);
    } finally {
      if (vmaLocked) {
        MmapLock.mmapReadUnlock(mm);
      }
    }
    return VM_FAULT_OK;
  }

  private static int doAnonymousPage(
      VmAreaStruct vma, PageTable pt, long addr, boolean write, boolean vmaLocked) {
    if (!write) {
      return pt.install(addr, null, new Pte(Page.ZERO_PAGE, false)) ? VM_FAULT_OK : -1;
    }
    int ret = anonPrepare(vma, vmaLocked);
    if (ret != VM_FAULT_OK) {
      return ret;
    }
    Page page = Page.alloc(true);
    return pt.install(addr, null, new Pte(page, true)) ? VM_FAULT_OK : -1;
  }

  private static int doFault(
      VmAreaStruct vma, PageTable pt, long addr, boolean write, boolean vmaLocked) {
    VmFile file = vma.vm_file;
    long pgoff = vma.vm_pgoff + ((addr - vma.vm_start) >>> Mman.PAGE_SHIFT);
    if (Long.compareUnsigned(pgoff, file.pages()) >= 0) {
      return VM_FAULT_SIGBUS;
    }
    if (!write) { // do_read_fault
      return pt.install(addr, null, new Pte(file.pageCacheGet(pgoff), false)) ? VM_FAULT_OK : -1;
    }
    if ((vma.vm_flags & VmFlags.VM_SHARED) != 0) { // do_shared_fault
      return pt.install(addr, null, new Pte(file.pageCacheGet(pgoff), true)) ? VM_FAULT_OK : -1;
    }
    int ret = anonPrepare(vma, vmaLocked); // do_cow_fault
    if (ret != VM_FAULT_OK) {
      return ret;
    }
    Page copy = Page.alloc(true);
    copy.setData(file.pageCacheGet(pgoff).data());
    if (!pt.install(addr, null, new Pte(copy, true))) {
      return -1;
    }
    vma.vm_mm.kernel().countVmEvent(VmEvent.COW_FAULT);
    return VM_FAULT_OK;
  }

  private static int doWpPage(
      VmAreaStruct vma, PageTable pt, long addr, Pte pte, boolean vmaLocked) {
    Page old = pte.page();
    if ((vma.vm_flags & VmFlags.VM_SHARED) != 0 // wp_page_shared
        || (old.anon() && old.mapcount() == 1)) { // wp_page_reuse: nobody else maps it
      return pt.install(addr, pte, new Pte(old, true)) ? VM_FAULT_OK : -1;
    }
    int ret = anonPrepare(vma, vmaLocked); // wp_page_copy
    if (ret != VM_FAULT_OK) {
      return ret;
    }
    Page copy = Page.alloc(true);
    copy.setData(old.data());
    if (!pt.install(addr, pte, new Pte(copy, true))) {
      return -1;
    }
    vma.vm_mm.kernel().countVmEvent(VmEvent.COW_FAULT);
    return VM_FAULT_OK;
  }
}
