package dev.copyexcept.example.mm;

import java.util.List;

/**
 * {@code /proc/PID/maps} ({@code fs/proc/task_mmu.c}: {@code show_map_vma} and {@code
 * show_vma_header_prefix}): one line per VMA, {@code start-end perms offset major:minor inode},
 * then for a file the path after padding the line to column 73.
 */
final class ProcMaps {
  private ProcMaps() {}

  /** {@code seq_setwidth(m, 25 + sizeof(void *) * 6 - 1)} on a 64-bit kernel. */
  static final int PAD_WIDTH = 25 + 8 * 6 - 1;

  /** The maps text of {@code vmas}, in order; "" when empty. */
  static String format(List<VmaInfo> vmas) {
    StringBuilder sb = new StringBuilder(vmas.size() * 80);
    for (VmaInfo v : vmas) {
      line(sb, v);
    }
    return sb.toString();
  }

  static void line(StringBuilder sb, VmaInfo v) {
    int lineStart = sb.length();
    VmFile file = v.file();
    long pgoff = 0;
    int dev = 0;
    long ino = 0;
    if (file != null) {
      pgoff = v.pgoff() << Mman.PAGE_SHIFT;
      dev = file.dev();
      ino = file.inode();
    }
    long flags = v.flags();
    hex(sb, v.start(), 8);
    sb.append('-');
    hex(sb, v.end(), 8);
    sb.append(' ');
    sb.append((flags & VmFlags.VM_READ) != 0 ? 'r' : '-');
    sb.append((flags & VmFlags.VM_WRITE) != 0 ? 'w' : '-');
    sb.append((flags & VmFlags.VM_EXEC) != 0 ? 'x' : '-');
    sb.append((flags & VmFlags.VM_MAYSHARE) != 0 ? 's' : 'p');
    sb.append(' ');
    hex(sb, pgoff, 8);
    sb.append(' ');
    hex(sb, dev >>> 8, 2); // MAJOR
    sb.append(':');
    hex(sb, dev & 0xff, 2); // MINOR
    sb.append(' ').append(Long.toUnsignedString(ino)).append(' ');
    if (file != null) {
      while (sb.length() - lineStart < PAD_WIDTH) { // seq_pad
        sb.append(' ');
      }
      sb.append(' ').append(file.path());
    }
    sb.append('\n');
  }

  /** {@code seq_put_hex_ll}: lowercase hex, zero-padded to at least {@code width} digits. */
  private static void hex(StringBuilder sb, long v, int width) {
    String h = Long.toHexString(v);
    for (int i = h.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(h);
  }
}
