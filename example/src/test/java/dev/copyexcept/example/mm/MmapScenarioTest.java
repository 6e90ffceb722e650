package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED;
import static dev.copyexcept.example.mm.Mman.PAGE_SHIFT;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static dev.copyexcept.example.mm.VmFlags.VM_ACCOUNT;
import static dev.copyexcept.example.mm.VmFlags.VM_MAYEXEC;
import static dev.copyexcept.example.mm.VmFlags.VM_MAYREAD;
import static dev.copyexcept.example.mm.VmFlags.VM_MAYSHARE;
import static dev.copyexcept.example.mm.VmFlags.VM_MAYWRITE;
import static dev.copyexcept.example.mm.VmFlags.VM_READ;
import static dev.copyexcept.example.mm.VmFlags.VM_SHARED;
import static dev.copyexcept.example.mm.VmFlags.VM_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario tests in the style of the kernel's {@code tools/testing/vma}: a sequence of mmap,
 * mprotect and munmap calls, then the exact VMAs (range, flags, vm_pgoff, which object survived)
 * and the exact {@code maps()} text.
 */
@ExtendWith(KernelExtension.class)
class MmapScenarioTest {
  static final long P = PAGE_SIZE;
  static final long A = 0x10000000L;
  static final int RW = PROT_READ | PROT_WRITE;
  static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
  static final long MAY = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

  /** An anonymous private read-write mapping: accounted (VM_ACCOUNT). */
  static final long F_RW = VM_READ | VM_WRITE | MAY | VM_ACCOUNT;

  static final long F_R = VM_READ | MAY;

  Kernel kernel;
  MmStruct mm;

  @BeforeEach
  void setUp(TestKernels kernels) {
    kernel = kernels.create();
    mm = kernel.newMm();
  }

  static VmaInfo anon(long start, long end, long flags) {
    return new VmaInfo(start, end, flags, start >>> PAGE_SHIFT, null);
  }

  long map(long addr, long len, int prot) {
    long r = mm.mmap(addr, len, prot, ANON);
    assertEquals(addr, r, () -> "mmap returned " + r);
    return r;
  }

  @Test
  void mmap_anonFixed_oneVmaWithPgoffOfItsStart() {
    map(A, 3 * P, RW);
    assertEquals(List.of(anon(A, A + 3 * P, F_RW)), mm.vmas());
    assertEquals("10000000-10003000 rw-p 00000000 00:00 0 \n", mm.maps());
    assertEquals(1, mm.mapCount());
  }

  @Test
  void mmap_lengthNotPageMultiple_roundedUp() {
    assertEquals(A, mm.mmap(A, 1, PROT_READ, ANON));
    assertEquals(List.of(anon(A, A + P, F_R)), mm.vmas());
  }

  @Test
  void mmap_adjacentAbove_mergesIntoLowerObject() {
    map(A, 2 * P, RW);
    VmAreaStruct first = mm.vmaObjectAt(A);
    map(A + 2 * P, 2 * P, RW);
    assertEquals(List.of(anon(A, A + 4 * P, F_RW)), mm.vmas());
    assertSame(first, mm.vmaObjectAt(A + 3 * P), "prev absorbs the new range");
  }

  @Test
  void mmap_adjacentBelow_nextExpandsDownAndSurvives() {
    map(A, 2 * P, RW);
    VmAreaStruct existing = mm.vmaObjectAt(A);
    map(A - 2 * P, 2 * P, RW);
    assertEquals(List.of(anon(A - 2 * P, A + 2 * P, F_RW)), mm.vmas());
    assertSame(existing, mm.vmaObjectAt(A - 2 * P));
    assertEquals(
        (A - 2 * P) >>> PAGE_SHIFT, existing.vm_pgoff, "merged VMA keeps the lowest piece's pgoff");
  }

  @Test
  void mmap_intoGapBetweenTwo_prevAbsorbsBothAndNextIsFreed() {
    map(A, P, RW);
    map(A + 2 * P, P, RW);
    VmAreaStruct prev = mm.vmaObjectAt(A);
    VmAreaStruct next = mm.vmaObjectAt(A + 2 * P);
    assertEquals(2, mm.mapCount());
    map(A + P, P, RW);
    assertEquals(List.of(anon(A, A + 3 * P, F_RW)), mm.vmas());
    assertSame(prev, mm.vmaObjectAt(A + 2 * P));
    assertEquals(0, MmapLock.vmaRefcnt(next), "the absorbed next VMA is detached (and freed)");
    assertEquals(1, mm.mapCount());
  }

  @Test
  void mmap_differentProt_doesNotMerge() {
    map(A, P, RW);
    map(A + P, P, PROT_READ);
    assertEquals(List.of(anon(A, A + P, F_RW), anon(A + P, A + 2 * P, F_R)), mm.vmas());
    assertEquals(
        "10000000-10001000 rw-p 00000000 00:00 0 \n" + "10001000-10002000 r--p 00000000 00:00 0 \n",
        mm.maps());
  }

  @Test
  void mprotect_middle_splitsIntoThreeAndOriginalObjectKeepsTheMiddle() {
    map(A, 3 * P, RW);
    VmAreaStruct orig = mm.vmaObjectAt(A);
    assertEquals(0, mm.mprotect(A + P, P, PROT_READ));
    assertEquals(
        List.of(
            anon(A, A + P, F_RW),
            new VmaInfo(
                A + P,
                A + 2 * P,
                F_R,
                (A >>> PAGE_SHIFT) + 1,
                null), // never faulted: VM_ACCOUNT dropped
            new VmaInfo(A + 2 * P, A + 3 * P, F_RW, (A >>> PAGE_SHIFT) + 2, null)),
        mm.vmas());
    assertSame(orig, mm.vmaObjectAt(A + P));
    assertNotSame(orig, mm.vmaObjectAt(A));
    assertNotSame(orig, mm.vmaObjectAt(A + 2 * P));
    assertEquals(
        "10000000-10001000 rw-p 00000000 00:00 0 \n"
            + "10001000-10002000 r--p 00000000 00:00 0 \n"
            + "10002000-10003000 rw-p 00000000 00:00 0 \n",
        mm.maps());
    assertEquals(3, mm.mapCount());
  }

  @Test
  void mprotect_middleBack_mergesAllThreeIntoLowest() {
    map(A, 3 * P, RW);
    assertEquals(0, mm.mprotect(A + P, P, PROT_READ));
    VmAreaStruct lowest = mm.vmaObjectAt(A);
    assertEquals(0, mm.mprotect(A + P, P, RW));
    assertEquals(List.of(anon(A, A + 3 * P, F_RW)), mm.vmas());
    assertSame(lowest, mm.vmaObjectAt(A + 2 * P));
    assertEquals(1, mm.mapCount());
  }

  @Test
  void mprotect_leftPartIntoPrev_prevGrowsAndVmaShrinks() {
    map(A, P, PROT_READ);
    map(A + P, 3 * P, RW);
    VmAreaStruct prev = mm.vmaObjectAt(A);
    VmAreaStruct vma = mm.vmaObjectAt(A + P);
    assertEquals(0, mm.mprotect(A + P, P, PROT_READ));
    assertEquals(
        List.of(
            anon(A, A + 2 * P, F_R),
            new VmaInfo(A + 2 * P, A + 4 * P, F_RW, (A >>> PAGE_SHIFT) + 2, null)),
        mm.vmas());
    assertSame(prev, mm.vmaObjectAt(A + P));
    assertSame(vma, mm.vmaObjectAt(A + 2 * P));
  }

  @Test
  void mprotect_rightPartIntoNext_nextGrowsDownAndSurvives() {
    map(A, 3 * P, RW);
    map(A + 3 * P, P, PROT_READ);
    VmAreaStruct next = mm.vmaObjectAt(A + 3 * P);
    assertEquals(0, mm.mprotect(A + 2 * P, P, PROT_READ));
    assertEquals(
        List.of(
            anon(A, A + 2 * P, F_RW),
            new VmaInfo(A + 2 * P, A + 4 * P, F_R, (A >>> PAGE_SHIFT) + 2, null)),
        mm.vmas());
    assertSame(next, mm.vmaObjectAt(A + 2 * P));
  }

  @Test
  void mprotect_rangeWithHole_changesBeforeHoleAndReturnsEnomem() {
    map(A, 2 * P, RW);
    map(A + 3 * P, P, RW);
    assertEquals(-Errno.ENOMEM, mm.mprotect(A, 4 * P, PROT_READ));
    assertEquals(List.of(anon(A, A + 2 * P, F_R), anon(A + 3 * P, A + 4 * P, F_RW)), mm.vmas());
  }

  @Test
  void mprotect_faultedVmaLosesWrite_keepsAccountAndWriteProtectsPtes() {
    map(A, 2 * P, RW);
    assertTrue(mm.handleFault(A, true).handled());
    assertTrue(mm.pageTable().get(A).writable());
    assertEquals(0, mm.mprotect(A, 2 * P, PROT_READ));
    assertEquals(List.of(anon(A, A + 2 * P, F_R | VM_ACCOUNT)), mm.vmas());
    assertTrue(!mm.pageTable().get(A).writable(), "change_protection write-protected the PTE");
    assertEquals(FaultResult.SIGSEGV, mm.handleFault(A, true));
  }

  @Test
  void munmap_middle_splitsAndFreesTheMiddleObject() {
    map(A, 3 * P, RW);
    VmAreaStruct orig = mm.vmaObjectAt(A);
    assertEquals(0, mm.munmap(A + P, P));
    assertEquals(
        List.of(
            anon(A, A + P, F_RW),
            new VmaInfo(A + 2 * P, A + 3 * P, F_RW, (A >>> PAGE_SHIFT) + 2, null)),
        mm.vmas());
    assertNotSame(orig, mm.vmaObjectAt(A));
    assertNotSame(orig, mm.vmaObjectAt(A + 2 * P));
    assertEquals(0, MmapLock.vmaRefcnt(orig), "the unmapped piece was detached");
    assertEquals(2, mm.mapCount());
  }

  @Test
  void munmap_acrossSeveralAndHoles_removesEverythingInRange() {
    map(A, P, RW);
    map(A + 2 * P, P, PROT_READ);
    map(A + 4 * P, 2 * P, RW);
    mm.handleFault(A, true);
    mm.handleFault(A + 5 * P, true);
    assertEquals(0, mm.munmap(A, 5 * P));
    assertEquals(
        List.of(new VmaInfo(A + 5 * P, A + 6 * P, F_RW, (A >>> PAGE_SHIFT) + 5, null)), mm.vmas());
    assertEquals(0, mm.pageTable().count(A, A + 5 * P));
    assertEquals(1, mm.pageTable().count(A + 5 * P, A + 6 * P));
  }

  @Test
  void munmap_nothingMapped_succeedsAndChangesNothing() {
    map(A, P, RW);
    String before = mm.maps();
    assertEquals(0, mm.munmap(A + 16 * P, 4 * P));
    assertEquals(before, mm.maps());
  }

  @Test
  void mmapFixed_overMiddleWithOtherProt_replacesAndClearsPages() {
    map(A, 4 * P, RW);
    for (int i = 0; i < 4; i++) {
      assertTrue(mm.handleFault(A + i * P, true).handled());
    }
    assertEquals(A + P, mm.mmap(A + P, 2 * P, PROT_READ, ANON));
    assertEquals(
        List.of(
            anon(A, A + P, F_RW),
            anon(A + P, A + 3 * P, F_R),
            new VmaInfo(A + 3 * P, A + 4 * P, F_RW, (A >>> PAGE_SHIFT) + 3, null)),
        mm.vmas());
    assertEquals(0, mm.pageTable().count(A + P, A + 3 * P), "replaced range's pages are gone");
    assertEquals(2, mm.pageTable().size());
  }

  @Test
  void mmapFixed_overMiddleWithSameProt_mergesBackIntoOne() {
    map(A, 4 * P, RW);
    VmAreaStruct lower;
    assertEquals(A + P, mm.mmap(A + P, 2 * P, RW, ANON));
    lower = mm.vmaObjectAt(A);
    assertEquals(List.of(anon(A, A + 4 * P, F_RW)), mm.vmas());
    assertSame(lower, mm.vmaObjectAt(A + 3 * P));
  }

  @Test
  void mmapFixedNoreplace_overExisting_eexistAndUnchanged() {
    map(A, 2 * P, RW);
    String before = mm.maps();
    assertEquals(
        -Errno.EEXIST,
        mm.mmap(A + P, P, RW, MAP_PRIVATE | MAP_ANONYMOUS | Mman.MAP_FIXED_NOREPLACE));
    assertEquals(before, mm.maps());
  }

  @Test
  void mmap_hints_honouredWhenFreeElseTopDownBelowTaskSize() {
    assertEquals(A, mm.mmap(A, P, RW, MAP_PRIVATE | MAP_ANONYMOUS));
    long top = mm.mmap(A, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS); // hint taken: top-down
    assertEquals(Mman.TASK_SIZE - P, top);
    long below = mm.mmap(0, 2 * P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS);
    assertEquals(Mman.TASK_SIZE - 3 * P, below);
    assertEquals(
        List.of(anon(A, A + P, F_RW), anon(Mman.TASK_SIZE - 3 * P, Mman.TASK_SIZE, F_R)),
        mm.vmas(),
        "the two top-down mappings are adjacent and compatible: merged");
    assertEquals(
        "10000000-10001000 rw-p 00000000 00:00 0 \n"
            + "7fffffffc000-7ffffffff000 r--p 00000000 00:00 0 \n",
        mm.maps());
  }

  @Test
  void mmap_hintBelowMinAddr_roundedUpToMmapMinAddr() {
    assertEquals(Mman.MMAP_MIN_ADDR, mm.mmap(0x1000, P, RW, MAP_PRIVATE | MAP_ANONYMOUS));
  }

  @Test
  void mmap_file_showsOffsetDeviceInodeAndPathPadded() {
    VmFile lib = new VmFile("/usr/lib/libc.so.6", 64 * P);
    assertEquals(A, mm.mmap(A, 2 * P, PROT_READ | Mman.PROT_EXEC, MAP_PRIVATE | MAP_FIXED, lib, 3));
    String prefix = "10000000-10002000 r-xp 00003000 08:01 " + lib.inode() + " ";
    String line =
        prefix + " ".repeat(ProcMaps.PAD_WIDTH - prefix.length()) + " /usr/lib/libc.so.6\n";
    assertEquals(line, mm.maps());
    assertEquals(73, line.indexOf('/'), "the path starts at column 73, as in /proc/PID/maps");
    assertEquals(
        List.of(new VmaInfo(A, A + 2 * P, VM_READ | Mman.PROT_EXEC | MAY, 3, lib)), mm.vmas());
  }

  @Test
  void mmap_fileContiguousOffsets_merge() {
    VmFile f = new VmFile("/data/f", 64 * P);
    assertEquals(A, mm.mmap(A, P, PROT_READ, MAP_PRIVATE | MAP_FIXED, f, 0));
    VmAreaStruct first = mm.vmaObjectAt(A);
    assertEquals(A + P, mm.mmap(A + P, P, PROT_READ, MAP_PRIVATE | MAP_FIXED, f, 1));
    assertEquals(List.of(new VmaInfo(A, A + 2 * P, F_R, 0, f)), mm.vmas());
    assertSame(first, mm.vmaObjectAt(A + P));
  }

  @Test
  void mmap_fileNonContiguousOffsets_doNotMerge() {
    VmFile f = new VmFile("/data/f", 64 * P);
    mm.mmap(A, P, PROT_READ, MAP_PRIVATE | MAP_FIXED, f, 0);
    mm.mmap(A + P, P, PROT_READ, MAP_PRIVATE | MAP_FIXED, f, 5);
    assertEquals(2, mm.vmas().size());
  }

  @Test
  void mmap_twoOpensOfSamePath_doNotMerge() {
    mm.mmap(A, P, PROT_READ, MAP_PRIVATE | MAP_FIXED, new VmFile("/data/f", 64 * P), 0);
    mm.mmap(A + P, P, PROT_READ, MAP_PRIVATE | MAP_FIXED, new VmFile("/data/f", 64 * P), 1);
    assertEquals(2, mm.vmas().size());
  }

  @Test
  void mmap_sharedFile_flagsSharedAndMapsShowsS() {
    VmFile f = new VmFile("/dev/shm/x", 4 * P);
    assertEquals(A, mm.mmap(A, P, RW, MAP_SHARED | MAP_FIXED, f, 0));
    assertEquals(VM_READ | VM_WRITE | MAY | VM_SHARED | VM_MAYSHARE, mm.vmas().get(0).flags());
    assertTrue(mm.maps().startsWith("10000000-10001000 rw-s 00000000 08:01 "));
  }

  @Test
  void mmap_sharedAnonymous_isItsOwnDevZeroFileAndNeverMerges() {
    assertEquals(A, mm.mmap(A, P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED));
    assertEquals(A + P, mm.mmap(A + P, P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED));
    List<VmaInfo> v = mm.vmas();
    assertEquals(2, v.size());
    assertEquals("/dev/zero (deleted)", v.get(0).file().path());
    assertEquals(0, v.get(1).pgoff());
    assertTrue(mm.maps().startsWith("10000000-10001000 rw-s 00000000 00:01 "));
  }

  @Test
  void exitMmap_everything_emptyAndAllVmasFreed() {
    map(A, 2 * P, RW);
    mm.mmap(A + 4 * P, P, PROT_READ, MAP_PRIVATE | MAP_FIXED, new VmFile("/f", P), 0);
    mm.handleFault(A, true);
    mm.handleFault(A + 4 * P, false);
    mm.exitMmap();
    assertEquals(List.of(), mm.vmas());
    assertEquals("", mm.maps());
    assertEquals(0, mm.mapCount());
    assertEquals(0, mm.pageTable().size());
    assertEquals(
        0,
        kernel.slabinfo().get(0).activeObjs() - pendingCallRcu(),
        "every VMA went back to the cache");
    assertEquals(A, mm.mmap(A, P, RW, ANON), "the mm is usable again");
  }

  private long pendingCallRcu() {
    return 0; // TYPESAFE_BY_RCU (the default): frees are immediate
  }
}
