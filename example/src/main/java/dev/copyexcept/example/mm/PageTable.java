package dev.copyexcept.example.mm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The page tables of one address space ({@code mm->pgd} and below), reduced to what the model
 * needs: a map from virtual page number to a page-table entry ({@link Pte}: a frame and a write
 * bit). Filled by page faults, write-protected by {@code mprotect} and {@code fork}, cleared by
 * {@code munmap} and {@code exit_mmap}, copied by {@code fork}.
 */
final class PageTable {
  /*
   * Implementation notes.
   *
   * Locking rule (the kernel's, with the page-table lock folded into the map's own atomicity):
   *
   *   operation                     who               locks held
   *   ----------------------------  ----------------  -----------------------------------------
   *   install / upgrade one entry   page fault        the VMA covering the address read-locked
   *                                                    (vma_start_read) OR mmap_lock (read or
   *                                                    write); the address checked to lie in
   *                                                    [vm_start, vm_end) after taking the lock
   *   clear / write-protect range   mprotect,         mmap_lock for write AND every VMA over
   *                                 exit_mmap, fork,   the range write-locked (vma_start_write)
   *                                 mmap over a range
   *   clear range                   munmap (after      mmap_lock for READ (downgraded) AND every
   *                                 the downgrade)     VMA that covered the range detached and
   *                                                    erased from the tree
   *   move range (mremap)           move_vma          mmap_lock for write AND the source and the
   *                                                    destination VMA write-locked
   *   copy range (fork)             dup_mmap          the parent's and child's mmap_lock for
   *                                                    write, the parent VMA write-locked
   *   read                          anyone            none (a racy snapshot, like a page walk)
   *
   * Why this is enough: vma_start_write waits until every reader of that VMA has left and keeps
   * new readers out until mmap_write_unlock; mmap_lock for write excludes the slow-path faults.
   * So while a writer clears [start, end) under the write lock no fault can install an entry in
   * it: a fault that got in before holds the VMA lock the writer waited for, and a fault that
   * comes later either fails to lock the VMA (write-locked, or detached and gone from the tree)
   * or finds the new layout. munmap (vms_complete_munmap_vmas) downgrades to the read lock before
   * clearing, which ends the VMA write locks and lets slow-path faults run: the range is safe then
   * because its VMAs were detached while write-locked (vmaMarkDetached waited for every reader
   * that had got in) and erased from the tree before the downgrade, so a per-VMA reader that
   * found one earlier fails its increment on 0 and a new walk, with or without mmap_lock, finds
   * nothing there: a fault in the range is a SIGSEGV, never an installed entry.
   *
   * Two faults on the same page of the same VMA may race each other; entries are installed with
   * a compare-and-set (the kernel re-checks pte_same under the PTE lock), the loser finds the
   * winner's entry and reports the fault handled.
   *
   * The map is a ConcurrentSkipListMap: lock-free reads and CAS-style updates for concurrent
   * faulting threads, and sorted range views for the writers' range operations. Its own
   * happens-before edges (a put happens-before a get that sees it) publish the Page objects.
   *
   * Known imprecision: one level instead of four, no TLB (an entry cleared here is gone for
   * every CPU at once), no dirty/accessed bits.
   */

  /**
   * A page-table entry.
   *
   * @param page the mapped frame
   * @param writable whether a write through this entry needs no fault ({@code pte_write})
   */
  record Pte(Page page, boolean writable) {}

  private final ConcurrentSkipListMap<Long, Pte> ptes = new ConcurrentSkipListMap<>();

  private static long vpn(long addr) {
    return addr >>> Mman.PAGE_SHIFT;
  }

  /** The entry mapping {@code addr}'s page, or null. Lock-free. */
  Pte get(long addr) {
    return ptes.get(vpn(addr));
  }

  /**
   * {@code set_pte_at} after {@code pte_same}: installs {@code pte} for {@code addr}'s page if the
   * current entry is still {@code expected} (null: none). Returns false if another fault won.
   * Caller holds the locks of the rule (fault row).
   */
  boolean install(long addr, Pte expected, Pte pte) {
    long vpn = vpn(addr);
    boolean ok =
        expected == null ? ptes.putIfAbsent(vpn, pte) == null : ptes.replace(vpn, expected, pte);
    if (ok) {
      if (expected == null || expected.page() != pte.page()) {
        pte.page().mapped();
        if (expected != null) {
          expected.page().unmapped();
        }
      }
    }
    return ok;
  }

  /**
   * {@code zap_page_range}: removes every entry in {@code [start, end)}, dropping each frame's
   * mapcount. Returns the number of entries removed. Caller holds the locks of the rule.
   */
  int clearRange(long start, long end) {
    NavigableMap<Long, Pte> range = ptes.subMap(vpn(start), true, vpn(end), false);
    int n = 0;
    for (Map.Entry<Long, Pte> e : range.entrySet()) {
      if (ptes.remove(e.getKey(), e.getValue())) {
        e.getValue().page().unmapped();
        n++;
      }
    }
    return n;
  }

  /** {@code change_protection} removing write: every entry in the range becomes read-only. */
  void wrprotectRange(long start, long end) {
    for (Map.Entry<Long, Pte> e : ptes.subMap(vpn(start), true, vpn(end), false).entrySet()) {
      Pte p = e.getValue();
      if (p.writable()) {
        ptes.replace(e.getKey(), p, new Pte(p.page(), false));
      }
    }
  }

  /**
   * {@code copy_page_range}: maps every page of {@code [start, end)} into {@code child} too. With
   * {@code cow} (a private writable mapping), both the parent's and the child's entries become
   * read-only so that the first write on either side copies the page ({@code do_wp_page}).
   */
  void copyRange(PageTable child, long start, long end, boolean cow) {
    for (Map.Entry<Long, Pte> e : ptes.subMap(vpn(start), true, vpn(end), false).entrySet()) {
      Pte p = e.getValue();
      Pte shared = cow && p.writable() ? new Pte(p.page(), false) : p;
      if (shared != p) {
        ptes.replace(e.getKey(), p, shared);
      }
      if (child.ptes.putIfAbsent(e.getKey(), shared) == null) {
        p.page().mapped();
      }
    }
  }

  /**
   * {@code move_page_tables}: the entries of {@code [oldAddr, oldAddr + len)} move to the same
   * offsets from {@code newAddr} (mremap); the frames keep their mapcount. The ranges do not
   * overlap and the new one is empty ({@code VM_WARN_ON_ONCE(!pte_none(*new_ptep))}). Caller holds
   * the locks of the rule for both ranges.
   */
  void moveRange(long oldAddr, long newAddr, long len) {
    NavigableMap<Long, Pte> range = ptes.subMap(vpn(oldAddr), true, vpn(oldAddr + len), false);
    long shift = vpn(newAddr) - vpn(oldAddr);
    for (Map.Entry<Long, Pte> e : range.entrySet()) {
      if (ptes.remove(e.getKey(), e.getValue())) {
        Pte prev = ptes.put(e.getKey() + shift, e.getValue());
        if (prev != null) {
          throw new IllegalStateException(
              "move_page_tables: destination entry present at "
                  + Long.toHexString((e.getKey() + shift) << Mman.PAGE_SHIFT));
        }
      }
    }
  }

  /** Number of entries in {@code [start, end)}. Lock-free, racy. */
  int count(long start, long end) {
    return ptes.subMap(vpn(start), true, vpn(end), false).size();
  }

  /** Number of entries. Lock-free, racy. */
  int size() {
    return ptes.size();
  }

  /** The mapped addresses, ascending. Lock-free, racy (a page walk). */
  List<Long> mappedAddresses() {
    List<Long> out = new ArrayList<>(ptes.size());
    for (Long vpn : ptes.keySet()) {
      out.add(vpn << Mman.PAGE_SHIFT);
    }
    return out;
  }
}
