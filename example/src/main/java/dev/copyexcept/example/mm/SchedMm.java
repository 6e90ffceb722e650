package dev.copyexcept.example.mm;

import dev.copyexcept.example.debug.WarnKind;

/**
 * The lifetime of an {@link MmStruct}, after {@code include/linux/sched/mm.h} and {@code
 * kernel/fork.c}: {@code mmgrab}/{@code mmdrop} pin the struct ({@code mm_count}); {@code
 * mmget}/{@code mmput} pin the address space ({@code mm_users}). The last {@code mmput} tears the
 * address space down ({@code __mmput}: {@code exit_mmap}) and drops the users' {@code mm_count}
 * reference; the last {@code mmdrop} frees the struct ({@code __mmdrop}), which the model poisons
 * instead of reclaiming, so that a later access is reported ({@link WarnKind#MM_USE_AFTER_FREE}).
 */
final class SchedMm {
  /*
   * Implementation notes.
   *
   * Who holds what. A task using the address space holds mm_users (the creator's 1; fork's child
   * gets its own 1); all users together hold one mm_count reference. Anyone who needs the struct
   * but not the address space (a lazy-TLB kernel thread in Linux; here vma_start_read, which found
   * a VMA recycled into a foreign mm and must wake that mm's writer after dropping its stray
   * reference) holds mm_count with mmgrab. The counts are atomic adds (MmStruct's VarHandles); the
   * thread whose decrement reaches 0 does the teardown, so it runs once.
   *
   * Why the foreign-mm pin matters: the stray reference is what the foreign mm's exiting writer
   * waits for in vma_start_write/vma_mark_detached. Once it is dropped, that writer may finish
   * exit_mmap and the last mmdrop may free the mm before the dropping reader reads
   * mm->vma_writer_wait to wake it. mmgrab before the drop keeps the struct alive until the
   * reader's own mmdrop (Linux 6.16 / 6.15.y: "mm: fix a UAF when vma->mm is freed after
   * vma->vm_refcnt got dropped"). Kernel.Builder.foreignMmPin(false) removes the pin for the
   * demonstration test.
   *
   * Differences from the kernel: no mm_cachep (the struct is a plain object, poisoned in place),
   * no lazy TLB, no mmdrop_async; __mmput calls the model's exitMmap, which takes mmap_lock for
   * write (6.18's exit_mmap takes it for read first, then for write to tear the tree down).
   */

  private SchedMm() {}

  /** {@code mmgrab}: pins the struct so that it is not freed while the caller uses it. */
  static void mmgrab(MmStruct mm) {
    int n = mm.addMmCount(1);
    if (n <= 1) {
      mm.kernel
          .warningsSink()
          .warn(WarnKind.MM_USE_AFTER_FREE, "mmgrab of a freed mm: mm_count " + n);
    }
  }

  /**
   * {@code mmdrop}: drops a pin; the last one frees the struct ({@code __mmdrop}: poisoned, {@link
   * MmStruct#freed()} true). A drop below 0 is reported as {@link WarnKind#MM_USE_AFTER_FREE}.
   */
  static void mmdrop(MmStruct mm) {
    int n = mm.addMmCount(-1);
    if (n == 0) {
      mmdropFree(mm);
    } else if (n < 0) {
      mm.kernel.warningsSink().warn(WarnKind.MM_USE_AFTER_FREE, "mmdrop below 0: mm_count " + n);
    }
  }

  /** {@code __mmdrop}: frees (poisons) the struct. */
  private static void mmdropFree(MmStruct mm) {
    mm.poisonFreed();
  }

  /** {@code mmget}: pins the address space. */
  static void mmget(MmStruct mm) {
    int n = mm.addMmUsers(1);
    if (n <= 1) {
      mm.kernel
          .warningsSink()
          .warn(WarnKind.MM_USE_AFTER_FREE, "mmget of a dead mm: mm_users " + n);
    }
  }

  /**
   * {@code mmput}: drops a user; the last one tears the address space down ({@code __mmput}: {@code
   * exit_mmap}) and drops the users' {@code mm_count} reference ({@code mmdrop}).
   */
  static void mmput(MmStruct mm) {
    if (mmputAndTest(mm)) {
      mm.exitMmap(); // __mmput
      mmdrop(mm);
    }
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
