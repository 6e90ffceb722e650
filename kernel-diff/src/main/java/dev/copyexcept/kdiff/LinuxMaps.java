package dev.copyexcept.kdiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads this process's {@code /proc/self/smaps} (the maps header lines and each VMA's {@code
 * VmFlags}) and keeps the VMAs that intersect a window. One read per comparison: the header lines
 * of smaps are exactly those of maps.
 */
final class LinuxMaps {
  private LinuxMaps() {}

  private static final Path SMAPS = Path.of("/proc/self/smaps");

  private static final Path MAPS = Path.of("/proc/self/maps");

  /**
   * The VMAs intersecting [lo, hi), in address order; with {@code flags} their modelled VmFlags
   * (from smaps, which costs some milliseconds: the kernel gathers every VMA's statistics),
   * otherwise from maps with no flags (an empty set).
   */
  static List<MapsLine> read(long lo, long hi, boolean flags) {
    String text;
    try {
      text = new String(Files.readAllBytes(flags ? SMAPS : MAPS), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return flags ? parse(text, lo, hi) : parseMaps(text, lo, hi);
  }

  /** Parses maps {@code text}, keeping the VMAs that intersect [lo, hi), without flags. */
  static List<MapsLine> parseMaps(String text, long lo, long hi) {
    List<MapsLine> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (MapsLine.isHeader(line) && intersects(line, lo, hi)) {
        out.add(MapsLine.parse(line, Set.of()));
      }
    }
    return out;
  }

  /** Parses smaps {@code text}, keeping the VMAs that intersect [lo, hi). */
  static List<MapsLine> parse(String text, long lo, long hi) {
    List<MapsLine> out = new ArrayList<>();
    String header = null;
    for (String line : text.split("\n")) {
      if (MapsLine.isHeader(line)) {
        header = intersects(line, lo, hi) ? line : null;
      } else if (header != null && line.startsWith("VmFlags:")) {
        out.add(MapsLine.parse(header, VmFlagNames.fromSmaps(line.substring(8))));
        header = null;
      }
    }
    if (header != null) {
      out.add(MapsLine.parse(header, Set.of())); // no VmFlags line (not a Linux smaps)
    }
    return out;
  }

  private static boolean intersects(String header, long lo, long hi) {
    int dash = header.indexOf('-');
    int space = header.indexOf(' ');
    long start = Long.parseUnsignedLong(header.substring(0, dash), 16);
    long end = Long.parseUnsignedLong(header.substring(dash + 1, space), 16);
    return Long.compareUnsigned(start, hi) < 0 && Long.compareUnsigned(end, lo) > 0;
  }
}
