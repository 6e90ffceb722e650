package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_LOCKED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.slab.SlabMode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code dup_mmap}: what a fork child gets, and that later changes on either side stay on that
 * side.
 */
class ForkTest {
  static final long P = PAGE_SIZE;
  static final long A = 0x30000000L;
  static final int RW = PROT_READ | PROT_WRITE;
  static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;

  private static void withKernel(SlabMode mode, CopyStrategy copy, KernelTest body)
      throws Exception {
    try (Kernel k = Kernel.builder().slabMode(mode).copyStrategy(copy).build()) {
      body.run(k);
      assertEquals(List.of(), k.warnings());
    }
  }

  interface KernelTest {
    void run(Kernel k) throws Exception;
  }

  @ParameterizedTest
  @EnumSource(SlabMode.class)
  void fork_vmasAndMaps_copiedExceptDontcopyAndLockedCleared(SlabMode mode) throws Exception {
    withKernel(
        mode,
        CopyStrategy.COPY_EXCEPT,
        k -> {
          MmStruct parent = k.newMm();
          parent.mmap(A, 2 * P, RW, ANON);
          parent.mmap(A + 4 * P, P, PROT_READ, ANON | MAP_LOCKED);
          parent.mmap(A + 8 * P, 2 * P, RW, ANON);
          assertEquals(0, parent.madvise(A + 8 * P, 2 * P, Mman.MADV_DONTFORK));
          assertTrue((parent.vmas().get(2).flags() & VmFlags.VM_DONTCOPY) != 0);
          assertTrue((parent.vmas().get(1).flags() & VmFlags.VM_LOCKED) != 0);

          MmStruct child = parent.fork();
          List<VmaInfo> pv = parent.vmas();
          List<VmaInfo> cv = child.vmas();
          assertEquals(2, cv.size(), "the VM_DONTCOPY VMA is not copied");
          assertEquals(pv.get(0), cv.get(0));
          VmaInfo locked = pv.get(1);
          assertEquals(
              new VmaInfo(
                  locked.start(),
                  locked.end(),
                  locked.flags() & ~VmFlags.VM_LOCKED,
                  locked.pgoff(),
                  null),
              cv.get(1),
              "VM_LOCKED is cleared in the child");
          assertEquals(
              "30000000-30002000 rw-p 00000000 00:00 0 \n"
                  + "30004000-30005000 r--p 00000000 00:00 0 \n",
              child.maps());
          assertEquals(2, child.mapCount());
          assertEquals(3, parent.mapCount());
          assertEquals(List.of(), parent.checkInvariants());
          assertEquals(List.of(), child.checkInvariants());
          VmAreaStruct c0 = child.vmaObjectAt(A);
          assertSame(child, c0.vm_mm);
          assertNotSame(parent.vmaObjectAt(A), c0);
          assertEquals(1, MmapLock.vmaRefcnt(c0), "child VMAs are attached");
          child.exitMmap();
          parent.exitMmap();
        });
  }

  @ParameterizedTest
  @EnumSource(CopyStrategy.class)
  void fork_thenParentChanges_notVisibleInChild(CopyStrategy copy) throws Exception {
    withKernel(
        SlabMode.TYPESAFE_BY_RCU,
        copy,
        k -> {
          MmStruct parent = k.newMm();
          parent.mmap(A, 4 * P, RW, ANON);
          assertEquals(FaultResult.HANDLED_VMA_LOCK, parent.handleFault(A, true));
          Page original = parent.pageTable().get(A).page();
          original.setData(42);

          MmStruct child = parent.fork();
          PageTable.Pte cpte = child.pageTable().get(A);
          assertSame(original, cpte.page(), "private pages are shared copy-on-write");
          assertFalse(cpte.writable());
          assertFalse(
              parent.pageTable().get(A).writable(), "the parent's entry became read-only too");
          assertEquals(2, original.mapcount());

          // parent writes: copy-on-write gives it a new page with the same content
          assertTrue(parent.handleFault(A, true).handled());
          Page copied = parent.pageTable().get(A).page();
          assertNotSame(original, copied);
          assertEquals(42, copied.data());
          copied.setData(7);
          assertEquals(
              42, child.pageTable().get(A).page().data(), "the child still sees the old content");
          assertEquals(1, original.mapcount());

          // the child writes its (now only) mapping of the original page: reused, not copied
          assertTrue(child.handleFault(A, true).handled());
          assertSame(original, child.pageTable().get(A).page());

          // parent's address-space changes stay in the parent
          assertEquals(0, parent.mprotect(A + P, P, PROT_READ));
          assertEquals(0, parent.munmap(A + 2 * P, 2 * P));
          assertEquals(
              List.of(
                  new VmaInfo(
                      A,
                      A + 4 * P,
                      VmFlags.VM_READ
                          | VmFlags.VM_WRITE
                          | VmFlags.VM_MAYREAD
                          | VmFlags.VM_MAYWRITE
                          | VmFlags.VM_MAYEXEC
                          | VmFlags.VM_ACCOUNT,
                      A >>> Mman.PAGE_SHIFT,
                      null)),
              child.vmas());
          assertEquals(2, parent.mapCount(), "rw piece, r piece; the rest unmapped");
          assertEquals(1, child.mapCount());
          assertTrue(child.handleFault(A + 3 * P, true).handled(), "still mapped in the child");
          assertEquals(FaultResult.SIGSEGV, parent.handleFault(A + 3 * P, false));

          // and the child's exit leaves the parent alone
          child.exitMmap();
          assertEquals(copied, parent.pageTable().get(A).page());
          assertEquals(List.of(), parent.checkInvariants());
          parent.exitMmap();
        });
  }

  @ParameterizedTest
  @EnumSource(SlabMode.class)
  void fork_unfaultedVmas_noPageTablesCopiedNoAnonVma(SlabMode mode) throws Exception {
    withKernel(
        mode,
        CopyStrategy.COPY_EXCEPT,
        k -> {
          MmStruct parent = k.newMm();
          parent.mmap(A, 2 * P, RW, ANON);
          parent.handleFault(A, false); // zero page, no anon_vma
          MmStruct child = parent.fork();
          assertNull(child.vmaObjectAt(A).anon_vma);
          assertEquals(0, child.pageTable().size(), "copy_page_range skipped: no anon_vma");
          child.exitMmap();
          parent.exitMmap();
        });
  }

  @ParameterizedTest
  @EnumSource(SlabMode.class)
  void madvise_dofork_undoesDontfork(SlabMode mode) throws Exception {
    withKernel(
        mode,
        CopyStrategy.COPY_EXCEPT,
        k -> {
          MmStruct mm = k.newMm();
          mm.mmap(A, 3 * P, RW, ANON);
          assertEquals(0, mm.madvise(A + P, P, Mman.MADV_DONTFORK));
          assertEquals(3, mm.mapCount());
          assertEquals(0, mm.madvise(A + P, P, Mman.MADV_DOFORK));
          assertEquals(1, mm.mapCount(), "flags equal again: merged back");
          assertEquals(-Errno.ENOMEM, mm.madvise(A, 8 * P, Mman.MADV_DONTFORK));
          assertTrue(
              (mm.vmas().get(0).flags() & VmFlags.VM_DONTCOPY) != 0,
              "mapped part changed despite the hole");
          mm.exitMmap();
        });
  }
}
