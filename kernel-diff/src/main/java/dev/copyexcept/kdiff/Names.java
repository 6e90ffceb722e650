package dev.copyexcept.kdiff;

import dev.copyexcept.example.mm.Mman;
import java.util.ArrayList;
import java.util.List;

/** Java source for call arguments: {@code PROT_READ | PROT_WRITE}, {@code MAP_PRIVATE | ...}. */
final class Names {
  private Names() {}

  private static String join(List<String> parts, int rest) {
    if (rest != 0) {
      parts.add("0x" + Integer.toHexString(rest));
    }
    return parts.isEmpty() ? "0" : String.join(" | ", parts);
  }

  static String prot(int prot) {
    if (prot == Mman.PROT_NONE) {
      return "PROT_NONE";
    }
    List<String> p = new ArrayList<>();
    int rest = prot;
    rest = take(p, rest, Mman.PROT_READ, "PROT_READ");
    rest = take(p, rest, Mman.PROT_WRITE, "PROT_WRITE");
    rest = take(p, rest, Mman.PROT_EXEC, "PROT_EXEC");
    rest = take(p, rest, Mman.PROT_SEM, "PROT_SEM");
    rest = take(p, rest, Mman.PROT_GROWSDOWN, "0x01000000 /* PROT_GROWSDOWN */");
    rest = take(p, rest, Mman.PROT_GROWSUP, "0x02000000 /* PROT_GROWSUP */");
    return join(p, rest);
  }

  static String mapFlags(int flags) {
    List<String> p = new ArrayList<>();
    int rest = flags;
    switch (flags & Mman.MAP_TYPE) {
      case Mman.MAP_SHARED -> p.add("MAP_SHARED");
      case Mman.MAP_PRIVATE -> p.add("MAP_PRIVATE");
      case Mman.MAP_SHARED_VALIDATE -> p.add("MAP_SHARED_VALIDATE");
      case 0 -> {}
      default -> p.add("0x" + Integer.toHexString(flags & Mman.MAP_TYPE));
    }
    rest &= ~Mman.MAP_TYPE;
    rest = take(p, rest, Mman.MAP_FIXED, "MAP_FIXED");
    rest = take(p, rest, Mman.MAP_ANONYMOUS, "MAP_ANONYMOUS");
    rest = take(p, rest, Mman.MAP_NORESERVE, "MAP_NORESERVE");
    rest = take(p, rest, Mman.MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE");
    rest = take(p, rest, Mman.MAP_LOCKED, "MAP_LOCKED");
    rest = take(p, rest, Mman.MAP_POPULATE, "MAP_POPULATE");
    return join(p, rest);
  }

  static String advice(int advice) {
    return switch (advice) {
      case Mman.MADV_DONTFORK -> "MADV_DONTFORK";
      case Mman.MADV_DOFORK -> "MADV_DOFORK";
      default -> Integer.toString(advice);
    };
  }

  static String mremapFlags(int flags) {
    List<String> p = new ArrayList<>();
    int rest = flags;
    rest = take(p, rest, 1, "MREMAP_MAYMOVE");
    rest = take(p, rest, 2, "MREMAP_FIXED");
    rest = take(p, rest, 4, "MREMAP_DONTUNMAP");
    return join(p, rest);
  }

  private static int take(List<String> p, int rest, int bit, String name) {
    if ((rest & bit) != 0) {
      p.add(name);
      return rest & ~bit;
    }
    return rest;
  }
}
