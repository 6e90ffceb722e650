package dev.copyexcept.example.mm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code struct page}/{@code struct folio}: one page frame, as far as the model needs it: a frame
 * number, how many page-table entries map it ({@code _mapcount + 1}), whether it is anonymous
 * (owned by an {@code anon_vma}) or a page-cache page of a file, and one word of content so that
 * tests can see copy-on-write at work.
 */
final class Page {
  /*
   * Implementation notes.
   *
   * mapcount is changed only with the page table entry that maps the page being installed or
   * cleared, by whoever holds the locks of PageTable's rule for that entry; two address spaces
   * (a parent and its fork child) can change it at the same time, hence the atomic add. A page
   * whose mapcount drops to 0 is "freed": the model counts it and forgets it (the Java GC reclaims
   * the frame object; frames, unlike VMAs, are never handed to a lock-free reader that could meet
   * a recycled one, so the GC is enough here).
   *
   * data is a plain word written by "user code" after a successful write fault; it is volatile
   * only so that tests on other threads read the latest value.
   */

  /** The shared zero page: mapped read-only by read faults on anonymous private memory. */
  static final Page ZERO_PAGE = new Page(0, false);

  private static final AtomicLong NEXT_PFN = new AtomicLong(0x1000);

  private final long pfn;
  private final boolean anon;

  @SuppressWarnings("unused") // accessed through MAPCOUNT
  private volatile int mapcount;

  private volatile long data;

  private static final VarHandle MAPCOUNT;

  static {
    try {
      MAPCOUNT = MethodHandles.lookup().findVarHandle(Page.class, "mapcount", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Page(long pfn, boolean anon) {
    this.pfn = pfn;
    this.anon = anon;
  }

  /** {@code alloc_page}: a fresh zero-filled frame (for the fault path). */
  static Page alloc(boolean anon) {
    return new Page(NEXT_PFN.getAndIncrement(), anon);
  }

  /** The page frame number. */
  long pfn() {
    return pfn;
  }

  /** True for an anonymous page (private memory), false for a page-cache page or the zero page. */
  boolean anon() {
    return anon;
  }

  /** The number of page-table entries mapping this page. */
  int mapcount() {
    return (int) MAPCOUNT.getVolatile(this);
  }

  /** One word of content: written by the "CPU" after a write fault, copied by copy-on-write. */
  long data() {
    return data;
  }

  /** Stores the content word (what a user-space store to this page would do). */
  void setData(long value) {
    data = value;
  }

  /** {@code page_add_*_rmap}: one more PTE maps this page. */
  void mapped() {
    if (this != ZERO_PAGE) {
      MAPCOUNT.getAndAdd(this, 1);
    }
  }

  /** {@code page_remove_rmap}: one PTE less; returns the new mapcount. */
  int unmapped() {
    if (this == ZERO_PAGE) {
      return 1;
    }
    return (int) MAPCOUNT.getAndAdd(this, -1) - 1;
  }

  @Override
  public String toString() {
    return "Page[pfn=0x"
        + Long.toHexString(pfn)
        + (anon ? ", anon" : "")
        + ", mapcount="
        + mapcount()
        + "]";
  }
}
