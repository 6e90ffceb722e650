package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.copyexcept.example.rcu.RcuDomain;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checking of the per-VMA lock: read lock, write lock and detach on one VMA, checked
 * for linearizability against {@link Spec}, a sequential VMA with a version and a detached flag.
 *
 * <p><b>What it explores.</b> Every interleaving (up to Lincheck's bound of thread switches, at
 * every shared-memory access and lock operation) of two threads running three operations each,
 * drawn from:
 *
 * <ul>
 *   <li>{@link #read()}: {@code vmaStartRead} under RCU; when LOCKED, reads the two fields a writer
 *       changes one after the other and drops the lock ({@code vmaEndRead}, which may wake the
 *       writer); when FAILED (write-locked), falls back to {@code mmap_lock} for read, as the fault
 *       path does; when DETACHED, reports the VMA gone. A reader that sees the two fields differ
 *       overlapped a writer: mutual exclusion is broken, and no sequential history explains it.
 *   <li>{@link #write()}: {@code mmap_write_lock}, {@code vmaStartWrite} (adds the offset, waits
 *       for readers through rcuwait, stores {@code vm_lock_seq}, drops the offset), changes both
 *       fields, {@code mmap_write_unlock} ({@code vma_end_write_all}).
 *   <li>{@link #detach()}: {@code vmaStartWrite} + {@code vmaMarkDetached} (waits for readers that
 *       hold references) under the mmap write lock, once.
 * </ul>
 *
 * <p><b>Why that scope.</b> The lock's races are between one writer and the readers of one VMA
 * (writers serialise on {@code mmap_lock}); two threads of three operations cover reader-before-
 * writer, writer-before-reader, a reader in the writer's wait (the wake-up), and a detach while a
 * reader holds a reference, and keep the run to a few seconds. The tree walk, slab reuse and
 * foreign mms are left to the stress and deterministic tests.
 */
public class VmaLockLincheckTest {
  static final long P = PAGE_SIZE;
  static final long BASE = 0x10000000L;

  /** One kernel per Lincheck invocation (see {@link LincheckKernels}). */
  static final LincheckKernels KERNELS = new LincheckKernels("VmaLockLincheckTest");

  private final Kernel kernel = KERNELS.newKernel();
  private final MmStruct mm = kernel.newMm();
  private final VmAreaStruct vma;
  private final RcuDomain rcu = kernel.rcu();

  public VmaLockLincheckTest() {
    mm.mmap(BASE, P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
    vma = mm.vmaObjectAt(BASE);
    vma.vm_pgoff = 0;
    vma.vm_page_prot = 0;
  }

  /**
   * The VMA's version as seen under a read lock; -1 if detached; -2 if torn (a writer overlapped).
   */
  @Operation
  public long read() {
    rcu.rcuReadLock();
    VmaReadResult r = MmapLock.vmaStartRead(mm, vma);
    rcu.rcuReadUnlock();
    if (r == VmaReadResult.LOCKED) {
      long a = vma.vm_pgoff;
      long b = vma.vm_page_prot;
      MmapLock.vmaEndRead(vma);
      return a == b ? a : -2;
    }
    if (r == VmaReadResult.DETACHED) {
      return -1;
    }
    MmapLock.mmapReadLock(mm);
    try {
      return MmapLock.vmaRefcnt(vma) == 0 ? -1 : vma.vm_pgoff;
    } finally {
      MmapLock.mmapReadUnlock(mm);
    }
  }

  /** Write-locks the VMA and bumps its version, one field after the other. */
  @Operation
  public void write() {
    MmapLock.mmapWriteLock(mm);
    try {
      MmapLock.vmaStartWrite(vma);
      vma.vm_pgoff++;
      vma.vm_page_prot = vma.vm_pgoff;
    } finally {
      MmapLock.mmapWriteUnlock(mm);
    }
  }

  /** Detaches the VMA (once; later calls do nothing). */
  @Operation
  public void detach() {
    MmapLock.mmapWriteLock(mm);
    try {
      if (MmapLock.vmaRefcnt(vma) != 0) {
        MmapLock.vmaStartWrite(vma);
        MmapLock.vmaMarkDetached(vma);
      }
    } finally {
      MmapLock.mmapWriteUnlock(mm);
    }
  }

  /** The sequential specification: a version number and a detached flag. */
  public static final class Spec {
    private long version;
    private boolean detached;

    public long read() {
      return detached ? -1 : version;
    }

    public void write() {
      version++;
    }

    public void detach() {
      detached = true;
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void modelChecking_readWriteDetach_linearizableAgainstSpec() {
    new ModelCheckingOptions()
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(1)
        .actorsAfter(1)
        .iterations(4)
        .invocationsPerIteration(150)
        .sequentialSpecification(Spec.class)
        .check(VmaLockLincheckTest.class);
    assertEquals(List.of(), KERNELS.warnings(), "warnings raised during model checking");
  }

  @AfterAll
  static void closeKernels() {
    KERNELS.closeAll();
  }
}
