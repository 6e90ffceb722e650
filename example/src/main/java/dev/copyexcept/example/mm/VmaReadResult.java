package dev.copyexcept.example.mm;

/**
 * What {@link MmapLock#vmaStartRead} achieved: the kernel's "the VMA / NULL / ERR_PTR(-EAGAIN)".
 */
enum VmaReadResult {
  /**
   * The VMA is read-locked; release it with {@link MmapLock#vmaEndRead}. (The kernel returns the
   * VMA.)
   */
  LOCKED,
  /**
   * Not locked and no reference held: write-locked, at the reader limit, or recycled into another
   * mm. Fall back to {@code mmap_lock}. (The kernel returns NULL.)
   */
  FAILED,
  /**
   * Not locked: the VMA was detached ({@code vm_refcnt == 0}) after the walk found it; walk again.
   * (-EAGAIN.)
   */
  DETACHED
}
