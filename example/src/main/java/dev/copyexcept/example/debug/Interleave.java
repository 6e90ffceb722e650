package dev.copyexcept.example.debug;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Named interleaving points in the model's read, write and copy paths, and the single global hook
 * through which a test holds a thread at a point (see {@link Schedule}) or the demo widens the race
 * windows (see {@link WidenWindows}).
 *
 * <p>Usage: {@code try (Interleave.Installation i = Interleave.install(hook)) { ... }}. Only one
 * hook is installed at a time; installing a second one while the first is active throws, so two
 * tests can never silently share points. {@link #reset()} removes whatever is installed (for a
 * test's cleanup).
 */
public final class Interleave {
  /*
   * Implementation notes.
   *
   * Cost when no hook is installed. point(p) is one acquire load of the static HOOK field and a
   * not-taken branch. On x86 and AArch64 (ldar) an acquire load of a field that never changes
   * stays in the core's cache; the JIT inlines point() and keeps the enum constant out of the
   * path. The load is an acquire (not plain) so that the JIT cannot hoist it out of a loop in a
   * caller and miss a hook installed later, and so that a hook's own fields, written before
   * install's release CAS, are visible to the thread that calls it. The benchmarks module
   * measures this disabled path (ReadPathBenchmark.interleavePointWithoutHook, -Pbench); how to
   * run it and what it measured are in the top-level README, not here.
   *
   * Memory ordering. install: CAS (volatile) null -> hook, pairs with the acquire load in
   * point(). uninstall: compareAndSet hook -> null. A thread that loaded the hook just before it
   * was uninstalled may still call it once; hooks must tolerate that (Schedule ignores points
   * after close, WidenWindows is stateless apart from counters).
   *
   * Global, not per Kernel: the points sit in static kernel-style functions, several of which
   * have no Kernel at hand cheaply; one global hook keeps the disabled path to one load. Tests
   * run one at a time in a JVM (surefire's default), and the one-hook rule turns an accidental
   * overlap into an exception instead of a flaky schedule.
   */

  /** A point in the model where a hook may run. Each is named after where it sits. */
  public enum Point {
    /**
     * lockVmaUnderRcu: a reader found a VMA in the tree under RCU and has not called vmaStartRead
     * yet.
     */
    LOCK_VMA_UNDER_RCU_AFTER_WALK,
    /**
     * vmaStartRead: the racy early vm_lock_seq check passed; the limited increment of vm_refcnt is
     * next.
     */
    VMA_START_READ_BEFORE_INC,
    /**
     * vmaStartRead: the reader's limited increment of vm_refcnt succeeded; the vm_mm and
     * vm_lock_seq checks are next.
     */
    VMA_START_READ_AFTER_INC,
    /**
     * vmaStartRead: the VMA belongs to another mm; the reader pinned it with mmgrab and has not
     * dropped its reference yet.
     */
    VMA_START_READ_FOREIGN_MM_GRABBED,
    /**
     * vmaEndRead / the failure paths of vmaStartRead: a reader is about to drop its reference
     * (vma_refcount_put).
     */
    VMA_REFCOUNT_PUT_BEFORE_DEC,
    /**
     * vma_refcount_put: the reader dropped its reference and has not yet woken the mm's waiting
     * writer (the window in which an unpinned foreign mm can be freed under it).
     */
    VMA_REFCOUNT_PUT_AFTER_DEC,
    /**
     * lock_mm_and_find_vma: the fault address is below a VM_GROWSDOWN VMA; the mmap read lock was
     * dropped to take it for write (no upgrade exists): the VMA must be looked up again after.
     */
    LOCK_MM_AND_FIND_VMA_UPGRADE,
    /**
     * vmAreaDup: an object came from the VMA cache (perhaps recycled) and nothing has been copied
     * into it yet.
     */
    VM_AREA_DUP_AFTER_ALLOC,
    /**
     * vmAreaDup: the copy (generated copy-except, or memcpy) is done, the re-initialisation is not
     * (with MEMCPY_THEN_RESET: vm_refcnt still holds the original's count, the reset to 0 is next).
     */
    VM_AREA_DUP_AFTER_COPY,
    /**
     * vmaStartWrite: the writer added VMA_LOCK_OFFSET and is about to wait for readers to drain.
     */
    VMA_START_WRITE_BEFORE_WAIT,
    /**
     * vmaMarkDetached: the decrement did not reach 0 (readers are in); the writer is about to wait
     * for them.
     */
    VMA_MARK_DETACHED_BEFORE_WAIT,
    /** vmAreaFree: the VMA passed the detached check and is about to go back to the cache. */
    VM_AREA_FREE_BEFORE_FREE,
    /**
     * copy_vma (mremap's move): the source was duplicated into a new object (vm_area_dup done, the
     * range set) and vma_link (write-lock, attach, store) is next.
     */
    COPY_VMA_BEFORE_LINK,
    /**
     * vms_complete_munmap_vmas: the range is out of the tree and its VMAs detached; munmap has
     * downgraded mmap_lock to read (other faults may run) and is about to clear the page tables.
     */
    VMS_COMPLETE_MUNMAP_BEFORE_CLEAR
  }

  /** What runs at a point. Called on the thread that reached the point; may block it. */
  @FunctionalInterface
  public interface Hook {
    void reached(Point point);
  }

  /** An installed hook; {@link #close()} uninstalls it (idempotent). */
  public static final class Installation implements AutoCloseable {
    private final Hook hook;

    private Installation(Hook hook) {
      this.hook = hook;
    }

    @Override
    public void close() {
      HOOK.compareAndSet(hook, null);
    }
  }

  @SuppressWarnings("unused") // accessed through HOOK
  private static Hook hook;

  private static final VarHandle HOOK;

  static {
    try {
      HOOK = MethodHandles.lookup().findStaticVarHandle(Interleave.class, "hook", Hook.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Interleave() {}

  /**
   * Marks that the current thread reached {@code point}: runs the installed hook, if any. With no
   * hook installed this is one acquire load and a branch.
   */
  public static void point(Point point) {
    Hook h = (Hook) HOOK.getAcquire(); // pairs with the CAS in install()
    if (h != null) {
      h.reached(point);
    }
  }

  /**
   * Installs {@code hook} as the global hook.
   *
   * @throws IllegalStateException if another hook is installed
   */
  public static Installation install(Hook hook) {
    Objects.requireNonNull(hook, "hook");
    if (!HOOK.compareAndSet((Hook) null, hook)) { // volatile CAS; pairs with the acquire in point()
      throw new IllegalStateException(
          "an interleaving hook is already installed: " + HOOK.getVolatile());
    }
    return new Installation(hook);
  }

  /** Removes any installed hook (test cleanup). */
  public static void reset() {
    HOOK.setVolatile((Hook) null);
  }

  /** Whether a hook is installed now. */
  public static boolean installed() {
    return HOOK.getVolatile() != null;
  }
}
