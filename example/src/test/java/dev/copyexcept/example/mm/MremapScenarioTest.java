package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED;
import static dev.copyexcept.example.mm.Mman.MREMAP_DONTUNMAP;
import static dev.copyexcept.example.mm.Mman.MREMAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MREMAP_MAYMOVE;
import static dev.copyexcept.example.mm.Mman.PAGE_SHIFT;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_EXEC;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static dev.copyexcept.example.mm.Mman.TASK_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.copyexcept.example.mm.PageTable.Pte;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * mremap scenarios with the exact return value (address or errno) and the exact {@code maps()}
 * afterwards. Every case here was first run against the real {@code mremap} of Linux 6.18.44
 * (x86-64) in a reserved {@code PROT_NONE} range through JDK 25's FFM API, with the same layout
 * relative to a base address; the expected return values and {@code maps()} are what that kernel
 * gave (the one deliberate difference, {@code MMAP_MIN_ADDR}, is marked; a {@code MAYMOVE} move
 * lands where the model's deterministic top-down search puts it). What {@code /proc/self/maps} does
 * not show ({@code VM_ACCOUNT}, {@code vm_pgoff}, which object survived) follows the kernel source.
 * Page {@code n} below is {@code A + n * PAGE_SIZE}.
 */
@ExtendWith(KernelExtension.class)
class MremapScenarioTest {
  static final long P = PAGE_SIZE;
  static final long A = 0x10000000L;
  static final int RW = PROT_READ | PROT_WRITE;
  static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
  static final int MAYMOVE = MREMAP_MAYMOVE;
  static final int FIXED = MREMAP_MAYMOVE | MREMAP_FIXED;
  static final int DONTUNMAP = MREMAP_MAYMOVE | MREMAP_DONTUNMAP;
  static final long F_RW = MmapScenarioTest.F_RW;

  Kernel kernel;
  MmStruct mm;

  @BeforeEach
  void setUp(TestKernels kernels) {
    kernel = kernels.create();
    mm = kernel.newMm();
  }

  /** Maps anonymous private pages [from, to) with {@code prot}. */
  void map(int from, int to, int prot) {
    assertEquals(A + from * P, mm.mmap(A + from * P, (to - from) * P, prot, ANON));
  }

  /** A write fault on page {@code n} (allocates an anonymous page and the VMA's anon_vma). */
  Pte touch(int n) {
    assertEquals(true, mm.handleFault(A + n * P, true).handled());
    return mm.pageTable().get(A + n * P);
  }

  /** One {@code maps()} line of anonymous private pages [from, to). */
  static String line(int from, int to, String perms) {
    return String.format("%08x-%08x %s 00000000 00:00 0 \n", A + from * P, A + to * P, perms);
  }

  static long page(int n) {
    return A + n * P;
  }

  // ---------------------------------------------------------------------------------------------
  // Resize in place

  @Test
  void shrink_unmapsTheTail() {
    map(0, 4, RW);
    touch(3);
    assertEquals(A, mm.mremap(A, 4 * P, 2 * P, 0, 0));
    assertEquals(line(0, 2, "rw-p"), mm.maps());
    assertNull(mm.pageTable().get(page(3)), "the tail's page went with it");
  }

  @Test
  void grow_spaceAfterIsFree_growsInPlace() {
    map(0, 2, RW);
    assertEquals(A, mm.mremap(A, 2 * P, 4 * P, 0, 0));
    assertEquals(line(0, 4, "rw-p"), mm.maps());
    assertEquals(1, mm.mapCount());
  }

  @Test
  void grow_intoGapUpToACompatibleNext_mergesWithNext() {
    map(0, 2, RW);
    map(3, 5, RW);
    VmAreaStruct first = mm.vmaObjectAt(A);
    assertEquals(A, mm.mremap(A, 2 * P, 3 * P, 0, 0));
    assertEquals(line(0, 5, "rw-p"), mm.maps());
    assertSame(first, mm.vmaObjectAt(page(4)), "vma_merge_extend: the growing VMA absorbs next");
  }

  @Test
  void grow_fromInsideToTheEndOfTheVma_growsInPlaceAndReturnsAddr() {
    map(0, 2, RW);
    assertEquals(page(1), mm.mremap(page(1), P, 3 * P, 0, 0));
    assertEquals(line(0, 4, "rw-p"), mm.maps());
  }

  @Test
  void grow_blockedWithoutMaymove_enomemAndNothingChanged() {
    map(0, 2, RW);
    map(2, 3, PROT_READ);
    String before = mm.maps();
    assertEquals(-Errno.ENOMEM, mm.mremap(A, 2 * P, 4 * P, 0, 0));
    assertEquals(before, mm.maps());
  }

  @Test
  void grow_partOfAVmaWithoutMaymove_enomem() {
    map(0, 2, RW);
    assertEquals(-Errno.ENOMEM, mm.mremap(A, P, 2 * P, 0, 0));
    assertEquals(line(0, 2, "rw-p"), mm.maps());
  }

  @Test
  void grow_lengthsRoundedUpToPages_likeAnyOtherGrow() {
    map(0, 2, RW);
    // old_len 1 -> 1 page, new_len P + 1 -> 2 pages: the range [0,1) does not end the VMA
    assertEquals(-Errno.ENOMEM, mm.mremap(A, 1, P + 1, 0, 0));
    assertEquals(line(0, 2, "rw-p"), mm.maps());
  }

  @Test
  void shrink_acrossAVmaBoundary_unmapsBothTails() {
    map(0, 2, RW);
    map(2, 4, PROT_READ);
    assertEquals(A, mm.mremap(A, 4 * P, P, 0, 0));
    assertEquals(line(0, 1, "rw-p"), mm.maps());
  }

  @Test
  void shrink_pastTheVmaEndIntoAHole_succeeds() {
    map(0, 2, RW);
    assertEquals(A, mm.mremap(A, 4 * P, P, 0, 0));
    assertEquals(line(0, 1, "rw-p"), mm.maps());
  }

  @Test
  void noResize_returnsAddrEvenIfOldLenCrossesTheEnd() {
    map(0, 2, RW);
    assertEquals(A, mm.mremap(A, 2 * P, 2 * P, 0, 0));
    assertEquals(A, mm.mremap(A, 3 * P, 3 * P, 0, 0));
    assertEquals(line(0, 2, "rw-p"), mm.maps());
  }

  // ---------------------------------------------------------------------------------------------
  // Moves

  @Test
  void grow_blockedWithMaymove_movesTopDownWithItsPages() {
    map(0, 2, RW);
    map(2, 3, PROT_READ);
    Pte p0 = touch(0);
    long to = TASK_SIZE - 4 * P; // the model's deterministic top-down choice
    assertEquals(to, mm.mremap(A, 2 * P, 4 * P, MAYMOVE, 0));
    assertEquals(
        line(2, 3, "r--p") + String.format("%08x-%08x rw-p 00000000 00:00 0 \n", to, TASK_SIZE),
        mm.maps());
    assertSame(p0, mm.pageTable().get(to), "the page-table entry moved with the range");
    assertNull(mm.pageTable().get(A));
  }

  @Test
  void grow_partOfAVmaWithMaymove_movesThatPartOnly() {
    map(0, 2, RW);
    long to = TASK_SIZE - 2 * P;
    assertEquals(to, mm.mremap(A, P, 2 * P, MAYMOVE, 0));
    assertEquals(
        line(1, 2, "rw-p") + String.format("%08x-%08x rw-p 00000000 00:00 0 \n", to, TASK_SIZE),
        mm.maps());
  }

  @Test
  void fixed_moveTwoFaultedPages_entriesAndVmaMove() {
    map(0, 2, RW);
    Pte p0 = touch(0);
    Pte p1 = touch(1);
    assertEquals(page(10), mm.mremap(A, 2 * P, 2 * P, FIXED, page(10)));
    assertEquals(line(10, 12, "rw-p"), mm.maps());
    assertSame(p0, mm.pageTable().get(page(10)));
    assertSame(p1, mm.pageTable().get(page(11)));
    assertEquals(0, mm.pageTable().count(A, page(2)));
    VmaInfo moved = mm.vmas().get(0);
    assertEquals(A >>> PAGE_SHIFT, moved.pgoff(), "a faulted VMA keeps its vm_pgoff (page index)");
    assertEquals(F_RW, moved.flags(), "VM_ACCOUNT stays on the moved VMA");
  }

  @Test
  void fixed_moveAndGrow() {
    map(0, 2, RW);
    Pte p0 = touch(0);
    assertEquals(page(10), mm.mremap(A, 2 * P, 3 * P, FIXED, page(10)));
    assertEquals(line(10, 13, "rw-p"), mm.maps());
    assertSame(p0, mm.pageTable().get(page(10)));
  }

  @Test
  void fixed_moveAndShrink() {
    map(0, 2, RW);
    Pte p0 = touch(0);
    assertEquals(page(10), mm.mremap(A, 2 * P, P, FIXED, page(10)));
    assertEquals(line(10, 11, "rw-p"), mm.maps());
    assertSame(p0, mm.pageTable().get(page(10)));
  }

  @Test
  void fixed_overAMapping_unmapsWhatWasThere() {
    map(0, 2, RW);
    map(10, 14, PROT_READ);
    assertEquals(page(11), mm.mremap(A, 2 * P, 2 * P, FIXED, page(11)));
    assertEquals(line(10, 11, "r--p") + line(11, 13, "rw-p") + line(13, 14, "r--p"), mm.maps());
  }

  @Test
  void fixed_moveAndGrowOverTheNextVma() {
    map(0, 2, RW);
    map(5, 7, RW);
    assertEquals(page(4), mm.mremap(A, 2 * P, 3 * P, FIXED, page(4)));
    assertEquals(line(4, 7, "rw-p"), mm.maps());
  }

  @Test
  void fixed_middleOfAVma_splitsAndBothRemaindersKeepVmAccount() {
    map(0, 4, RW);
    assertEquals(page(10), mm.mremap(page(1), 2 * P, 2 * P, FIXED, page(10)));
    assertEquals(line(0, 1, "rw-p") + line(3, 4, "rw-p") + line(10, 12, "rw-p"), mm.maps());
    for (VmaInfo v : mm.vmas()) {
      assertEquals(F_RW, v.flags(), "unmap_source_vma sets VM_ACCOUNT again on what is left");
    }
  }

  @Test
  void fixed_unfaultedNextToACompatibleVma_takesItsNewPgoffAndMerges() {
    map(0, 2, RW);
    map(12, 14, RW);
    VmAreaStruct next = mm.vmaObjectAt(page(12));
    assertEquals(page(10), mm.mremap(A, 2 * P, 2 * P, FIXED, page(10)));
    assertEquals(line(10, 14, "rw-p"), mm.maps());
    assertSame(next, mm.vmaObjectAt(page(10)), "copy_vma merged into next: no vm_area_dup");
  }

  @Test
  void fixed_faultedNextToACompatibleVma_doesNotMerge() {
    map(0, 2, RW);
    touch(0);
    map(12, 14, RW);
    assertEquals(page(10), mm.mremap(A, 2 * P, 2 * P, FIXED, page(10)));
    assertEquals(line(10, 12, "rw-p") + line(12, 14, "rw-p"), mm.maps());
  }

  @Test
  void fixed_faultedMovedAndMovedBack_oneVmaAgain() {
    map(0, 2, RW);
    touch(0);
    assertEquals(page(10), mm.mremap(A, 2 * P, 2 * P, FIXED, page(10)));
    assertEquals(A, mm.mremap(page(10), 2 * P, 2 * P, FIXED, A));
    assertEquals(line(0, 2, "rw-p"), mm.maps());
  }

  @Test
  void fixed_rightNextToItself_selfMergeThenSourceUnmapped() {
    map(0, 2, RW);
    VmAreaStruct vma = mm.vmaObjectAt(A);
    long slabAllocs = kernel.slabinfo().get(0).activeObjs();
    assertEquals(page(2), mm.mremap(A, 2 * P, 2 * P, FIXED, page(2)));
    assertEquals(line(2, 4, "rw-p"), mm.maps());
    // copy_vma expanded the source over [0,4) (no vm_area_dup); unmapping [0,2) then split it:
    // __split_vma gives the upper part to a new object and the source, detached, is freed.
    assertNotSame(vma, mm.vmaObjectAt(page(2)));
    assertEquals(0, MmapLock.vmaRefcnt(vma), "the source object was detached and freed");
    assertEquals(slabAllocs, kernel.slabinfo().get(0).activeObjs());
  }

  @Test
  void fixed_tailOfAVmaRightAfterIt_unfaultedAndFaulted() {
    map(0, 4, RW);
    assertEquals(page(4), mm.mremap(page(2), 2 * P, 2 * P, FIXED, page(4)));
    assertEquals(line(0, 2, "rw-p") + line(4, 6, "rw-p"), mm.maps());
    mm.exitMmap();
    map(0, 4, RW);
    touch(0);
    assertEquals(page(4), mm.mremap(page(2), 2 * P, 2 * P, FIXED, page(4)));
    assertEquals(line(0, 2, "rw-p") + line(4, 6, "rw-p"), mm.maps());
  }

  @Test
  void fixed_withinTheSameVma_unfaulted_targetUnmappedThenMergedBothWaysThenSourceUnmapped() {
    map(0, 8, RW);
    assertEquals(page(4), mm.mremap(A, 2 * P, 2 * P, FIXED, page(4)));
    assertEquals(line(2, 8, "rw-p"), mm.maps());
  }

  @Test
  void fixed_withinTheSameVma_faulted_threeVmas() {
    map(0, 8, RW);
    touch(0);
    assertEquals(page(4), mm.mremap(A, 2 * P, 2 * P, FIXED, page(4)));
    assertEquals(line(2, 4, "rw-p") + line(4, 6, "rw-p") + line(6, 8, "rw-p"), mm.maps());
  }

  @Test
  void fixed_threeVmasAndBack_endsAsItBegan() {
    map(0, 2, RW);
    map(2, 4, PROT_READ);
    map(4, 10, RW);
    assertEquals(page(10), mm.mremap(A, 6 * P, 6 * P, FIXED, page(10)));
    assertEquals(A, mm.mremap(page(10), 6 * P, 6 * P, FIXED, A));
    assertEquals(line(0, 2, "rw-p") + line(2, 4, "r--p") + line(4, 10, "rw-p"), mm.maps());
  }

  @Test
  void fixed_shrinkOntoTheNextPage_onlyThePrefixMoves() {
    map(0, 4, RW);
    assertEquals(page(4), mm.mremap(A, 4 * P, P, FIXED, page(4)));
    assertEquals(line(4, 5, "rw-p"), mm.maps());
  }

  @Test
  void grow_upToAFaultedNext_mergesWithIt() {
    map(0, 2, RW);
    map(3, 8, RW);
    touch(3);
    assertEquals(A, mm.mremap(A, 2 * P, 3 * P, 0, 0));
    assertEquals(line(0, 8, "rw-p"), mm.maps());
  }

  @Test
  void fixed_twoVmas_bothMove() {
    map(0, 1, RW);
    map(1, 2, PROT_READ);
    assertEquals(page(10), mm.mremap(A, 2 * P, 2 * P, FIXED, page(10)));
    assertEquals(line(10, 11, "rw-p") + line(11, 12, "r--p"), mm.maps());
  }

  @Test
  void fixed_twoVmasWithAGap_gapKept() {
    map(0, 1, RW);
    map(2, 3, PROT_READ);
    assertEquals(page(10), mm.mremap(A, 3 * P, 3 * P, FIXED, page(10)));
    assertEquals(line(10, 11, "rw-p") + line(12, 13, "r--p"), mm.maps());
  }

  @Test
  void fixed_twoVmasWithAGapOverAMapping_theGapOfTheTargetIsNotUnmapped() {
    map(0, 1, RW);
    map(2, 3, PROT_READ);
    map(10, 13, PROT_READ | PROT_WRITE | PROT_EXEC);
    assertEquals(page(10), mm.mremap(A, 3 * P, 3 * P, FIXED, page(10)));
    assertEquals(line(10, 11, "rw-p") + line(11, 12, "rwxp") + line(12, 13, "r--p"), mm.maps());
  }

  @Test
  void fixed_gapAtTheStart_efaultAndNothingChanged() {
    map(1, 2, RW);
    assertEquals(-Errno.EFAULT, mm.mremap(A, 2 * P, 2 * P, FIXED, page(10)));
    assertEquals(line(1, 2, "rw-p"), mm.maps());
  }

  @Test
  void fixed_gapAtTheEnd_theMappedPartMoves() {
    map(0, 1, RW);
    assertEquals(page(10), mm.mremap(A, 2 * P, 2 * P, FIXED, page(10)));
    assertEquals(line(10, 11, "rw-p"), mm.maps());
  }

  @Test
  void maymoveGrow_acrossTwoVmas_efault() {
    map(0, 1, RW);
    map(1, 2, PROT_READ);
    String before = mm.maps();
    assertEquals(-Errno.EFAULT, mm.mremap(A, 2 * P, 3 * P, MAYMOVE, 0));
    assertEquals(before, mm.maps());
  }

  // ---------------------------------------------------------------------------------------------
  // MREMAP_DONTUNMAP

  @Test
  void dontunmap_fixed_pagesMoveOldMappingStaysEmptyKeepsVmAccount() {
    map(0, 2, RW);
    Pte p0 = touch(0);
    assertEquals(page(10), mm.mremap(A, 2 * P, 2 * P, DONTUNMAP | MREMAP_FIXED, page(10)));
    assertEquals(line(0, 2, "rw-p") + line(10, 12, "rw-p"), mm.maps());
    assertNull(mm.pageTable().get(A), "the old range lost its pages: a read sees zeroes again");
    assertSame(p0, mm.pageTable().get(page(10)));
    List<VmaInfo> v = mm.vmas();
    // Linux 6.18 keeps VM_ACCOUNT on the source (smaps "ac", this very case probed by kernel-diff)
    assertEquals(F_RW, v.get(0).flags(), "the kept source stays accounted");
    assertEquals(F_RW, v.get(1).flags());
    assertNull(mm.vmaObjectAt(A).anon_vma, "the whole VMA moved: its anon_vma links went too");
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(A, false));
    assertSame(Page.ZERO_PAGE, mm.pageTable().get(A).page(), "read fault: the zero page again");
  }

  @Test
  void dontunmap_newAddrIsAHint() {
    map(0, 2, RW);
    assertEquals(page(10), mm.mremap(A, 2 * P, 2 * P, DONTUNMAP, page(10)));
    assertEquals(line(0, 2, "rw-p") + line(10, 12, "rw-p"), mm.maps());
  }

  @Test
  void dontunmap_partOfAVma_theVmaStaysWhole() {
    map(0, 4, RW);
    Pte p1 = touch(1);
    assertEquals(page(10), mm.mremap(page(1), P, P, DONTUNMAP | MREMAP_FIXED, page(10)));
    assertEquals(line(0, 4, "rw-p") + line(10, 11, "rw-p"), mm.maps());
    assertSame(p1, mm.pageTable().get(page(10)));
    assertNull(mm.pageTable().get(page(1)));
  }

  @Test
  void dontunmap_twoVmas_bothCopiedBothKept() {
    map(0, 1, RW);
    map(1, 2, PROT_READ);
    assertEquals(page(10), mm.mremap(A, 2 * P, 2 * P, DONTUNMAP | MREMAP_FIXED, page(10)));
    assertEquals(
        line(0, 1, "rw-p") + line(1, 2, "r--p") + line(10, 11, "rw-p") + line(11, 12, "r--p"),
        mm.maps());
  }

  @Test
  void sharedAnon_zeroOldLen_duplicatesTheMapping() {
    assertEquals(A, mm.mmap(A, 2 * P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED));
    touch(0);
    assertEquals(page(10), mm.mremap(A, 0, 2 * P, FIXED, page(10)));
    List<VmaInfo> v = mm.vmas();
    assertEquals(2, v.size());
    assertSame(v.get(0).file(), v.get(1).file(), "both map the same shmem file");
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(page(10), false));
    assertSame(
        mm.pageTable().get(A).page(),
        mm.pageTable().get(page(10)).page(),
        "the duplicate sees the original's page");
  }

  // ---------------------------------------------------------------------------------------------
  // Refused calls: the errno Linux 6.18 returns, and maps() unchanged

  static Stream<Arguments> refused() {
    long huge = -1L; // PAGE_ALIGN wraps it to 0
    return Stream.of(
        Arguments.of("unknown flag 8", A, 2 * P, 2 * P, 8, 0L, -Errno.EINVAL),
        Arguments.of("unaligned addr", A + 1, 2 * P, 2 * P, 0, 0L, -Errno.EINVAL),
        Arguments.of("new_len 0", A, 2 * P, 0L, 0, 0L, -Errno.EINVAL),
        Arguments.of("new_len wraps to 0", A, 2 * P, huge, MAYMOVE, 0L, -Errno.EINVAL),
        Arguments.of("new_len > TASK_SIZE", A, 2 * P, TASK_SIZE + P, MAYMOVE, 0L, -Errno.EINVAL),
        Arguments.of(
            "FIXED without MAYMOVE", A, 2 * P, 2 * P, MREMAP_FIXED, page(10), -Errno.EINVAL),
        Arguments.of(
            "DONTUNMAP without MAYMOVE",
            A,
            2 * P,
            2 * P,
            MREMAP_DONTUNMAP,
            page(10),
            -Errno.EINVAL),
        Arguments.of(
            "FIXED unaligned new_addr", A, 2 * P, 2 * P, FIXED, page(10) + 1, -Errno.EINVAL),
        Arguments.of("DONTUNMAP grow", A, 2 * P, 3 * P, DONTUNMAP, page(10), -Errno.EINVAL),
        Arguments.of("DONTUNMAP shrink", A, 2 * P, P, DONTUNMAP, page(10), -Errno.EINVAL),
        Arguments.of("FIXED overlapping above", A, 2 * P, 2 * P, FIXED, page(1), -Errno.EINVAL),
        Arguments.of("FIXED overlapping below", page(1), P, 2 * P, FIXED, A, -Errno.EINVAL),
        Arguments.of("FIXED past TASK_SIZE", A, 2 * P, 2 * P, FIXED, TASK_SIZE - P, -Errno.EINVAL),
        Arguments.of("old_len 0, private, grow", A, 0L, P, MAYMOVE, 0L, -Errno.EINVAL),
        Arguments.of("old_len 0, private, no flags", A, 0L, P, 0, 0L, -Errno.EINVAL),
        Arguments.of("addr unmapped", page(5), P, P, 0, 0L, -Errno.EFAULT),
        Arguments.of("addr unmapped, grow", page(5), P, 2 * P, MAYMOVE, 0L, -Errno.EFAULT),
        Arguments.of("grow, old_len past the VMA", A, 3 * P, 4 * P, 0, 0L, -Errno.EFAULT),
        Arguments.of(
            "grow MAYMOVE, old_len past the VMA", A, 3 * P, 4 * P, MAYMOVE, 0L, -Errno.EFAULT),
        Arguments.of("grow to TASK_SIZE in place", A, 2 * P, TASK_SIZE, 0, 0L, -Errno.ENOMEM),
        // Model choice, as for mmap: security_mmap_addr without CAP_SYS_RAWIO. (The probe ran with
        // CAP_SYS_RAWIO, so the real call moved the mapping to 0.)
        Arguments.of("FIXED below MMAP_MIN_ADDR", A, 2 * P, 2 * P, FIXED, 0L, -Errno.EPERM));
  }

  @ParameterizedTest(name = "{0} -> {6}")
  @MethodSource("refused")
  void refused_errnoAndNothingChanged(
      String what, long addr, long oldLen, long newLen, int flags, long newAddr, long errno) {
    map(0, 2, RW);
    touch(0);
    String before = mm.maps();
    List<VmaInfo> vmasBefore = mm.vmas();
    Pte pte = mm.pageTable().get(A);
    assertEquals(errno, mm.mremap(addr, oldLen, newLen, flags, newAddr), what);
    assertEquals(before, mm.maps());
    assertEquals(vmasBefore, mm.vmas());
    assertSame(pte, mm.pageTable().get(A));
  }
}
