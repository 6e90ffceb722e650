package dev.copyexcept.example.mm;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One open file ({@code struct file}) that can be mapped. Two {@code VmFile}s with the same path
 * are two opens: they have different identities and their mappings never merge, as in Linux. The
 * inode number shown by {@code maps()} is derived from the path, so it is stable across runs.
 *
 * <p>A file may carry an {@code f_op->mmap} hook ({@link #device}), called on every new VMA that
 * maps it, which may set flags and {@code vm_ops} as a driver does: that is how tests make {@code
 * VM_SPECIAL} (e.g. {@code VM_IO | VM_PFNMAP | VM_DONTEXPAND}, as {@code remap_pfn_range} sets) and
 * close-hook mappings.
 */
public final class VmFile {
  /** {@code makedev(8, 1)}: the device number {@code maps()} shows for an ordinary file. */
  static final int DEV_DISK = (8 << 8) | 1;

  /**
   * {@code makedev(0, 1)}: the device of the internal shmem mount ({@code /dev/zero (deleted)}).
   */
  static final int DEV_SHMEM = 1;

  private final String path;
  private final long size;
  private final int dev;
  private final long inode;

  /** {@code file->f_op->mmap}: called on each new VMA mapping this file, or null. */
  private final Consumer<VmAreaStruct> mmapHook;

  /** The page cache ({@code file->f_mapping}): file page offset to frame, filled by faults. */
  private final ConcurrentHashMap<Long, Page> pageCache = new ConcurrentHashMap<>();

  /**
   * @param path the path shown in {@code maps()}; not empty
   * @param size the file size in bytes (a fault beyond its last page is {@code SIGBUS}); not
   *     negative
   */
  public VmFile(String path, long size) {
    this(path, size, DEV_DISK, null);
  }

  private VmFile(String path, long size, int dev, Consumer<VmAreaStruct> mmapHook) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("path is empty");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size is negative: " + size);
    }
    this.path = path;
    this.size = size;
    this.dev = dev;
    this.mmapHook = mmapHook;
    this.inode = (path.hashCode() & 0x7fffffffL) % 10_000_000L + 1;
  }

  /**
   * A device file whose driver's {@code mmap} handler ({@code file->f_op->mmap}) runs {@code
   * mmapHook} on each new VMA before it is inserted, as {@code mmap_region} calls {@code
   * call_mmap}. The hook may set {@code vm_flags} bits (e.g. {@link VmFlags#VM_IO} {@code |
   * VM_PFNMAP | VM_DONTEXPAND}, making the VMA {@code VM_SPECIAL}: never merged) and {@code vm_ops}
   * (whose {@code close} hook forbids deleting the VMA by a merge).
   */
  public static VmFile device(String path, long size, Consumer<VmAreaStruct> mmapHook) {
    return new VmFile(path, size, DEV_DISK, Objects.requireNonNull(mmapHook, "mmapHook"));
  }

  /**
   * {@code shmem_zero_setup}: the unlinked shmem file behind one {@code MAP_SHARED | MAP_ANONYMOUS}
   * mapping.
   */
  static VmFile shmemZero(long size) {
    return new VmFile("/dev/zero (deleted)", size, DEV_SHMEM, null);
  }

  public String path() {
    return path;
  }

  public long size() {
    return size;
  }

  /** A stable stand-in for the inode number: a positive hash of the path. */
  public long inode() {
    return inode;
  }

  /** The device number ({@code MAJOR << 8 | MINOR}) shown by {@code maps()}. */
  public int dev() {
    return dev;
  }

  /** The driver's mmap hook, or null. */
  Consumer<VmAreaStruct> mmapHook() {
    return mmapHook;
  }

  /**
   * The number of pages of the file ({@code DIV_ROUND_UP(i_size, PAGE_SIZE)}); faults at or past it
   * are SIGBUS.
   */
  public long pages() {
    return (size + Mman.PAGE_SIZE - 1) >>> Mman.PAGE_SHIFT;
  }

  /**
   * {@code filemap_fault}'s page-cache lookup: the frame of file page {@code pgoff}, read in if
   * absent.
   */
  Page pageCacheGet(long pgoff) {
    return pageCache.computeIfAbsent(pgoff, k -> Page.alloc(false));
  }

  /** Identity semantics, like {@code struct file *}: equal only to itself. */
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "VmFile[" + path + ", " + size + " bytes]";
  }
}
