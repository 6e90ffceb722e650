package dev.copyexcept.kdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parsing smaps text: the window's VMAs only, names with spaces, unmodelled flags dropped. */
class LinuxMapsTest {
  static final String SMAPS =
      """
      7f0000000000-7f0000001000 ---s 00000000 00:01 12                         /dev/zero (deleted)
      Size:                  4 kB
      VmFlags: sh mr mw me ms nr sd
      7f0000001000-7f0000003000 rw-p 00000000 00:00 0
      Size:                  8 kB
      VmFlags: rd wr mr mw me ac sd mg
      7f0000003000-7f0000004000 r--s 00002000 00:01 99                         /memfd:kdiff-a (deleted)
      Rss:                   0 kB
      VmFlags: rd sh mr mw me ms
      7f0000004000-7f0000005000 ---p 00000000 00:00 0
      VmFlags: mr mw me nr
      """;

  @Test
  void keepsTheWindow_parsesNamesAndModelledFlags() {
    List<MapsLine> l = LinuxMaps.parse(SMAPS, 0x7f0000001000L, 0x7f0000004000L);
    assertEquals(2, l.size());
    assertEquals(
        new MapsLine(
            0x7f0000001000L,
            0x7f0000003000L,
            "rw-p",
            0,
            "",
            Set.of("rd", "wr", "mr", "mw", "me", "ac")),
        l.get(0));
    assertEquals("/memfd:kdiff-a (deleted)", l.get(1).name());
    assertEquals(0x2000, l.get(1).offset());
    assertEquals(Set.of("rd", "sh", "mr", "mw", "me", "ms"), l.get(1).flags());
  }

  @Test
  void mapsWithoutFlags() {
    List<MapsLine> l = LinuxMaps.parseMaps(SMAPS, 0x7f0000000000L, 0x7f0000001000L);
    assertEquals(1, l.size());
    assertEquals(Set.of(), l.get(0).flags());
  }
}
