package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED_NOREPLACE;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED_VALIDATE;
import static dev.copyexcept.example.mm.Mman.PAGE_SHIFT;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.VmFlags.VM_MAYEXEC;
import static dev.copyexcept.example.mm.VmFlags.VM_MAYREAD;
import static dev.copyexcept.example.mm.VmFlags.VM_MAYSHARE;
import static dev.copyexcept.example.mm.VmFlags.VM_MAYWRITE;
import static dev.copyexcept.example.mm.VmFlags.VM_READ;
import static dev.copyexcept.example.mm.VmFlags.VM_SHARED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Divergences from Linux that the kernel-diff module found (the model against Linux 6.18 on
 * x86-64), each pinned to what Linux answered once the model was fixed. Each test names the run
 * that found it ({@code KernelDiff --seed S --from I --count 1}).
 */
@ExtendWith(KernelExtension.class)
class KernelDiffScenarioTest {
  static final long P = PAGE_SIZE;
  static final long W = 0x7f0000000000L;

  Kernel kernel;
  MmStruct mm;

  @BeforeEach
  void setUp(TestKernels kernels) {
    kernel = kernels.create();
    mm = kernel.newMm();
  }

  /**
   * Seed 1, sequence 4: {@code file_mmap_ok}. A file offset whose last byte lies past {@code
   * MAX_LFS_FILESIZE} is {@code -EOVERFLOW} even when {@code pgoff + pages} does not wrap; the
   * largest accepted page offset for one page is {@code 2^51 - 2}.
   */
  @Test
  void mmap_fileOffsetPastMaxLfsFilesize_eoverflow() {
    VmFile a = new VmFile("/memfd:kdiff-a (deleted)", 24 * P);
    assertEquals(
        -Errno.EOVERFLOW, mm.mmap(W, P, PROT_READ, MAP_PRIVATE | MAP_FIXED, a, (1L << 52) - 1));
    assertEquals(
        -Errno.EOVERFLOW, mm.mmap(W, P, PROT_READ, MAP_SHARED | MAP_FIXED, a, (1L << 51) - 1));
    assertEquals(W, mm.mmap(W, P, PROT_READ, MAP_SHARED | MAP_FIXED, a, (1L << 51) - 2));
    assertEquals(1, mm.mapCount());
  }

  /**
   * Seed 1, sequences 17, 23 and more: {@code mmap} ignores {@code prot} bits it does not know
   * ({@code calc_vm_prot_bits}), unlike {@code mprotect}, which rejects them with {@code -EINVAL}.
   */
  @Test
  void mmap_unknownProtBits_ignored_mprotectRejectsThem() {
    assertEquals(W, mm.mmap(W, 2 * P, 0x80, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED));
    assertEquals(
        W + 2 * P, mm.mmap(W + 2 * P, P, PROT_READ | 0x40, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED));
    assertEquals(
        List.of(
            new VmaInfo(
                W, W + 2 * P, VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC, W >>> PAGE_SHIFT, null)),
        mm.vmas().subList(0, 1));
    assertEquals(
        VM_READ | VM_SHARED | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_MAYSHARE,
        mm.vmas().get(1).flags());
    assertEquals(
        -Errno.EEXIST, mm.mmap(W, P, 0x1000, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE));
    assertEquals(-Errno.EINVAL, mm.mprotect(W, P, 0x80));
  }

  /**
   * Seed 1, sequence 484: {@code MAP_SHARED_VALIDATE} accepts the legacy flags ({@code
   * LEGACY_MAP_MASK}: MAP_32BIT, MAP_ABOVE4G, MAP_STACK, MAP_HUGE_2MB, ...) and rejects every other
   * bit with {@code -EOPNOTSUPP}, MAP_FIXED_NOREPLACE included (probed on Linux 6.18 with a memfd).
   */
  @Test
  void mapSharedValidate_legacyFlagsAccepted_othersEopnotsupp_fixedNoreplaceToo() {
    VmFile a = new VmFile("/memfd:kdiff-a (deleted)", 4 * P);
    int sv = MAP_SHARED_VALIDATE | MAP_FIXED;
    for (int legacy :
        new int[] {0x40, 0x80, 0x800, 0x1000, 0x10000, 0x20000, 21 << 26, 0x4000000}) {
      assertEquals(
          W,
          mm.mmap(W, P, PROT_READ, sv | legacy, a, 0),
          () -> "flag 0x" + Integer.toHexString(legacy));
    }
    for (int other : new int[] {0x200, 0x400, 0x80000, 0x200000, 0x800000}) {
      assertEquals(
          -Errno.EOPNOTSUPP,
          mm.mmap(W, P, PROT_READ, sv | other, a, 0),
          () -> "flag 0x" + Integer.toHexString(other));
    }
    assertEquals(
        -Errno.EOPNOTSUPP,
        mm.mmap(W + P, P, PROT_READ, MAP_SHARED_VALIDATE | MAP_FIXED_NOREPLACE, a, 0));
    assertEquals(
        W + P, mm.mmap(W + P, P, PROT_READ, MAP_SHARED | MAP_FIXED_NOREPLACE | 0x800000, a, 1));
  }

  /**
   * Seed 1, sequence 223 (with PROT_GROWSUP/GROWSDOWN in the generator): {@code mprotect} strips
   * {@code PROT_GROWSDOWN}/{@code PROT_GROWSUP} and checks them against the first VMA: both at once
   * {@code -EINVAL}; GROWSUP {@code -ENOMEM} when the range starts in a hole, else {@code -EINVAL}
   * (x86 has no VM_GROWSUP); GROWSDOWN {@code -ENOMEM} when the range meets no VMA, else {@code
   * -EINVAL} unless that VMA is {@code VM_GROWSDOWN}. Probed on Linux 6.18 like this.
   */
  @Test
  void mprotect_protGrows_checkedAgainstTheFirstVma() {
    int gd = Mman.PROT_GROWSDOWN;
    int gu = Mman.PROT_GROWSUP;
    assertEquals(W, mm.mmap(W, 64 * P, Mman.PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED));
    assertEquals(0, mm.munmap(W + 8 * P, 4 * P)); // a hole at pages [8, 12)
    assertEquals(-Errno.EINVAL, mm.mprotect(W + 2 * P, 2 * P, PROT_READ | gu));
    assertEquals(-Errno.ENOMEM, mm.mprotect(W + 9 * P, 4 * P, PROT_READ | gu));
    assertEquals(-Errno.ENOMEM, mm.mprotect(W + 8 * P, 2 * P, PROT_READ | gu));
    assertEquals(-Errno.EINVAL, mm.mprotect(W + 2 * P, 2 * P, PROT_READ | gd));
    assertEquals(-Errno.EINVAL, mm.mprotect(W + 9 * P, 4 * P, PROT_READ | gd));
    assertEquals(-Errno.ENOMEM, mm.mprotect(W + 8 * P, 2 * P, PROT_READ | gd));
    assertEquals(-Errno.EINVAL, mm.mprotect(W + 8 * P, 2 * P, PROT_READ | gd | gu));
    assertEquals(0, mm.mprotect(W + 8 * P, 0, PROT_READ | gu));
    assertEquals(-Errno.EINVAL, mm.mprotect(W + 1, P, PROT_READ | gu));
    assertEquals(2, mm.mapCount()); // nothing changed: the two VMAs around the hole, PROT_NONE
    assertEquals(0, mm.vmas().get(0).flags() & VM_READ);
    assertEquals(0, mm.vmas().get(1).flags() & VM_READ);
  }

  /**
   * Seed 42, sequence 16: an unaligned {@code mmap} hint is rounded down to its page on x86 ({@code
   * arch_get_unmapped_area_topdown}: {@code addr &= PAGE_MASK}), for anonymous and file mappings
   * alike; the generic code would round it up.
   */
  @Test
  void mmap_unalignedHint_roundedDown() {
    VmFile b = new VmFile("/memfd:kdiff-b (deleted)", 5 * P + 123);
    assertEquals(
        W + 8 * P, mm.mmap(W + 8 * P + 0x647, 2 * P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS));
    assertEquals(W + 12 * P, mm.mmap(W + 12 * P + 1, 3 * P, PROT_READ, MAP_PRIVATE, b, 4));
    assertEquals(
        List.of(
            new VmaInfo(
                W + 8 * P,
                W + 10 * P,
                VM_READ | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC,
                (W >>> PAGE_SHIFT) + 8,
                null),
            new VmaInfo(
                W + 12 * P, W + 15 * P, VM_READ | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC, 4, b)),
        mm.vmas());
  }

  /**
   * Seed 42, sequence 555: the source of an {@code MREMAP_DONTUNMAP} move keeps {@code VM_ACCOUNT}
   * (smaps {@code ac}) in Linux 6.18, whether the move took part of its VMA or all of it, faulted
   * or not (probed all three); the model had cleared it.
   */
  @Test
  void mremapDontunmap_sourceKeepsVmAccount() {
    int rwx = PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC;
    int dontunmap = Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED | Mman.MREMAP_DONTUNMAP;
    assertEquals(
        W + 10 * P, mm.mmap(W + 10 * P, 4 * P, rwx, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED));
    assertEquals(W + 100 * P, mm.mremap(W + 11 * P, 2 * P, 2 * P, dontunmap, W + 100 * P));
    assertEquals(
        W + 20 * P, mm.mmap(W + 20 * P, 4 * P, rwx, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED));
    assertEquals(W + 110 * P, mm.mremap(W + 20 * P, 4 * P, 4 * P, dontunmap, W + 110 * P));
    for (VmaInfo v : mm.vmas()) {
      assertEquals(VmFlags.VM_ACCOUNT, v.flags() & VmFlags.VM_ACCOUNT, () -> "no VM_ACCOUNT: " + v);
    }
    assertEquals(4, mm.mapCount()); // both sources whole again, both targets
  }

  /**
   * Seed 42, sequence 8875: a {@code MREMAP_FIXED | MREMAP_DONTUNMAP} move whose target starts at
   * the end of the source's VMA merges the target into that VMA; the move is complete after that
   * one piece (the model's remap_move looked at the merged VMA again and failed with -EFAULT).
   * Linux 6.18's answer and layout.
   */
  @Test
  void mremapDontunmap_targetMergingIntoTheKeptSource_oneMove() {
    assertEquals(
        W,
        mm.mmap(
            W,
            0x40000000L,
            Mman.PROT_NONE,
            MAP_PRIVATE | MAP_ANONYMOUS | Mman.MAP_NORESERVE | MAP_FIXED));
    assertEquals(0, mm.madvise(W + 0x3f000L, 0x12000L, Mman.MADV_DONTFORK));
    assertEquals(
        W + 0x1d000L,
        mm.mmap(
            W + 0x1d000L,
            0x18000L,
            PROT_READ | Mman.PROT_WRITE,
            MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED));
    int dontunmap = Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED | Mman.MREMAP_DONTUNMAP;
    assertEquals(W + 0x3f000L, mm.mremap(W + 0x39000L, 0x4000L, 0x4000L, dontunmap, W + 0x3f000L));
    List<VmaInfo> v = mm.vmas();
    assertEquals(5, v.size(), v::toString);
    assertEquals(List.of(W + 0x35000L, W + 0x43000L), List.of(v.get(2).start(), v.get(2).end()));
    assertEquals(VmFlags.VM_DONTCOPY, v.get(3).flags() & VmFlags.VM_DONTCOPY);
    assertEquals(List.of(W + 0x43000L, W + 0x51000L), List.of(v.get(3).start(), v.get(3).end()));
  }
}
