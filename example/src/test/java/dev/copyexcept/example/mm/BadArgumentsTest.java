package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static dev.copyexcept.example.mm.Mman.TASK_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad argument returns Linux's errno and leaves the address space exactly as it was ({@code
 * maps()}, {@code vmas()}, map count and page tables unchanged).
 */
@ExtendWith(KernelExtension.class)
class BadArgumentsTest {
  static final long P = PAGE_SIZE;
  static final long A = 0x40000000L;
  static final int RW = PROT_READ | PROT_WRITE;
  static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS;
  static final VmFile FILE = new VmFile("/data/file", 16 * P);

  static Arguments c(String name, long expected, ToLongFunction<MmStruct> call) {
    return Arguments.of(name, expected, call);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // mmap
        c("mmap len 0", -Errno.EINVAL, mm -> mm.mmap(0, 0, RW, ANON)),
        c("mmap len overflows when page-aligned", -Errno.ENOMEM, mm -> mm.mmap(0, -1L, RW, ANON)),
        c("mmap len above TASK_SIZE", -Errno.ENOMEM, mm -> mm.mmap(0, TASK_SIZE + P, RW, ANON)),
        c(
            "mmap MAP_FIXED unaligned addr",
            -Errno.EINVAL,
            mm -> mm.mmap(A + 1, P, RW, ANON | MAP_FIXED)),
        c(
            "mmap MAP_FIXED end above TASK_SIZE",
            -Errno.ENOMEM,
            mm -> mm.mmap(TASK_SIZE - P, 2 * P, RW, ANON | MAP_FIXED)),
        c(
            "mmap MAP_FIXED addr at TASK_SIZE",
            -Errno.ENOMEM,
            mm -> mm.mmap(TASK_SIZE, P, RW, ANON | MAP_FIXED)),
        c(
            "mmap MAP_FIXED negative addr",
            -Errno.ENOMEM,
            mm -> mm.mmap(-P, P, RW, ANON | MAP_FIXED)),
        c(
            "mmap MAP_FIXED below mmap_min_addr",
            -Errno.EPERM,
            mm -> mm.mmap(0x1000, P, RW, ANON | MAP_FIXED)),
        c("mmap MAP_FIXED at 0", -Errno.EPERM, mm -> mm.mmap(0, P, RW, ANON | MAP_FIXED)),
        c(
            "mmap anonymous neither shared nor private",
            -Errno.EINVAL,
            mm -> mm.mmap(0, P, RW, MAP_ANONYMOUS)),
        c(
            "mmap anonymous both shared and private",
            -Errno.EINVAL,
            mm -> mm.mmap(0, P, RW, MAP_ANONYMOUS | MAP_SHARED | MAP_PRIVATE)),
        c(
            "mmap file neither shared nor private",
            -Errno.EINVAL,
            mm -> mm.mmap(0, P, RW, 0, FILE, 0)),
        c(
            "mmap not anonymous and no file (bad fd)",
            -Errno.EBADF,
            mm -> mm.mmap(0, P, RW, MAP_PRIVATE)),
        c(
            "mmap MAP_SHARED_VALIDATE unknown flag",
            -Errno.EOPNOTSUPP,
            mm -> mm.mmap(0, P, RW, Mman.MAP_SHARED_VALIDATE | 0x80000, FILE, 0)),
        c(
            "mmap file pgoff overflows",
            -Errno.EOVERFLOW,
            mm -> mm.mmap(0, 2 * P, PROT_READ, MAP_PRIVATE, FILE, -1L)),
        c(
            "mmap MAP_FIXED_NOREPLACE over a mapping",
            -Errno.EEXIST,
            mm -> mm.mmap(A, P, RW, ANON | Mman.MAP_FIXED_NOREPLACE)),
        // munmap
        c("munmap unaligned", -Errno.EINVAL, mm -> mm.munmap(A + 8, P)),
        c("munmap len 0", -Errno.EINVAL, mm -> mm.munmap(A, 0)),
        c("munmap start above TASK_SIZE", -Errno.EINVAL, mm -> mm.munmap(TASK_SIZE + P, P)),
        c("munmap len beyond TASK_SIZE", -Errno.EINVAL, mm -> mm.munmap(A, TASK_SIZE)),
        c("munmap negative len", -Errno.EINVAL, mm -> mm.munmap(A, -P)),
        // mprotect
        c("mprotect unaligned", -Errno.EINVAL, mm -> mm.mprotect(A + 8, P, PROT_READ)),
        c("mprotect unknown prot bit", -Errno.EINVAL, mm -> mm.mprotect(A, P, 0x100)),
        c("mprotect end wraps", -Errno.ENOMEM, mm -> mm.mprotect(A, -A, PROT_READ)),
        c("mprotect unmapped range", -Errno.ENOMEM, mm -> mm.mprotect(A + 64 * P, P, PROT_READ)),
        c("mprotect starts in a hole", -Errno.ENOMEM, mm -> mm.mprotect(A - P, 2 * P, PROT_READ)),
        c("mprotect len 0 is a no-op", 0, mm -> mm.mprotect(A, 0, PROT_READ)),
        c("mprotect len 0 ignores bad prot", 0, mm -> mm.mprotect(A, 0, 0x100)),
        // madvise
        c("madvise unknown advice", -Errno.EINVAL, mm -> mm.madvise(A, P, 999)),
        c("madvise unaligned", -Errno.EINVAL, mm -> mm.madvise(A + 8, P, Mman.MADV_DONTFORK)),
        c("madvise unmapped", -Errno.ENOMEM, mm -> mm.madvise(A + 64 * P, P, Mman.MADV_DONTFORK)),
        c("madvise len 0", 0, mm -> mm.madvise(A, 0, Mman.MADV_DONTFORK)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void syscall_badArgument_returnsErrnoAndChangesNothing(
      String name, long expected, ToLongFunction<MmStruct> call, TestKernels kernels) {
    {
      Kernel k = kernels.create();
      MmStruct mm = k.newMm();
      assertEquals(A, mm.mmap(A, 4 * P, RW, ANON | MAP_FIXED));
      assertEquals(0, mm.mprotect(A + P, P, PROT_READ));
      mm.handleFault(A, true);
      mm.handleFault(A + 3 * P, false);
      String maps = mm.maps();
      List<VmaInfo> vmas = mm.vmas();
      int pages = mm.pageTable().size();

      long r = call.applyAsLong(mm);

      assertEquals(expected, r, () -> name + ": got " + r + " (" + Errno.name(r) + ")");
      assertEquals(maps, mm.maps());
      assertEquals(vmas, mm.vmas());
      assertEquals(vmas.size(), mm.mapCount());
      assertEquals(pages, mm.pageTable().size());
      assertEquals(List.of(), mm.checkInvariants());
      mm.exitMmap();
      assertEquals(List.of(), k.warnings());
    }
  }
}
