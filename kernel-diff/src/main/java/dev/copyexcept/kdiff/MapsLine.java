package dev.copyexcept.kdiff;

import java.util.List;
import java.util.Set;

/**
 * One VMA as {@code /proc/self/maps} shows it, reduced to what the comparison checks: the range,
 * the permissions, the offset and the name (path; "" for anonymous memory), plus the {@code
 * VmFlags} mnemonics of {@code /proc/self/smaps} (limited to {@link VmFlagNames#MODELLED}). Device
 * and inode are not compared: the model derives its own.
 */
record MapsLine(long start, long end, String perms, long offset, String name, Set<String> flags) {

  /**
   * Parses a maps header line ({@code start-end perms offset dev inode [name]}); the flags are
   * given separately.
   */
  static MapsLine parse(String line, Set<String> flags) {
    String[] f = line.trim().split("\\s+", 6);
    if (f.length < 5) {
      throw new IllegalArgumentException("not a maps line: " + line);
    }
    int dash = f[0].indexOf('-');
    long start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
    long end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
    String name = f.length == 6 ? f[5].trim() : "";
    return new MapsLine(start, end, f[1], Long.parseUnsignedLong(f[2], 16), name, flags);
  }

  /** True for a maps header line ({@code 7f00-7f01 ...}), false for an smaps field line. */
  static boolean isHeader(String line) {
    int dash = line.indexOf('-');
    int space = line.indexOf(' ');
    if (dash <= 0 || space <= dash) {
      return false;
    }
    for (int i = 0; i < dash; i++) {
      if (Character.digit(line.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The line as the comparison sees it, with addresses relative to {@code base}. */
  String show(long base) {
    return String.format(
        "%07x-%07x %s %08x %s [%s]",
        start - base, end - base, perms, offset, name, String.join(" ", VmFlagNames.sorted(flags)));
  }

  /** The lines of {@code lines}, shown relative to {@code base}, one per line. */
  static String showAll(List<MapsLine> lines, long base) {
    StringBuilder sb = new StringBuilder();
    for (MapsLine l : lines) {
      sb.append("    ").append(l.show(base)).append('\n');
    }
    return sb.toString();
  }

  /** The same VMA header (range, perms, offset, name), flags not compared. */
  boolean sameHeader(MapsLine o) {
    return start == o.start
        && end == o.end
        && perms.equals(o.perms)
        && offset == o.offset
        && name.equals(o.name);
  }
}
