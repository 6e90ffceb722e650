package dev.copyexcept.example.mm;

import dev.copyexcept.example.debug.WarnKind;

/**
 * The reference counts of {@link MmStruct}, after {@code include/linux/sched/mm.h}: {@code
 * mmgrab}/{@code mmdrop} pin the struct ({@code mm_count}); {@code mmget}/{@code mmput} pin the
 * address space ({@code mm_users}, the address-space code owns what happens at 0).
 */
final class SchedMm {
  private SchedMm() {}

  /** {@code mmgrab}: pins the struct so that it is not freed while the caller uses it. */
  static void mmgrab(MmStruct mm) {
    mm.addMmCount(1);
  }

  /**
   * {@code mmdrop}: drops a pin; at 0 the struct counts as freed ({@code __mmdrop}); the model
   * keeps the Java object but any later wake-up on it is reported as {@link
   * WarnKind#MM_USE_AFTER_FREE}. A drop below 0 is reported the same way.
   */
  static void mmdrop(MmStruct mm) {
    int n = mm.addMmCount(-1);
    if (n < 0) {
      mm.kernel.warningsSink().warn(WarnKind.MM_USE_AFTER_FREE, "mmdrop below 0: mm_count " + n);
    }
  }

  /** {@code mmget}: pins the address space. */
  static void mmget(MmStruct mm) {
    mm.addMmUsers(1);
  }

  /**
   * {@code mmput} without the teardown: drops a user; returns true when this was the last one (the
   * caller then tears the address space down and calls {@link #mmdrop}).
   */
  static boolean mmputAndTest(MmStruct mm) {
    int n = mm.addMmUsers(-1);
    if (n < 0) {
      mm.kernel.warningsSink().warn(WarnKind.MM_USE_AFTER_FREE, "mmput below 0: mm_users " + n);
    }
    return n == 0;
  }
}
