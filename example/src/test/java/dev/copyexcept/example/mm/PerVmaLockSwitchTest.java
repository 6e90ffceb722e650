package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code Kernel.builder().perVmaLock(false)}: every fault is handled under {@code mmap_lock}, as
 * before Linux 6.4, so a fault waits for a writer holding it; with the default, the same fault
 * completes under its VMA's lock while the writer holds {@code mmap_lock}.
 */
class PerVmaLockSwitchTest {
  static final long A = 0x50000000L;
  static final int RW = PROT_READ | PROT_WRITE;
  static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;

  @Test
  void perVmaLockOff_faultWaitsForMmapWriteLock_thenHandledUnderMmapLock() throws Exception {
    try (Kernel kernel = Kernel.builder().perVmaLock(false).build()) {
      MmStruct mm = kernel.newMm();
      mm.mmap(A, 2 * PAGE_SIZE, RW, ANON);
      assertEquals(FaultResult.HANDLED_MMAP_LOCK, mm.handleFault(A, true)); // no retry: no VMA lock
      AtomicReference<FaultResult> result = new AtomicReference<>();
      MmapLock.mmapWriteLock(mm);
      Thread faulter = new Thread(() -> result.set(mm.handleFault(A + PAGE_SIZE, true)));
      boolean queued;
      try {
        faulter.start();
        // Deterministic: the faulter either queues on mmap_lock or finishes without it.
        while (!(queued = mm.mmap_lock.hasQueuedThread(faulter)) && faulter.isAlive()) {
          Thread.onSpinWait();
        }
        assertNull(result.get(), "the fault completed while mmap_lock was write-held");
      } finally {
        MmapLock.mmapWriteUnlock(mm);
        faulter.join();
      }
      assertTrue(queued, "the fault never waited for mmap_lock");
      assertEquals(FaultResult.HANDLED_MMAP_LOCK, result.get());
      assertEquals(0, kernel.vmEventCount(VmEvent.VMA_LOCK_SUCCESS));
      assertEquals(0, kernel.vmEventCount(VmEvent.VMA_LOCK_ABORT));
      assertEquals(0, kernel.vmEventCount(VmEvent.VMA_LOCK_RETRY));
      assertEquals(2, kernel.vmEventCount(VmEvent.PGFAULT_MMAP_LOCK));
      assertFalse(kernel.perVmaLock());
      mm.exitMmap();
      assertEquals(List.of(), kernel.warnings());
    }
  }

  @Test
  void perVmaLockDefault_faultCompletesWhileMmapLockWriteHeld() throws Exception {
    try (Kernel kernel = Kernel.builder().build()) {
      assertTrue(kernel.perVmaLock());
      MmStruct mm = kernel.newMm();
      mm.mmap(A, 2 * PAGE_SIZE, RW, ANON);
      assertTrue(mm.handleFault(A, true).handled()); // allocates the anon_vma
      AtomicReference<FaultResult> result = new AtomicReference<>();
      MmapLock.mmapWriteLock(mm);
      Thread faulter = new Thread(() -> result.set(mm.handleFault(A + PAGE_SIZE, true)));
      try {
        faulter.start();
        faulter.join(60_000); // a bound for a broken fault path, not a timing assertion
        assertFalse(faulter.isAlive(), "the fault waited for mmap_lock");
      } finally {
        MmapLock.mmapWriteUnlock(mm);
        faulter.join();
      }
      assertEquals(FaultResult.HANDLED_VMA_LOCK, result.get());
      mm.exitMmap();
      assertEquals(List.of(), kernel.warnings());
    }
  }
}
