package dev.copyexcept.kdiff;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED_NOREPLACE;
import static dev.copyexcept.example.mm.Mman.MAP_NORESERVE;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED_VALIDATE;
import static dev.copyexcept.example.mm.Mman.PROT_EXEC;
import static dev.copyexcept.example.mm.Mman.PROT_NONE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;

import dev.copyexcept.example.mm.Mman;
import dev.copyexcept.example.mm.VmFlags;
import dev.copyexcept.example.mm.VmaInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seeded generator of boundary-heavy call sequences inside the window. It looks at the model's
 * current VMAs (never at Linux) to aim at their edges, so a sequence is a pure function of the seed
 * and the model.
 */
final class Generator {
  /*
   * Implementation notes.
   *
   * Safety first: every generated call either stays inside [lo, hi) after Linux's rounding (the
   * range of a call is [addr, addr + PAGE_ALIGN(len)) and is clamped to the window), or fails
   * before changing anything in Linux: an unaligned address, a zero length, or a length that
   * wraps around 2^64 after rounding (mprotect/madvise accept an end above TASK_SIZE and would
   * walk out of the window, so their "huge" lengths are only wrapping ones; mmap and munmap also
   * get lengths above TASK_SIZE, which they reject). An mmap without MAP_FIXED is generated only
   * with a hint over a range the model sees free; Linux honours such a hint, and if it did not,
   * Op.Mmap unmaps the stray mapping at once (and the returned address diverges).
   *
   * Aim: most calls land in a 64-page "focus" area at the bottom of the window, some in a
   * 16-page area at its top (next to the guard), a few span the whole window. Addresses are the
   * model's VMA edges (and one page either side) or grid pages; lengths reach another edge or a
   * few pages, sometimes one byte short of or over a page.
   *
   * Kinds and weights are the table in next(); mremap is one row, enabled with MREMAP.
   */

  /** Whether mremap calls are generated: off until the model has {@code MmStruct.mremap}. */
  static final boolean MREMAP = false;

  static final long P = Window.P;
  static final int FOCUS_PAGES = 64;
  static final int TOP_PAGES = 16;

  private final SplittableRandom rnd;
  private final Window w;
  private final boolean mremap;

  Generator(long seed, Window w, boolean mremap) {
    this.rnd = new SplittableRandom(seed);
    this.w = w;
    this.mremap = mremap && Op.Mremap.MODEL_MREMAP != null;
  }

  /** The length of the next sequence. */
  int length() {
    return 6 + rnd.nextInt(27);
  }

  /** The next call, aimed at the model's current layout. */
  Op next(Sides s) {
    List<VmaInfo> vmas = s.mm.vmas();
    int k = rnd.nextInt(100);
    if (k < 30) {
      return mmap(vmas);
    }
    if (k < 42) {
      long a = addr(vmas);
      return new Op.Munmap(maybeUnaligned(a), lenFrom(a, vmas, Bad.ANY));
    }
    if (k < 60) {
      return mprotect(vmas);
    }
    if (k < 68) {
      return madvise(vmas);
    }
    if (mremap && k < 78) {
      return mremap(vmas);
    }
    return touch(vmas);
  }

  // --- addresses and lengths ------------------------------------------------------------------

  private long regionLo;
  private long regionHi;

  /** Picks the area of the next call (focus 85%, top 10%, whole window 5%). */
  private void region() {
    int k = rnd.nextInt(100);
    if (k < 85) {
      regionLo = w.lo;
      regionHi = w.lo + FOCUS_PAGES * P;
    } else if (k < 95) {
      regionLo = w.hi - TOP_PAGES * P;
      regionHi = w.hi;
    } else {
      regionLo = w.lo;
      regionHi = w.hi;
    }
  }

  /** Edges of the model's VMAs inside the current region, and the region's own edges. */
  private List<Long> edges(List<VmaInfo> vmas) {
    List<Long> out = new ArrayList<>();
    out.add(regionLo);
    out.add(regionHi);
    for (VmaInfo v : vmas) {
      for (long e : new long[] {v.start(), v.end()}) {
        if (e >= regionLo && e <= regionHi) {
          out.add(e);
        }
      }
    }
    return out;
  }

  private long edgeOrGrid(List<VmaInfo> vmas) {
    long a;
    if (rnd.nextInt(100) < 60) {
      List<Long> edges = edges(vmas);
      a =
          edges.get(rnd.nextInt(edges.size()))
              + (rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? P : -P) : 0);
    } else {
      a = regionLo + P * rnd.nextLong((regionHi - regionLo) / P);
    }
    return Math.max(regionLo, Math.min(a, regionHi - P));
  }

  /** A page-aligned address in a new region. */
  private long addr(List<VmaInfo> vmas) {
    region();
    return edgeOrGrid(vmas);
  }

  /** Which failing lengths a call may get (see the notes). */
  enum Bad {
    /** None but 0 (mremap, whose shrinking path unmaps [addr + new_len, addr + old_len)). */
    ZERO,
    /** 0 and lengths that wrap around 2^64 when rounded up (mprotect, madvise). */
    WRAP,
    /** Also lengths above TASK_SIZE (mmap, munmap reject them). */
    ANY
  }

  /**
   * A length from {@code a}: to another edge or a few pages, clamped to the window; 15% one to 4095
   * bytes short of a page (Linux rounds up); 3% a failing length of kind {@code bad}.
   */
  private long lenFrom(long a, List<VmaInfo> vmas, Bad bad) {
    int k = rnd.nextInt(100);
    if (k < 3) {
      return badLen(bad);
    }
    long len;
    if (k < 50) {
      long end = edgeOrGrid(vmas) + (rnd.nextBoolean() ? P : 0);
      len = end > a ? end - a : P * (1 + rnd.nextInt(4));
    } else {
      len = P * (1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 32 : 6));
    }
    len = Math.min(len, w.hi - a);
    if (rnd.nextInt(100) < 15) {
      len -= 1 + rnd.nextInt((int) P - 1); // rounds up to the same pages
      if (len <= 0) {
        len = 1;
      }
    }
    return len;
  }

  /** A length that makes the call fail (or do nothing) before anything changes. */
  private long badLen(Bad bad) {
    long[] pick =
        switch (bad) {
          case ZERO -> new long[] {0};
          case WRAP -> new long[] {0, -1L, -P, -P + 1, -2 * P};
          case ANY -> new long[] {0, -1L, -P, Mman.TASK_SIZE, Long.MIN_VALUE, 1L << 62};
        };
    return pick[rnd.nextInt(pick.length)];
  }

  /** 4%: an unaligned address (every call rejects it before changing anything). */
  private long maybeUnaligned(long a) {
    return rnd.nextInt(100) < 4 ? a + 1 + rnd.nextInt((int) P - 1) : a;
  }

  private int prot() {
    int[] prots = {
      PROT_NONE,
      PROT_READ,
      PROT_READ,
      PROT_READ | PROT_WRITE,
      PROT_READ | PROT_WRITE,
      PROT_READ | PROT_WRITE,
      PROT_WRITE,
      PROT_READ | PROT_EXEC,
      PROT_EXEC,
      PROT_READ | PROT_WRITE | PROT_EXEC
    };
    if (rnd.nextInt(100) < 3) {
      int[] bad = {0x10, 0x80, 0x40 | PROT_READ, 0x1000};
      return bad[rnd.nextInt(bad.length)];
    }
    return prots[rnd.nextInt(prots.length)];
  }

  // --- the calls --------------------------------------------------------------------------------

  private Op mmap(List<VmaInfo> vmas) {
    long a;
    long len;
    int file = -1;
    long pgoff = 0;
    int type;
    int k = rnd.nextInt(100);
    region();
    if (k < 40) {
      type = MAP_PRIVATE | MAP_ANONYMOUS;
    } else if (k < 55) {
      type = MAP_SHARED | MAP_ANONYMOUS;
    } else {
      type = k < 80 ? MAP_PRIVATE : (rnd.nextInt(5) == 0 ? MAP_SHARED_VALIDATE : MAP_SHARED);
      file = rnd.nextInt(Sides.FILE_NAMES.length);
    }
    VmaInfo contiguous = file >= 0 && rnd.nextInt(100) < 30 ? fileVma(vmas, file) : null;
    if (contiguous != null) {
      // next to a mapping of the same file, at the offset that makes it contiguous: may merge
      long pages = 1 + rnd.nextInt(4);
      if (rnd.nextBoolean() && contiguous.end() + pages * P <= w.hi) {
        a = contiguous.end();
        pgoff = contiguous.pgoff() + (contiguous.end() - contiguous.start()) / P;
      } else if (contiguous.start() - pages * P >= w.lo && contiguous.pgoff() >= pages) {
        a = contiguous.start() - pages * P;
        pgoff = contiguous.pgoff() - pages;
      } else {
        a = contiguous.end() < w.hi ? contiguous.end() : contiguous.start() - P;
        pgoff = contiguous.pgoff();
        pages = 1;
      }
      len = pages * P;
    } else {
      a = edgeOrGrid(vmas);
      len = lenFrom(a, vmas, Bad.ANY);
      if (file >= 0) {
        pgoff = rnd.nextInt(Math.toIntExact(Sides.FILE_SIZES[file] / P) + 4);
      }
    }
    int flags = type | MAP_FIXED;
    int f = rnd.nextInt(100);
    if (f < 20) {
      flags |= MAP_NORESERVE;
    } else if (f < 26) {
      flags = type | MAP_FIXED_NOREPLACE;
    } else if (f < 32 && Mman.pageAligned(a) && Op.Mmap.hintDeterministic(vmas, a, len)) {
      flags = type; // a hint over a free range: Linux honours it
    }
    int bad = rnd.nextInt(100);
    if (bad < 2) {
      flags &= ~Mman.MAP_TYPE; // no sharing type
    } else if (bad < 3) {
      flags |= Mman.MAP_TYPE; // 0x0f: no such type
    } else if (bad < 5 && file >= 0) {
      pgoff = (1L << 52) - 1 - rnd.nextInt(4); // the largest offsets mmap(2) can express
    } else if (bad < 6 && (flags & Mman.MAP_TYPE) == MAP_SHARED_VALIDATE) {
      flags |= 0x40; // MAP_32BIT: a legacy flag MAP_SHARED_VALIDATE accepts
    }
    if ((flags & MAP_FIXED) != 0 || (flags & MAP_FIXED_NOREPLACE) != 0) {
      a = maybeUnaligned(a);
    } else if (rnd.nextInt(4) == 0) {
      a += 1 + rnd.nextInt((int) P - 1); // an unaligned hint: x86 rounds it down to a again
    }
    return new Op.Mmap(a, len, prot(), flags, file, pgoff);
  }

  private VmaInfo fileVma(List<VmaInfo> vmas, int file) {
    List<VmaInfo> of = new ArrayList<>();
    for (VmaInfo v : vmas) {
      if (v.file() != null && v.file().path().equals(Sides.linuxName(file))) {
        of.add(v);
      }
    }
    return of.isEmpty() ? null : of.get(rnd.nextInt(of.size()));
  }

  private Op mprotect(List<VmaInfo> vmas) {
    long a = addr(vmas);
    int prot = prot();
    if (rnd.nextInt(100) < 3) {
      // no VMA in the window grows (no MAP_GROWSDOWN is generated): these only fail
      int[] grows = {PROT_GROWSDOWN, PROT_GROWSUP, PROT_GROWSDOWN | PROT_GROWSUP};
      prot |= grows[rnd.nextInt(grows.length)];
    }
    return new Op.Mprotect(maybeUnaligned(a), lenFrom(a, vmas, Bad.WRAP), prot);
  }

  private Op madvise(List<VmaInfo> vmas) {
    long a = addr(vmas);
    int k = rnd.nextInt(100);
    int advice = k < 47 ? Mman.MADV_DONTFORK : k < 94 ? Mman.MADV_DOFORK : (k < 97 ? 999 : -1);
    return new Op.Madvise(maybeUnaligned(a), lenFrom(a, vmas, Bad.WRAP), advice);
  }

  private Op mremap(List<VmaInfo> vmas) {
    long a = addr(vmas);
    long oldLen = lenFrom(a, vmas, Bad.ZERO);
    long newAddr = addr(vmas);
    long newLen = lenFrom(newAddr, vmas, Bad.ZERO);
    int[] flagChoices = {0, 0, 1 | 2, 1 | 2, 1 | 2 | 4, 1, 2, 4, 8};
    int flags = flagChoices[rnd.nextInt(flagChoices.length)];
    if (flags == 1 || flags == 0) {
      newAddr = 0; // in place (MREMAP_MAYMOVE alone could move it out of the window: never alone)
      flags = 0;
      newLen = Math.min(newLen, w.hi - a);
    }
    return new Op.Mremap(maybeUnaligned(a), oldLen, newLen, flags, newAddr);
  }

  private Op touch(List<VmaInfo> vmas) {
    long a;
    List<VmaInfo> accessible = new ArrayList<>();
    for (VmaInfo v : vmas) {
      if ((v.flags() & (VmFlags.VM_READ | VmFlags.VM_WRITE | VmFlags.VM_EXEC)) != 0) {
        accessible.add(v);
      }
    }
    int k = rnd.nextInt(100);
    if (k < 75 && !accessible.isEmpty() || k < 90 && vmas.size() > 1) {
      // mostly a VMA the model lets us touch (else nothing happens on Linux)
      List<VmaInfo> from = k < 75 && !accessible.isEmpty() ? accessible : vmas;
      VmaInfo v = from.get(rnd.nextInt(from.size()));
      long pages = (v.end() - v.start()) / P;
      // near the VMA's ends (where splits and merges are), at most 64 pages in
      long i =
          rnd.nextBoolean()
              ? rnd.nextLong(Math.min(pages, 64))
              : pages - 1 - rnd.nextLong(Math.min(pages, 64));
      a = v.start() + i * P;
    } else {
      region();
      a = regionLo + P * rnd.nextLong((regionHi - regionLo) / P);
    }
    return new Op.Touch(a + rnd.nextInt((int) P), rnd.nextBoolean());
  }
}
