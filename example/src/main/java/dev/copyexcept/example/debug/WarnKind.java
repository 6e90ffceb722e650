package dev.copyexcept.example.debug;

/**
 * The kinds of kernel-style warning the model raises, each named after the check in Linux that
 * raises it. Correct code raises none of them.
 */
public enum WarnKind {
  /**
   * {@code refcount_t} decremented at 0: a reference was released that was never taken (or was
   * erased).
   */
  REFCOUNT_UNDERFLOW,
  /**
   * {@code refcount_t} pushed past its limit; like the kernel, the count saturates instead of
   * wrapping.
   */
  REFCOUNT_SATURATED,
  /** {@code vma_mark_attached} on a VMA that is already attached. */
  VMA_ALREADY_ATTACHED,
  /** {@code vma_mark_detached} on a VMA that is already detached. */
  VMA_ALREADY_DETACHED,
  /** {@code vma_assert_write_locked}: the VMA is not write-locked by this mmap write session. */
  VMA_NOT_WRITE_LOCKED,
  /** {@code vma_assert_locked}: the VMA is neither read- nor write-locked. */
  VMA_NOT_LOCKED,
  /**
   * {@code mmap_assert_write_locked}: a VMA write lock or tree change without {@code mmap_lock}
   * held for write.
   */
  MMAP_NOT_WRITE_LOCKED,
  /**
   * {@code mmap_assert_locked}: an operation that needs {@code mmap_lock} (read or write) ran
   * without it.
   */
  MMAP_NOT_LOCKED,
  /**
   * {@code vma_assert_attached}: the VMA was expected to be attached ({@code vm_refcnt >= 1}) but
   * is detached.
   */
  VMA_NOT_ATTACHED,
  /**
   * {@code vma_assert_detached}: the VMA was expected to be detached ({@code vm_refcnt == 0}) but
   * is attached.
   */
  VMA_NOT_DETACHED,
  /**
   * {@code WARN_ON_ONCE(detached)} / {@code WARN_ON_ONCE(!detached)} in {@code __vma_start_write}
   * and {@code vma_mark_detached}: removing the writer's {@code VMA_LOCK_OFFSET} left a count the
   * lock protocol cannot produce (the VMA became detached under a write lock, or stayed attached
   * after a detach), which only a corrupted {@code vm_refcnt} explains.
   */
  VMA_REFCNT_CORRUPT,
  /**
   * A second writer waited on an mm's single-waiter {@code vma_writer_wait} (rcuwait) while one was
   * waiting.
   */
  RCUWAIT_SECOND_WAITER,
  /**
   * An mm was used after its {@code mm_count} dropped to 0 ({@code mmdrop} freed it): e.g. a
   * wake-up on its {@code vma_writer_wait}.
   */
  MM_USE_AFTER_FREE,
  /**
   * A reader's {@code vma_refcount_put} took {@code vm_refcnt} to 0 on a VMA that is still in its
   * mm's tree and not write-locked: the attach reference was lost (a stale reader's increment was
   * erased and this put consumed the attach reference instead). The model's own check, raised at
   * the moment the memcpy bug bites; the kernel notices only later, if at all.
   */
  VMA_REFCNT_LOST,
  /** {@code vm_area_free} of a VMA that is still attached. */
  VMA_FREE_ATTACHED,
  /** A reader touched an object whose slab page was released and poisoned: a use-after-free. */
  SLAB_USE_AFTER_FREE,
  /** {@code kmem_cache_free} of an object that is already free (a double free). */
  SLAB_DOUBLE_FREE,
  /** An RCU read section ended that was never begun, or a blocking call inside a read section. */
  RCU_MISUSE,
  /**
   * An RCU callback threw on the grace-period thread; the thread went on with the next callback
   * ({@code RcuDomain.failedCallbacks} counts it too). The warning's trace has the exception as its
   * cause.
   */
  RCU_CALLBACK_THREW,
  /**
   * An RCU callback returned inside a read section it opened; the grace-period thread closed the
   * section, or its next grace period would have waited for itself.
   */
  RCU_CALLBACK_LEAKED_READ_SECTION,
  /**
   * A thread ended (or was collected) inside an RCU read section; grace periods no longer wait for
   * it ({@code RcuDomain.abandonedReadSections} counts it too).
   */
  RCU_READER_DIED
}
