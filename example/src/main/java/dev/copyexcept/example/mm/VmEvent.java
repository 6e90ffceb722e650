package dev.copyexcept.example.mm;

import java.util.Locale;

/**
 * The {@code /proc/vmstat} events the model counts ({@code enum vm_event_item}); count with
 * {@link Kernel#countVmEvent}, read with {@link Kernel#vmstat()}. A plain list: the
 * {@code /proc/vmstat} name of each is its constant name in lower case.
 */
public enum VmEvent {
  /** A page fault was handled under a per-VMA lock (counted by the fault path, as in the kernel's arch fault handlers). */
  VMA_LOCK_SUCCESS,
  /** lockVmaUnderRcu could not lock a VMA (none there, write-locked, recycled, wrong range): fall back to mmap_lock. */
  VMA_LOCK_ABORT,
  /** A fault began under a VMA lock and had to be retried under mmap_lock (counted by the fault path). */
  VMA_LOCK_RETRY,
  /** lockVmaUnderRcu found a VMA that was detached under it and walked the tree again. */
  VMA_LOCK_MISS;

  /** The name in {@code /proc/vmstat}. */
  public String vmstatName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
