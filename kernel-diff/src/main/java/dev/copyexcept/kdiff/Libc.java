package dev.copyexcept.kdiff;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library's memory-management calls, through {@link Linker} downcalls that capture {@code
 * errno} right after the call ({@link Linker.Option#captureCallState}), so that no JVM activity
 * between the call and the read can overwrite it. Every call returns a {@link SysResult} in the
 * model's convention: the result, or a negative errno.
 */
final class Libc {
  /*
   * Implementation notes.
   *
   * Pointers are passed and returned as JAVA_LONG: on x86-64 SysV a pointer and a long travel in
   * the same integer register, and the harness wants the address as a number anyway. mremap is
   * variadic in glibc (the new address is the fifth, variadic, argument), so its descriptor marks
   * the variadic boundary with firstVariadicArg(4).
   *
   * Each call uses a small confined Arena for the captured-state segment (and for mincore's
   * vector, a copy out): calls are made from one thread only (the harness is single-threaded).
   */
  private Libc() {}

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... opts) {
    MemorySegment fn =
        LINKER
            .defaultLookup()
            .find(name)
            .orElseThrow(() -> new IllegalStateException("libc has no " + name));
    Linker.Option[] all = new Linker.Option[opts.length + 1];
    all[0] = CAPTURE_ERRNO;
    System.arraycopy(opts, 0, all, 1, opts.length);
    return LINKER.downcallHandle(fn, fd, all);
  }

  private static final MethodHandle MMAP =
      downcall(
          "mmap",
          FunctionDescriptor.of(
              JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
  private static final MethodHandle MUNMAP =
      downcall("munmap", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
  private static final MethodHandle MPROTECT =
      downcall("mprotect", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
  private static final MethodHandle MADVISE =
      downcall("madvise", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
  private static final MethodHandle MINCORE =
      downcall("mincore", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS));
  private static final MethodHandle MREMAP =
      downcall(
          "mremap",
          FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG),
          Linker.Option.firstVariadicArg(4));
  private static final MethodHandle MEMFD_CREATE =
      downcall("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle FTRUNCATE =
      downcall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
  private static final MethodHandle CLOSE =
      downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

  /** {@code MAP_FAILED}. */
  static final long MAP_FAILED = -1L;

  private static SysResult result(long ret, long failed, MemorySegment state) {
    if (ret == failed) {
      return new SysResult(-(int) ERRNO.get(state, 0L));
    }
    return new SysResult(ret);
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }

  static SysResult mmap(long addr, long len, int prot, int flags, int fd, long offset) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      long r = (long) MMAP.invokeExact(st, addr, len, prot, flags, fd, offset);
      return result(r, MAP_FAILED, st);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static SysResult munmap(long addr, long len) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int r = (int) MUNMAP.invokeExact(st, addr, len);
      return result(r, -1, st);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static SysResult mprotect(long addr, long len, int prot) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int r = (int) MPROTECT.invokeExact(st, addr, len, prot);
      return result(r, -1, st);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static SysResult madvise(long addr, long len, int advice) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int r = (int) MADVISE.invokeExact(st, addr, len, advice);
      return result(r, -1, st);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code mincore(addr, len, vec)}: copies the kernel's vector into {@code vec}. */
  static SysResult mincore(long addr, long len, byte[] vec) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment v = a.allocate(Math.max(1, vec.length));
      int r = (int) MINCORE.invokeExact(st, addr, len, v);
      MemorySegment.copy(v, ValueLayout.JAVA_BYTE, 0, vec, 0, vec.length);
      return result(r, -1, st);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static SysResult mremap(long oldAddr, long oldLen, long newLen, int flags, long newAddr) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      long r = (long) MREMAP.invokeExact(st, oldAddr, oldLen, newLen, flags, newAddr);
      return result(r, MAP_FAILED, st);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code memfd_create(name, 0)}: the fd, or a negative errno. */
  static SysResult memfdCreate(String name) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int r = (int) MEMFD_CREATE.invokeExact(st, a.allocateFrom(name), 0);
      return result(r, -1, st);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static SysResult ftruncate(int fd, long len) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int r = (int) FTRUNCATE.invokeExact(st, fd, len);
      return result(r, -1, st);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static SysResult close(int fd) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int r = (int) CLOSE.invokeExact(st, fd);
      return result(r, -1, st);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }
}
