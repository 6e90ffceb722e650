package dev.copyexcept.kdiff;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_NORESERVE;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_NONE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The reserved window: {@code size} bytes of the JVM's own address space, one {@code PROT_NONE},
 * {@code MAP_NORESERVE} private anonymous mapping, between two one-page guards.
 *
 * <p>The guards are {@code MAP_SHARED | MAP_ANONYMOUS} mappings, each its own shmem file, so that
 * nothing inside the window ever merges with anything outside it (the JVM's own {@code PROT_NONE}
 * reservations would otherwise merge with the window's edges and make a maps line cross the window
 * boundary), and a call that runs past the window's end meets a VMA that is not ours to change only
 * if the generator is wrong. Every address the harness passes to a call that can succeed lies in
 * [{@link #lo}, {@link #hi}).
 */
final class Window implements AutoCloseable {
  static final long P = PAGE_SIZE;

  /** The reservation's flags, the same on both sides. */
  static final int RESERVE_FLAGS = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED;

  private static final int GUARD_FLAGS = MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED;

  /** The low guard page; the whole reservation is [base, hi + P). */
  final long base;

  /** The window: [lo, hi). */
  final long lo;

  final long hi;

  private final MemorySegment memory;
  private boolean live = true;

  private Window(long base, long size) {
    this.base = base;
    this.lo = base + P;
    this.hi = lo + size;
    this.memory = MemorySegment.ofAddress(lo).reinterpret(size);
  }

  /** Reserves a window of {@code size} bytes (a multiple of the page size) wherever Linux likes. */
  static Window reserve(long size) {
    if (size <= 0 || size % P != 0) {
      throw new IllegalArgumentException(
          "window size must be a positive multiple of 4096: " + size);
    }
    SysResult r =
        Libc.mmap(0, size + 2 * P, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r.isError()) {
      throw new IllegalStateException("cannot reserve the window: mmap " + r.show());
    }
    Window w = new Window(r.value(), size);
    w.fixed(w.base, P, GUARD_FLAGS);
    w.fixed(w.hi, P, GUARD_FLAGS);
    return w;
  }

  private void fixed(long addr, long len, int flags) {
    SysResult r = Libc.mmap(addr, len, PROT_NONE, flags, -1, 0);
    if (r.value() != addr) {
      throw new IllegalStateException(
          "window: mmap at 0x" + Long.toHexString(addr) + " " + r.show());
    }
  }

  long size() {
    return hi - lo;
  }

  /** Replaces everything in the window with the fresh reservation (one VMA). */
  void reset() {
    fixed(lo, size(), RESERVE_FLAGS);
  }

  boolean contains(long addr, long len) {
    return Long.compareUnsigned(addr, lo) >= 0
        && Long.compareUnsigned(len, hi - addr) <= 0
        && Long.compareUnsigned(addr, hi) < 0;
  }

  /** A read of the byte at {@code addr} (the caller made sure the model allows it). */
  byte read(long addr) {
    return memory.get(ValueLayout.JAVA_BYTE, addr - lo);
  }

  /** A write of {@code v} at {@code addr} (the caller made sure the model allows it). */
  void write(long addr, byte v) {
    memory.set(ValueLayout.JAVA_BYTE, addr - lo, v);
  }

  /**
   * Gives the window up without touching [from, to) ranges that someone else mapped: unmaps the
   * guards and every part of the window outside {@code keep} (pairs of start, end in address
   * order). The window is dead afterwards; {@link #close} does nothing.
   */
  void abandon(long[] keep) {
    long at = lo;
    for (int i = 0; i < keep.length; i += 2) {
      if (keep[i] > at) {
        Libc.munmap(at, keep[i] - at);
      }
      at = Math.max(at, keep[i + 1]);
    }
    if (at < hi) {
      Libc.munmap(at, hi - at);
    }
    Libc.munmap(base, P);
    Libc.munmap(hi, P);
    live = false;
  }

  /** Unmaps the window and its guards. */
  @Override
  public void close() {
    if (live) {
      live = false;
      SysResult r = Libc.munmap(base, hi + P - base);
      if (r.isError()) {
        throw new IllegalStateException("cannot unmap the window: munmap " + r.show());
      }
    }
  }
}
