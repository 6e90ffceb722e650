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

  /** {@code PROT_SEM}: accepted and ignored, as on x86. */
  public static final int PROT_SEM = 0x8;

  public static final int MAP_SHARED = 0x01;
  public static final int MAP_PRIVATE = 0x02;

  /** {@code MAP_SHARED} that rejects unknown flags with {@code EOPNOTSUPP} (files only). */
  public static final int MAP_SHARED_VALIDATE = 0x03;

  /** {@code MAP_TYPE}: the mask of the sharing type ({@code MAP_SHARED} or {@code MAP_PRIVATE}). */
  public static final int MAP_TYPE = 0x0f;

  public static final int MAP_FIXED = 0x10;
  public static final int MAP_ANONYMOUS = 0x20;

  /** A stack-like mapping that grows down on faults just below it ({@code VM_GROWSDOWN}). */
  public static final int MAP_GROWSDOWN = 0x100;

  /** Lock the pages ({@code VM_LOCKED}). */
  public static final int MAP_LOCKED = 0x2000;

  /** Do not account the mapping as committed memory ({@code VM_NORESERVE}). */
  public static final int MAP_NORESERVE = 0x4000;

  /** Accepted; the model does not prefault. */
  public static final int MAP_POPULATE = 0x8000;

  /** {@code MAP_FIXED} that fails with {@code EEXIST} instead of replacing a mapping. */
  public static final int MAP_FIXED_NOREPLACE = 0x100000;

  /** {@code mremap}: the mapping may move if it cannot be resized in place. */
  public static final int MREMAP_MAYMOVE = 1;

  /** {@code mremap}: move to {@code new_address} (needs {@code MREMAP_MAYMOVE}). */
  public static final int MREMAP_FIXED = 2;

  /** {@code mremap}: move the pages but leave the old mapping in place, empty (no resize). */
  public static final int MREMAP_DONTUNMAP = 4;

  /** {@code madvise}: do not copy this range into a fork child ({@code VM_DONTCOPY}). */
  public static final int MADV_DONTFORK = 10;

  /** {@code madvise}: undo {@code MADV_DONTFORK}. */
  public static final int MADV_DOFORK = 11;

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
