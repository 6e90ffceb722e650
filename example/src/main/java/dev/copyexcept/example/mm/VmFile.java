package dev.copyexcept.example.mm;

import java.util.Objects;

/**
 * One open file ({@code struct file}) that can be mapped. Two {@code VmFile}s with the same path
 * are two opens: they have different identities and their mappings never merge, as in Linux.
 * The inode number shown by {@code maps()} is derived from the path, so it is stable across runs.
 */
public final class VmFile {
  private final String path;
  private final long size;

  /**
   * @param path the path shown in {@code maps()}; not empty
   * @param size the file size in bytes (a fault beyond its last page is {@code SIGBUS}); not negative
   */
  public VmFile(String path, long size) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("path is empty");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size is negative: " + size);
    }
    this.path = path;
    this.size = size;
  }

  public String path() {
    return path;
  }

  public long size() {
    return size;
  }

  /** A stable stand-in for the inode number: a positive hash of the path. */
  public long inode() {
    return (path.hashCode() & 0x7fffffffL) % 10_000_000L + 1;
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
