package dev.copyexcept.example.mm;

import java.util.Locale;

/**
 * The {@code /proc/vmstat} events the model counts ({@code enum vm_event_item}); count with {@link
 * Kernel#countVmEvent}, read with {@link Kernel#vmstat()}. A plain list: the {@code /proc/vmstat}
 * name of each is its constant name in lower case.
 */
public enum VmEvent {
  /**
   * A page fault was handled under a per-VMA lock (counted by the fault path, as in the kernel's
   * arch fault handlers).
   */
  VMA_LOCK_SUCCESS,
  /**
   * lockVmaUnderRcu could not lock a VMA (none there, write-locked, recycled, wrong range): fall
   * back to mmap_lock.
   */
  VMA_LOCK_ABORT,
  /**
   * A fault began under a VMA lock and had to be retried under mmap_lock (counted by the fault
   * path).
   */
  VMA_LOCK_RETRY,
  /** lockVmaUnderRcu found a VMA that was detached under it and walked the tree again. */
  VMA_LOCK_MISS,

  // --- The address space and the fault path (part 2); appended, so the order above is stable. ---

  /**
   * A user page fault entered the fault path ({@code pgfault}; counted once per fault, whatever its
   * outcome).
   */
  PGFAULT,
  /**
   * A fault was handled under {@code mmap_lock} (the slow path: no VMA lock possible, or after
   * RETRY).
   */
  PGFAULT_MMAP_LOCK,
  /** A fault ended in SIGSEGV (no VMA covers the address, or the access is not permitted). */
  SEGFAULT,
  /** A fault ended in SIGBUS (a file mapping beyond the end of its file). */
  SIGBUS,
  /**
   * A write fault copied a page: copy-on-write after fork, or a private file page ({@code
   * do_cow_fault}).
   */
  COW_FAULT;

  /** The name in {@code /proc/vmstat}. */
  public String vmstatName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
