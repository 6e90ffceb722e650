package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What blocks a merge: VM_SPECIAL, a close hook on the VMA that would be deleted, different
 * anon_vmas.
 */
class MergeRulesTest {
  static final long P = PAGE_SIZE;
  static final long A = 0x20000000L;
  static final int RW = PROT_READ | PROT_WRITE;
  static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;

  Kernel kernel;
  MmStruct mm;

  @BeforeEach
  void setUp() {
    kernel = Kernel.builder().build();
    mm = kernel.newMm();
  }

  @AfterEach
  void tearDown() {
    try {
      assertEquals(List.of(), mm.checkInvariants());
      mm.exitMmap();
      assertEquals(List.of(), kernel.warnings());
    } finally {
      kernel.close();
    }
  }

  private static List<Long> starts(List<VmaInfo> vmas) {
    return vmas.stream().map(VmaInfo::start).toList();
  }

  @Test
  void mmap_specialDevice_neverMergesEvenWithContiguousOffsets() {
    VmFile dev =
        VmFile.device(
            "/dev/mem",
            64 * P,
            vma -> vma.vm_flags |= VmFlags.VM_IO | VmFlags.VM_PFNMAP | VmFlags.VM_DONTEXPAND);
    assertEquals(A, mm.mmap(A, P, RW, MAP_SHARED | MAP_FIXED, dev, 0));
    assertEquals(A + P, mm.mmap(A + P, P, RW, MAP_SHARED | MAP_FIXED, dev, 1));
    assertEquals(List.of(A, A + P), starts(mm.vmas()));
    long f = mm.vmas().get(0).flags();
    assertEquals(VmFlags.VM_IO | VmFlags.VM_PFNMAP | VmFlags.VM_DONTEXPAND, f & VmFlags.VM_SPECIAL);
  }

  @Test
  void mmap_sameDeviceWithoutSpecialFlags_mergesForContrast() {
    VmOperationsStruct ops = new VmOperationsStruct("plain", null, null);
    VmFile dev = VmFile.device("/dev/plain", 64 * P, vma -> vma.vm_ops = ops);
    mm.mmap(A, P, RW, MAP_SHARED | MAP_FIXED, dev, 0);
    mm.mmap(A + P, P, RW, MAP_SHARED | MAP_FIXED, dev, 1);
    assertEquals(List.of(A), starts(mm.vmas()));
  }

  @Test
  void mprotect_specialVmaBackToNeighboursProt_staysSplit() {
    VmFile dev =
        VmFile.device("/dev/mem", 64 * P, vma -> vma.vm_flags |= VmFlags.VM_IO | VmFlags.VM_PFNMAP);
    mm.mmap(A, 3 * P, RW, MAP_SHARED | MAP_FIXED, dev, 0);
    assertEquals(0, mm.mprotect(A + P, P, PROT_READ));
    assertEquals(0, mm.mprotect(A + P, P, RW));
    assertEquals(List.of(A, A + P, A + 2 * P), starts(mm.vmas()));
  }

  @Test
  void mprotect_closeHookVmaWouldBeDeleted_mergeRefused() {
    AtomicInteger closes = new AtomicInteger();
    VmOperationsStruct ops = new VmOperationsStruct("closing", null, v -> closes.incrementAndGet());
    VmFile dev = VmFile.device("/dev/closing", 64 * P, vma -> vma.vm_ops = ops);
    mm.mmap(A, 3 * P, RW, MAP_SHARED | MAP_FIXED, dev, 0);
    assertEquals(0, mm.mprotect(A + P, P, PROT_READ));
    assertEquals(3, mm.mapCount());
    assertEquals(0, mm.mprotect(A + P, P, RW));
    assertEquals(
        List.of(A, A + P, A + 2 * P),
        starts(mm.vmas()),
        "the middle VMA has a close hook: merging would delete it, so it is refused");
    assertEquals(0, closes.get());
    assertEquals(0, mm.munmap(A, 3 * P));
    assertEquals(3, closes.get(), "close called once per unmapped VMA");
  }

  @Test
  void mprotect_noCloseHook_mergesForContrast() {
    VmOperationsStruct ops = new VmOperationsStruct("open-only", v -> {}, null);
    VmFile dev = VmFile.device("/dev/open", 64 * P, vma -> vma.vm_ops = ops);
    mm.mmap(A, 3 * P, RW, MAP_SHARED | MAP_FIXED, dev, 0);
    assertEquals(0, mm.mprotect(A + P, P, PROT_READ));
    VmAreaStruct lowest = mm.vmaObjectAt(A); // the split made a new object for the lowest piece
    assertEquals(0, mm.mprotect(A + P, P, RW));
    assertEquals(List.of(A), starts(mm.vmas()));
    assertSame(lowest, mm.vmaObjectAt(A + 2 * P));
  }

  @Test
  void mmap_gapBetweenCloseHookVmas_mergesOnlyWithPrevBecauseNextCannotBeDeleted() {
    VmOperationsStruct ops = new VmOperationsStruct("closing", null, v -> {});
    VmFile dev = VmFile.device("/dev/closing", 64 * P, vma -> vma.vm_ops = ops);
    mm.mmap(A, P, RW, MAP_SHARED | MAP_FIXED, dev, 0);
    mm.mmap(A + 2 * P, P, RW, MAP_SHARED | MAP_FIXED, dev, 2);
    VmAreaStruct prev = mm.vmaObjectAt(A);
    VmAreaStruct next = mm.vmaObjectAt(A + 2 * P);
    mm.mmap(A + P, P, RW, MAP_SHARED | MAP_FIXED, dev, 1);
    List<VmaInfo> v = mm.vmas();
    assertEquals(List.of(A, A + 2 * P), starts(v));
    assertEquals(A + 2 * P, v.get(0).end());
    assertSame(prev, mm.vmaObjectAt(A + P), "prev (not deleted) may have a close hook");
    assertSame(next, mm.vmaObjectAt(A + 2 * P));
  }

  @Test
  void mmap_gapBetweenVmasWithDifferentAnonVmas_mergesOnlyWithPrev() {
    mm.mmap(A, P, RW, ANON);
    mm.mmap(A + 2 * P, P, RW, ANON);
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(A, true));
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(A + 2 * P, true));
    VmAreaStruct prev = mm.vmaObjectAt(A);
    VmAreaStruct next = mm.vmaObjectAt(A + 2 * P);
    assertNotNull(prev.anon_vma);
    assertNotNull(next.anon_vma);
    assertNotSame(prev.anon_vma, next.anon_vma);
    mm.mmap(A + P, P, RW, ANON);
    List<VmaInfo> v = mm.vmas();
    assertEquals(
        List.of(A, A + 2 * P),
        starts(v),
        "prev and next have different anon_vmas: no three-way merge");
    assertEquals(A + 2 * P, v.get(0).end());
    assertSame(prev, mm.vmaObjectAt(A + P));
  }

  @Test
  void mprotect_differentAnonVmas_doNotMerge() {
    mm.mmap(A, P, RW, ANON);
    mm.mmap(A + 2 * P, P, RW, ANON);
    mm.handleFault(A, true);
    mm.handleFault(A + 2 * P, true);
    mm.mmap(A + P, P, PROT_READ, ANON); // merges with neither (different flags)
    assertEquals(3, mm.mapCount());
    mm.handleFault(A + P, false); // zero page: no anon_vma needed
    assertEquals(0, mm.mprotect(A, P, PROT_READ));
    // [A, A+P) r with anon_vma X + VM_ACCOUNT; [A+P, A+2P) r without: flags differ (VM_ACCOUNT)
    assertEquals(3, mm.mapCount());
  }

  @Test
  void anonVmaPrepare_adjacentCompatibleNeighbour_reusesItsAnonVmaSoTheyStillMerge() {
    mm.mmap(A, P, RW, ANON);
    mm.handleFault(A, true);
    mm.mmap(A + P, P, PROT_READ, ANON);
    assertEquals(0, mm.mprotect(A + P, P, RW)); // merges (new range without anon_vma into prev)
    assertEquals(1, mm.mapCount());
    VmAreaStruct only = mm.vmaObjectAt(A);
    assertNotNull(only.anon_vma);
  }

  @Test
  void fork_childVmaWithAnonVma_doesNotAbsorbUnfaultedNeighbour() {
    mm.mmap(A, P, RW, ANON);
    mm.handleFault(A, true);
    MmStruct child = mm.fork();
    try {
      assertEquals(A + P, child.mmap(A + P, P, RW, ANON));
      assertEquals(2, child.mapCount(), "a fork child's anon_vma chain is not singular: no merge");
      assertEquals(A + P, mm.mmap(A + P, P, RW, ANON));
      assertEquals(1, mm.mapCount(), "the parent's singular anon_vma merges");
    } finally {
      child.exitMmap();
    }
  }
}
