package dev.copyexcept.example.mm;

/** The constants of {@code <sys/mman.h>} and of the x86-64 address space, with Linux's values. */
public final class Mman {
  private Mman() {}

  public static final int PAGE_SHIFT = 12;
  public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
  /** {@code PAGE_MASK}: clears the offset-in-page bits. */
  public static final long PAGE_MASK = ~((long) PAGE_SIZE - 1);

  public static final int PROT_NONE = 0x0;
  public static final int PROT_READ = 0x1;
  public static final int PROT_WRITE = 0x2;
  public static final int PROT_EXEC = 0x4;

  public static final int MAP_SHARED = 0x01;
  public static final int MAP_PRIVATE = 0x02;
  /** {@code MAP_TYPE}: the mask of the sharing type ({@code MAP_SHARED} or {@code MAP_PRIVATE}). */
  public static final int MAP_TYPE = 0x0f;
  public static final int MAP_FIXED = 0x10;
  public static final int MAP_ANONYMOUS = 0x20;
  /** Lock the pages ({@code VM_LOCKED}). */
  public static final int MAP_LOCKED = 0x2000;

  /** One past the highest user address on x86-64 with 4-level paging. */
  public static final long TASK_SIZE = 0x7ffffffff000L;
  /** The lowest address a mapping may start at ({@code vm.mmap_min_addr}'s usual default). */
  public static final long MMAP_MIN_ADDR = 0x10000L;

  /** {@code PAGE_ALIGN}: rounds up to a page boundary (callers check for overflow). */
  public static long pageAlign(long addr) {
    return (addr + PAGE_SIZE - 1) & PAGE_MASK;
  }

  /** True when {@code addr} is a multiple of {@link #PAGE_SIZE}. */
  public static boolean pageAligned(long addr) {
    return (addr & ~PAGE_MASK) == 0;
  }
}
