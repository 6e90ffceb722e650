package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.VmaFixtures.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code __vmf_anon_prepare}: under the per-VMA lock the first anonymous fault of a VMA takes
 * {@code mmap_read_trylock} to prepare the {@code anon_vma}; {@code VM_FAULT_RETRY} only when that
 * fails.
 */
@ExtendWith(KernelExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AnonPrepareTest {
  static final long P = Mman.PAGE_SIZE;
  static final long A = 0x10000000L;
  static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
  static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED;

  @Test
  void firstWrite_mmapLockFree_trylockSucceedsAndTheFaultStaysOnTheFastPath(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    assertEquals(A, mm.mmap(A, P, RW, ANON));
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(A, true));
    assertNotNull(mm.vmaObjectAt(A).anon_vma);
    assertEquals(0L, k.vmstat().get("vma_lock_retry"));
    assertEquals(1L, k.vmstat().get("vma_lock_success"));
  }

  /**
   * A writer holds mmap_lock (its session has not write-locked this VMA, so the per-VMA read lock
   * succeeds): the trylock fails, the fault returns VM_FAULT_RETRY, drops the VMA lock and waits
   * for mmap_lock like any slow-path fault.
   */
  @Test
  void firstWrite_mmapLockWriteHeld_trylockFailsRetryUnderMmapLock(TestKernels kernels)
      throws Exception {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    assertEquals(A, mm.mmap(A, P, RW, ANON));
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch unlock = new CountDownLatch(1);
    Thread writer =
        kernels.thread(
            "W",
            () -> {
              MmapLock.mmapWriteLock(mm);
              locked.countDown();
              unlock.await();
              MmapLock.mmapWriteUnlock(mm);
            });
    writer.start();
    locked.await();
    AtomicReference<FaultResult> r = new AtomicReference<>();
    Thread fault = kernels.thread("F", () -> r.set(mm.handleFault(A, true)));
    fault.start();
    awaitCondition(
        "F retried and waits for mmap_lock",
        Duration.ofSeconds(10),
        () -> k.vmEventCount(VmEvent.VMA_LOCK_RETRY) == 1 && mm.mmap_lock.hasQueuedThreads());
    unlock.countDown();
    kernels.join(writer);
    kernels.join(fault);
    assertEquals(FaultResult.HANDLED_AFTER_RETRY, r.get());
    assertEquals(0L, k.vmstat().get("vma_lock_success"));
    assertNotNull(mm.vmaObjectAt(A).anon_vma);
  }
}
