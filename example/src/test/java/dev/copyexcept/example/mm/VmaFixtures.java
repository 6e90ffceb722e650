package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.MmapLock.mmapWriteLock;
import static dev.copyexcept.example.mm.MmapLock.mmapWriteUnlock;
import static dev.copyexcept.example.mm.MmapLock.vmaMarkAttached;
import static dev.copyexcept.example.mm.MmapLock.vmaMarkDetached;
import static dev.copyexcept.example.mm.MmapLock.vmaStartWrite;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Test helpers that build and tear down VMAs with the lock functions directly, as the kernel's
 * writers do.
 */
final class VmaFixtures {
  private VmaFixtures() {}

  /** Maps an anonymous read/write VMA {@code [start, end)} in its own mmap write session. */
  static VmAreaStruct mapVma(MmStruct mm, long start, long end) {
    mmapWriteLock(mm);
    try {
      return insertVmaLocked(mm, start, end);
    } finally {
      mmapWriteUnlock(mm);
    }
  }

  /**
   * vma_link: allocate, fill, write-lock, store in the tree, attach. Caller holds mmap_lock for
   * write.
   */
  static VmAreaStruct insertVmaLocked(MmStruct mm, long start, long end) {
    VmAreaStruct vma = VmaInit.vmAreaAlloc(mm);
    vma.vm_start = start;
    vma.vm_end = end;
    vma.vm_flags = VmFlags.VM_READ | VmFlags.VM_WRITE | VmFlags.VM_MAYREAD | VmFlags.VM_MAYWRITE;
    vma.vm_page_prot = Mman.PROT_READ | Mman.PROT_WRITE;
    vma.vm_pgoff = start >> Mman.PAGE_SHIFT;
    vmaStartWrite(vma);
    mm.mm_mt.store(start, end, vma);
    vmaMarkAttached(vma);
    mm.map_count++;
    return vma;
  }

  /**
   * The munmap of one whole VMA: write-lock, detach while in the tree, erase, free. Caller holds
   * mmap_lock for write.
   */
  static void removeVmaLocked(MmStruct mm, VmAreaStruct vma) {
    vmaStartWrite(vma);
    vmaMarkDetached(vma);
    mm.mm_mt.erase(vma.vm_start, vma.vm_end);
    mm.map_count--;
    VmaInit.vmAreaFree(vma);
  }

  /** Polls {@code condition} every millisecond until it holds; fails after {@code timeout}. */
  static void awaitCondition(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(1);
    }
  }

  /** Waits until {@code writer} is parked on {@code mm}'s vma_writer_wait. */
  static void awaitParkedWriter(MmStruct mm, Thread writer) throws InterruptedException {
    awaitCondition(
        writer.getName() + " parked on vma_writer_wait",
        Duration.ofSeconds(10),
        () -> mm.vmaWriterWaitVolatile() == writer && writer.getState() == Thread.State.WAITING);
  }
}
