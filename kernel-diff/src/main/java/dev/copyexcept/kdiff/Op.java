package dev.copyexcept.kdiff;

import dev.copyexcept.example.mm.FaultResult;
import dev.copyexcept.example.mm.Mman;
import dev.copyexcept.example.mm.VmaInfo;
import java.util.List;

/**
 * One call of a sequence, with absolute arguments, so that a sequence (or any part of it, when
 * shrinking) can be replayed on a fresh window. Each op runs on both sides and prints itself as the
 * model call of a JUnit scenario.
 */
sealed interface Op {

  /** Runs the call on the model. */
  SysResult onModel(Sides s);

  /** Runs the call on Linux. Called after {@link #onModel} (a touch needs the model's answer). */
  SysResult onLinux(Sides s, SysResult model);

  /** The model call as Java source, addresses relative to {@code W}. */
  String java(Sides s);

  /** The range the call may change ([start, end)), for telling our mappings from foreign ones. */
  long[] range();

  /**
   * Whether the call may run in the model's current state: false for an {@code mmap} hint over a
   * range the model has mapped (Linux would then pick a random address: not a comparison). The
   * generator only makes applicable calls; the shrinker's replays skip a candidate that is not.
   */
  default boolean applicable(Sides s) {
    return true;
  }

  /** Whether the return values of the two sides are compared (a touch has no Linux answer). */
  default boolean comparesReturn() {
    return true;
  }

  /** Whether the call may change vm_flags (every syscall; not a page touch): smaps is read. */
  default boolean changesFlags() {
    return true;
  }

  /** Addresses in printed code: {@code W + 0x3000L}, or an absolute value for a wild one. */
  static String at(Sides s, long a) {
    long off = a - s.window.lo;
    if (off >= 0 && off <= s.window.size() + Window.P) {
      return off == 0 ? "W" : "W + 0x" + Long.toHexString(off) + "L";
    }
    return lit(a);
  }

  static String lit(long v) {
    if (v < 0 && v > -65536) {
      return Long.toString(v) + "L";
    }
    return "0x" + Long.toHexString(v) + "L";
  }

  static long[] span(long addr, long len) {
    long end = addr + Mman.pageAlign(len);
    return Long.compareUnsigned(end, addr) > 0 ? new long[] {addr, end} : new long[] {addr, addr};
  }

  /** {@code mmap(addr, len, prot, flags, fd, pgoff << PAGE_SHIFT)}; {@code file} -1: none. */
  record Mmap(long addr, long len, int prot, int flags, int file, long pgoff) implements Op {
    @Override
    public boolean applicable(Sides s) {
      return (flags & (Mman.MAP_FIXED | Mman.MAP_FIXED_NOREPLACE)) != 0
          || hintDeterministic(s.mm.vmas(), addr, len);
    }

    /**
     * Whether Linux's answer to a hint is deterministic: the length fails before the address
     * matters (0 after rounding, or above TASK_SIZE), or [addr rounded down, + len) is free and
     * below TASK_SIZE, so Linux takes it (x86 rounds a hint down to its page).
     */
    static boolean hintDeterministic(List<VmaInfo> vmas, long addr, long len) {
      long alen = Mman.pageAlign(len);
      if (alen == 0 || Long.compareUnsigned(alen, Mman.TASK_SIZE) > 0) {
        return true;
      }
      long start = addr & Mman.PAGE_MASK;
      long end = start + alen;
      if (Long.compareUnsigned(end, Mman.TASK_SIZE) > 0
          || Long.compareUnsigned(start, Mman.MMAP_MIN_ADDR) < 0) {
        return false;
      }
      for (VmaInfo v : vmas) {
        if (v.start() < end && v.end() > start) {
          return false;
        }
      }
      return true;
    }

    @Override
    public SysResult onModel(Sides s) {
      return file < 0
          ? new SysResult(s.mm.mmap(addr, len, prot, flags))
          : new SysResult(s.mm.mmap(addr, len, prot, flags, s.files[file], pgoff));
    }

    @Override
    public SysResult onLinux(Sides s, SysResult model) {
      SysResult r =
          Libc.mmap(addr, len, prot, flags, file < 0 ? -1 : s.fds[file], pgoff << Mman.PAGE_SHIFT);
      if (!r.isError() && !s.window.contains(r.value(), Mman.pageAlign(len))) {
        Libc.munmap(r.value(), len); // ours, outside the window (a hint not honoured): undo at once
      }
      return r;
    }

    @Override
    public String java(Sides s) {
      String call =
          "mm.mmap("
              + at(s, addr)
              + ", "
              + lit(len)
              + ", "
              + Names.prot(prot)
              + ", "
              + Names.mapFlags(flags);
      return file < 0 ? call + ")" : call + ", " + Sides.FILE_VARS[file] + ", " + lit(pgoff) + ")";
    }

    @Override
    public long[] range() {
      return span(addr, len);
    }
  }

  record Munmap(long addr, long len) implements Op {
    @Override
    public SysResult onModel(Sides s) {
      return new SysResult(s.mm.munmap(addr, len));
    }

    @Override
    public SysResult onLinux(Sides s, SysResult model) {
      return Libc.munmap(addr, len);
    }

    @Override
    public String java(Sides s) {
      return "mm.munmap(" + at(s, addr) + ", " + lit(len) + ")";
    }

    @Override
    public long[] range() {
      return span(addr, len);
    }
  }

  record Mprotect(long addr, long len, int prot) implements Op {
    @Override
    public SysResult onModel(Sides s) {
      return new SysResult(s.mm.mprotect(addr, len, prot));
    }

    @Override
    public SysResult onLinux(Sides s, SysResult model) {
      return Libc.mprotect(addr, len, prot);
    }

    @Override
    public String java(Sides s) {
      return "mm.mprotect(" + at(s, addr) + ", " + lit(len) + ", " + Names.prot(prot) + ")";
    }

    @Override
    public long[] range() {
      return span(addr, len);
    }
  }

  record Madvise(long addr, long len, int advice) implements Op {
    @Override
    public SysResult onModel(Sides s) {
      return new SysResult(s.mm.madvise(addr, len, advice));
    }

    @Override
    public SysResult onLinux(Sides s, SysResult model) {
      return Libc.madvise(addr, len, advice);
    }

    @Override
    public String java(Sides s) {
      return "mm.madvise(" + at(s, addr) + ", " + lit(len) + ", " + Names.advice(advice) + ")";
    }

    @Override
    public long[] range() {
      return span(addr, len);
    }
  }

  /**
   * A user access to one byte. The model's fault handler decides; only an access it handled is made
   * for real (a real SIGSEGV or SIGBUS would end the JVM), so both sides report the model's answer:
   * what is compared is the state afterwards (residency, VMAs).
   */
  record Touch(long addr, boolean write) implements Op {
    /** The model's answer when it handled the fault. */
    static final long HANDLED = 0;

    @Override
    public SysResult onModel(Sides s) {
      FaultResult r = s.mm.handleFault(addr, write);
      return new SysResult(r.handled() ? HANDLED : -1000 - r.ordinal());
    }

    @Override
    public SysResult onLinux(Sides s, SysResult model) {
      if (model.value() == HANDLED) {
        if (write) {
          s.window.write(addr, (byte) 0x5a);
        } else {
          Sides.sink += s.window.read(addr);
        }
        s.touched.add(addr & Mman.PAGE_MASK);
      }
      return model;
    }

    @Override
    public boolean comparesReturn() {
      return false;
    }

    @Override
    public boolean changesFlags() {
      return false;
    }

    @Override
    public String java(Sides s) {
      return "mm.handleFault(" + at(s, addr) + ", " + write + ")";
    }

    @Override
    public long[] range() {
      return span(addr & Mman.PAGE_MASK, Mman.PAGE_SIZE);
    }
  }

  /** {@code mremap} (see {@link Generator#MREMAP}). */
  record Mremap(long oldAddr, long oldLen, long newLen, int flags, long newAddr) implements Op {
    @Override
    public SysResult onModel(Sides s) {
      return new SysResult(s.mm.mremap(oldAddr, oldLen, newLen, flags, newAddr));
    }

    @Override
    public SysResult onLinux(Sides s, SysResult model) {
      SysResult r = Libc.mremap(oldAddr, oldLen, newLen, flags, newAddr);
      if (!r.isError() && !s.window.contains(r.value(), Mman.pageAlign(newLen))) {
        Libc.munmap(r.value(), newLen); // moved out of the window: ours, undo at once
      }
      return r;
    }

    @Override
    public String java(Sides s) {
      return "mm.mremap("
          + at(s, oldAddr)
          + ", "
          + lit(oldLen)
          + ", "
          + lit(newLen)
          + ", "
          + Names.mremapFlags(flags)
          + ", "
          + at(s, newAddr)
          + ")";
    }

    @Override
    public long[] range() {
      long[] a = span(oldAddr, oldLen);
      long[] b = span(newAddr, newLen);
      return new long[] {a[0], a[1], b[0], b[1]};
    }
  }
}
