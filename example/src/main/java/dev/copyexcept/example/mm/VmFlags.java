package dev.copyexcept.example.mm;

/**
 * The {@code vm_flags} bits of {@code include/linux/mm.h} (the subset the model uses, with the
 * kernel's values), so that {@code maps()} output and flag arithmetic read like the kernel's.
 */
public final class VmFlags {
  private VmFlags() {}

  public static final long VM_NONE = 0x00000000L;
  public static final long VM_READ = 0x00000001L;
  public static final long VM_WRITE = 0x00000002L;
  public static final long VM_EXEC = 0x00000004L;
  public static final long VM_SHARED = 0x00000008L;

  /** The {@code VM_MAY*} bits say which {@code VM_*} bits {@code mprotect} may set later. */
  public static final long VM_MAYREAD = 0x00000010L;

  public static final long VM_MAYWRITE = 0x00000020L;
  public static final long VM_MAYEXEC = 0x00000040L;
  public static final long VM_MAYSHARE = 0x00000080L;

  public static final long VM_GROWSDOWN = 0x00000100L;

  /** Page-frame-number mapping without struct pages (a device). Part of {@link #VM_SPECIAL}. */
  public static final long VM_PFNMAP = 0x00000400L;

  /** Pages are locked in memory ({@code mlock}); cleared in a fork child. */
  public static final long VM_LOCKED = 0x00002000L;

  /** Memory-mapped I/O. Part of {@link #VM_SPECIAL}. */
  public static final long VM_IO = 0x00004000L;

  /** Not copied on fork ({@code MADV_DONTFORK}). */
  public static final long VM_DONTCOPY = 0x00020000L;

  /** Cannot be expanded by {@code mremap}. Part of {@link #VM_SPECIAL}. */
  public static final long VM_DONTEXPAND = 0x00040000L;

  /** Accounted as committed memory. */
  public static final long VM_ACCOUNT = 0x00100000L;

  /** Not accounted as committed memory ({@code MAP_NORESERVE}). */
  public static final long VM_NORESERVE = 0x00200000L;

  /** Mixed struct-page and PFN mapping. Part of {@link #VM_SPECIAL}. */
  public static final long VM_MIXEDMAP = 0x10000000L;

  /** VMAs with any of these bits are never merged ({@code VM_SPECIAL} in mm.h). */
  public static final long VM_SPECIAL = VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP;

  /** {@code calc_vm_prot_bits}: the {@code VM_READ/WRITE/EXEC} bits for {@code PROT_*} bits. */
  public static long calcVmProtBits(int prot) {
    long flags = 0;
    if ((prot & Mman.PROT_READ) != 0) {
      flags |= VM_READ;
    }
    if ((prot & Mman.PROT_WRITE) != 0) {
      flags |= VM_WRITE;
    }
    if ((prot & Mman.PROT_EXEC) != 0) {
      flags |= VM_EXEC;
    }
    return flags;
  }
}
