package dev.copyexcept.example.mm;

/** How {@code vm_area_dup} copies a VMA into a freshly allocated (possibly recycled) object. */
public enum CopyStrategy {
  /**
   * The generated {@code VmAreaStructCopier.copy}: every field except {@code vm_refcnt}, which a
   * recycled object already holds at 0 and a stale reader may be incrementing. The default.
   */
  COPY_EXCEPT,
  /**
   * The pre-fix kernel: copy every field including {@code vm_refcnt} ({@code memcpy}), then store 0
   * into it. On a {@code SLAB_TYPESAFE_BY_RCU} cache the reset erases a stale reader's increment.
   * For the demonstration and tests only; never the default.
   */
  MEMCPY_THEN_RESET
}
