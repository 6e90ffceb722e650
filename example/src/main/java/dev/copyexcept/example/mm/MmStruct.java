package dev.copyexcept.example.mm;

/**
 * {@code struct mm_struct}: one address space. SKELETON: the per-VMA-lock engineer adds the lock
 * state (mmap_lock, mm_lock_seq, vma_writer_wait, mm_count/mm_users) and the Kernel link; the
 * address-space engineer adds the syscalls and page tables.
 */
public final class MmStruct {
  /** The VMAs of this address space, by range ({@code mm_mt}). */
  final VmaTree<VmAreaStruct> mm_mt = new VmaTree<>();
  /** Number of VMAs ({@code map_count}); changed under {@code mmap_lock} held for write. */
  int map_count;
}
