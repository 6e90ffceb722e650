package dev.copyexcept.example.mm;

import static dev.copyexcept.example.debug.Interleave.Point.LOCK_MM_AND_FIND_VMA_UPGRADE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.Schedule;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stack growth: {@code MAP_GROWSDOWN}, {@code expand_downwards} from the fault path with {@code
 * stack_guard_gap}, and {@code lock_mm_and_find_vma}'s drop-and-retake of {@code mmap_lock}. The
 * layouts (a 2-page stack at page 600 of a window; an accessible or {@code PROT_NONE} page at page
 * 0) and outcomes were first checked against Linux 6.18.44 on x86-64 (JDK 25 FFM: touching the
 * page; a SIGSEGV there was the JVM's crash report, run in a child JVM).
 */
@ExtendWith(KernelExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StackGrowthTest {
  static final long P = Mman.PAGE_SIZE;
  static final long A = 0x10000000L;
  static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
  static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED;
  static final long STACK_FLAGS =
      VmFlags.VM_READ
          | VmFlags.VM_WRITE
          | VmFlags.VM_MAYREAD
          | VmFlags.VM_MAYWRITE
          | VmFlags.VM_MAYEXEC
          | VmFlags.VM_ACCOUNT
          | VmFlags.VM_GROWSDOWN;

  static long page(int n) {
    return A + n * P;
  }

  static String line(int from, int to, String perms) {
    return String.format("%08x-%08x %s 00000000 00:00 0 \n", page(from), page(to), perms);
  }

  MmStruct stackAt600(Kernel k) {
    MmStruct mm = k.newMm();
    assertEquals(page(600), mm.mmap(page(600), 2 * P, RW, ANON | Mman.MAP_GROWSDOWN));
    return mm;
  }

  @Test
  void faultJustBelow_growsTheStackUnderMmapLock(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = stackAt600(k);
    assertEquals(
        List.of(new VmaInfo(page(600), page(602), STACK_FLAGS, page(600) >>> 12, null)), mm.vmas());
    long abort = k.vmEventCount(VmEvent.VMA_LOCK_ABORT);
    assertEquals(FaultResult.HANDLED_MMAP_LOCK, mm.handleFault(page(598), true));
    assertEquals(line(598, 602, "rw-p"), mm.maps());
    assertEquals(
        List.of(new VmaInfo(page(598), page(602), STACK_FLAGS, (page(600) >>> 12) - 2, null)),
        mm.vmas(),
        "vm_pgoff moves down with vm_start");
    assertEquals(
        abort + 1,
        k.vmEventCount(VmEvent.VMA_LOCK_ABORT),
        "the per-VMA fast path found no VMA at the address and fell back; it never expands");
    assertTrue(mm.pageTable().get(page(598)) != null);
    assertEquals(List.of(), mm.checkInvariants());
  }

  @Test
  void faultFarBelowWithNothingUnder_growsAllTheWay(TestKernels kernels) {
    MmStruct mm = stackAt600(kernels.create());
    assertEquals(FaultResult.HANDLED_MMAP_LOCK, mm.handleFault(page(500), false));
    assertEquals(line(500, 602, "rw-p"), mm.maps());
  }

  @Test
  void faultInsideTheStack_noGrowth(TestKernels kernels) {
    MmStruct mm = stackAt600(kernels.create());
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(page(601), false));
    assertEquals(line(600, 602, "rw-p"), mm.maps());
  }

  @Test
  void accessibleVmaBelow_growthKeepsTheGuardGap(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = stackAt600(k);
    assertEquals(page(0), mm.mmap(page(0), P, RW, ANON));
    assertEquals(FaultResult.HANDLED_MMAP_LOCK, mm.handleFault(page(599), true));
    assertEquals(line(0, 1, "rw-p") + line(599, 602, "rw-p"), mm.maps());
    // 256 - 1 = 255 pages above the VMA below: inside stack_guard_gap (256 pages)
    assertEquals(FaultResult.SIGSEGV, mm.handleFault(page(256), true));
    assertEquals(line(0, 1, "rw-p") + line(599, 602, "rw-p"), mm.maps());
    // exactly the gap: allowed
    assertEquals(FaultResult.HANDLED_MMAP_LOCK, mm.handleFault(page(257), true));
    assertEquals(line(0, 1, "rw-p") + line(257, 602, "rw-p"), mm.maps());
  }

  @Test
  void protNoneVmaBelow_doesNotCountForTheGap(TestKernels kernels) {
    MmStruct mm = stackAt600(kernels.create());
    assertEquals(page(0), mm.mmap(page(0), P, Mman.PROT_NONE, ANON));
    assertEquals(FaultResult.HANDLED_MMAP_LOCK, mm.handleFault(page(300), true));
    assertEquals(line(0, 1, "---p") + line(300, 602, "rw-p"), mm.maps());
  }

  @Test
  void faultBelowAnOrdinaryVma_sigsegv(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    assertEquals(page(600), mm.mmap(page(600), 2 * P, RW, ANON));
    assertEquals(FaultResult.SIGSEGV, mm.handleFault(page(599), true));
    assertEquals(line(600, 602, "rw-p"), mm.maps());
  }

  @Test
  void growsdownSharedAnonymous_einval(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    assertEquals(
        -Errno.EINVAL,
        mm.mmap(
            page(0),
            P,
            RW,
            Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED | Mman.MAP_GROWSDOWN));
    assertEquals("", mm.maps());
  }

  /**
   * There is no atomic upgrade of mmap_lock: the fault drops the read lock and takes the write
   * lock, and in between the stack may be unmapped. The VMA is looked up again, not trusted.
   */
  @Test
  void upgradeDropsTheLock_stackUnmappedMeanwhile_refoundAndSigsegv(TestKernels kernels)
      throws Exception {
    Kernel k = kernels.create();
    MmStruct mm = stackAt600(k);
    AtomicReference<FaultResult> r = new AtomicReference<>();
    try (Schedule s = Schedule.install()) {
      Thread f = kernels.thread("F", () -> r.set(mm.handleFault(page(598), true)));
      s.hold(f, LOCK_MM_AND_FIND_VMA_UPGRADE);
      f.start();
      assertTrue(s.awaitArrival(f, LOCK_MM_AND_FIND_VMA_UPGRADE));
      assertEquals(0, mm.munmap(page(600), 2 * P), "mmap_lock is free while F upgrades");
      s.release(f, LOCK_MM_AND_FIND_VMA_UPGRADE);
      kernels.join(f);
    }
    assertEquals(FaultResult.SIGSEGV, r.get());
    assertEquals("", mm.maps());
  }

  /** In the same window another fault grows the stack past the address: no second expansion. */
  @Test
  void upgradeDropsTheLock_stackGrownMeanwhile_usesItAsItIs(TestKernels kernels) throws Exception {
    Kernel k = kernels.create();
    MmStruct mm = stackAt600(k);
    AtomicReference<FaultResult> r = new AtomicReference<>();
    try (Schedule s = Schedule.install()) {
      Thread f = kernels.thread("F", () -> r.set(mm.handleFault(page(598), true)));
      s.hold(f, LOCK_MM_AND_FIND_VMA_UPGRADE);
      f.start();
      assertTrue(s.awaitArrival(f, LOCK_MM_AND_FIND_VMA_UPGRADE));
      // F holds no lock here: this fault takes the write lock and grows the stack to 590
      assertEquals(FaultResult.HANDLED_MMAP_LOCK, mm.handleFault(page(590), true));
      assertEquals(line(590, 602, "rw-p"), mm.maps());
      s.release(f, LOCK_MM_AND_FIND_VMA_UPGRADE); // F re-finds the VMA: it already covers 598
      kernels.join(f);
    }
    assertEquals(FaultResult.HANDLED_MMAP_LOCK, r.get());
    assertEquals(line(590, 602, "rw-p"), mm.maps());
    assertEquals(List.of(), mm.checkInvariants());
  }
}
