package dev.copyexcept.example.mm;

/** How a page fault ended, named after the path that handled it. */
public enum FaultResult {
  /** Handled on the per-VMA lock fast path, without {@code mmap_lock}. */
  HANDLED_VMA_LOCK(true),
  /**
   * Began under the VMA lock, needed {@code mmap_lock} ({@code VM_FAULT_RETRY}), finished under it.
   */
  HANDLED_AFTER_RETRY(true),
  /** The fast path was not possible (no VMA could be locked); handled under {@code mmap_lock}. */
  HANDLED_MMAP_LOCK(true),
  /** No VMA covers the address, or the access is not permitted: a segmentation fault. */
  SIGSEGV(false),
  /** A file mapping accessed beyond the end of its file. */
  SIGBUS(false);

  private final boolean handled;

  FaultResult(boolean handled) {
    this.handled = handled;
  }

  /** True when the page is now mapped and the access may proceed. */
  public boolean handled() {
    return handled;
  }
}
