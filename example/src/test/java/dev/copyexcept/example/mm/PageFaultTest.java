package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_NONE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each {@link FaultResult} reached, through the path the kernel would take, and counted. */
class PageFaultTest {
  static final long P = PAGE_SIZE;
  static final long A = 0x50000000L;
  static final int RW = PROT_READ | PROT_WRITE;
  static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;

  Kernel kernel;
  MmStruct mm;
  Map<VmEvent, Long> before;

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

  private void mark() {
    before = new EnumMap<>(VmEvent.class);
    for (VmEvent e : VmEvent.values()) {
      before.put(e, kernel.vmEventCount(e));
    }
  }

  private long delta(VmEvent e) {
    return kernel.vmEventCount(e) - before.get(e);
  }

  @Test
  void handleFault_anonRead_zeroPageOnVmaLockFastPath() {
    mm.mmap(A, P, RW, ANON);
    mark();
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(A + 8, false));
    assertSame(Page.ZERO_PAGE, mm.pageTable().get(A).page());
    assertEquals(1, delta(VmEvent.PGFAULT));
    assertEquals(1, delta(VmEvent.VMA_LOCK_SUCCESS));
    assertEquals(0, delta(VmEvent.VMA_LOCK_RETRY));
    assertEquals(0, delta(VmEvent.PGFAULT_MMAP_LOCK));
  }

  @Test
  void handleFault_firstAnonWrite_preparesAnonVmaUnderMmapReadTrylock() {
    mm.mmap(A, 2 * P, RW, ANON);
    mark();
    // __vmf_anon_prepare: mmap_lock is free, so mmap_read_trylock succeeds and the fault stays on
    // the fast path (the contended case, VM_FAULT_RETRY, is in AnonPrepareTest)
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(A, true));
    assertEquals(0, delta(VmEvent.VMA_LOCK_RETRY));
    assertEquals(1, delta(VmEvent.VMA_LOCK_SUCCESS));
    assertEquals(0, delta(VmEvent.PGFAULT_MMAP_LOCK));
    assertTrue(mm.pageTable().get(A).writable());
    assertTrue(mm.pageTable().get(A).page().anon());
    // the VMA has its anon_vma now: the next write fault stays on the fast path
    mark();
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(A + P, true));
    assertEquals(1, delta(VmEvent.VMA_LOCK_SUCCESS));
    assertEquals(0, delta(VmEvent.VMA_LOCK_RETRY));
  }

  @Test
  void handleFault_writeAfterReadOfZeroPage_copiesOnWrite() {
    mm.mmap(A, P, RW, ANON);
    mm.handleFault(A, false);
    assertEquals(
        FaultResult.HANDLED_VMA_LOCK,
        mm.handleFault(A, true),
        "COW from the zero page prepares the anon_vma under mmap_read_trylock");
    assertNotSame(Page.ZERO_PAGE, mm.pageTable().get(A).page());
  }

  @Test
  void handleFault_presentWritablePage_spuriousFaultHandled() {
    mm.mmap(A, P, RW, ANON);
    mm.handleFault(A, true);
    Page p = mm.pageTable().get(A).page();
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(A, true));
    assertSame(p, mm.pageTable().get(A).page());
  }

  @Test
  void handleFault_unmappedAddress_sigsegvAfterAbortAndSlowPath() {
    mm.mmap(A, P, RW, ANON);
    mark();
    assertEquals(FaultResult.SIGSEGV, mm.handleFault(A + 4 * P, false));
    assertEquals(1, delta(VmEvent.VMA_LOCK_ABORT), "lock_vma_under_rcu found nothing: abort");
    assertEquals(1, delta(VmEvent.SEGFAULT));
    assertEquals(0, delta(VmEvent.PGFAULT_MMAP_LOCK));
    assertEquals(0, mm.pageTable().count(A + 4 * P, A + 5 * P));
  }

  @Test
  void handleFault_kernelAddress_sigsegv() {
    assertEquals(FaultResult.SIGSEGV, mm.handleFault(0xffff_8000_0000_0000L, false));
  }

  @Test
  void handleFault_writeToReadOnly_sigsegvUnderVmaLockNotRetried() {
    mm.mmap(A, P, PROT_READ, ANON);
    mark();
    assertEquals(FaultResult.SIGSEGV, mm.handleFault(A, true));
    assertEquals(
        1,
        delta(VmEvent.VMA_LOCK_SUCCESS),
        "access errors complete under the VMA lock, as in the kernel");
    assertEquals(0, delta(VmEvent.VMA_LOCK_RETRY));
    assertEquals(1, delta(VmEvent.SEGFAULT));
    assertEquals(0, mm.pageTable().size());
  }

  @Test
  void handleFault_protNone_anyAccessSigsegv() {
    mm.mmap(A, P, PROT_NONE, ANON);
    assertEquals(FaultResult.SIGSEGV, mm.handleFault(A, false));
    assertEquals(FaultResult.SIGSEGV, mm.handleFault(A, true));
  }

  @Test
  void handleFault_writeOnlyVma_readAllowedAsOnX86() {
    mm.mmap(A, P, PROT_WRITE, ANON);
    assertTrue(mm.handleFault(A, false).handled());
  }

  @Test
  void handleFault_fileBeyondEof_sigbus() {
    VmFile f = new VmFile("/data/small", P + 100); // two pages' worth of file offsets
    mm.mmap(A, 4 * P, PROT_READ, MAP_PRIVATE | MAP_FIXED, f, 0);
    mark();
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(A + P, false));
    assertEquals(FaultResult.SIGBUS, mm.handleFault(A + 2 * P, false));
    assertEquals(1, delta(VmEvent.SIGBUS));
    assertEquals(2, delta(VmEvent.VMA_LOCK_SUCCESS));
  }

  @Test
  void handleFault_sharedFileWrite_mapsPageCachePageWritable() {
    VmFile f = new VmFile("/data/shared", 4 * P);
    mm.mmap(A, P, RW, MAP_SHARED | MAP_FIXED, f, 2);
    assertEquals(
        FaultResult.HANDLED_VMA_LOCK,
        mm.handleFault(A, true),
        "shared file pages need no anon_vma");
    assertSame(f.pageCacheGet(2), mm.pageTable().get(A).page());
    assertTrue(mm.pageTable().get(A).writable());
  }

  @Test
  void handleFault_privateFileWrite_cowCopyOnTheFastPath() {
    VmFile f = new VmFile("/data/private", 4 * P);
    f.pageCacheGet(0).setData(99);
    mm.mmap(A, P, RW, MAP_PRIVATE | MAP_FIXED, f, 0);
    mark();
    assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(A, true));
    Page p = mm.pageTable().get(A).page();
    assertTrue(p.anon());
    assertEquals(99, p.data());
    assertEquals(1, delta(VmEvent.COW_FAULT));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void handleFault_vmaWriteLocked_fallsBackToMmapLock() throws Exception {
    mm.mmap(A, P, RW, ANON);
    mm.handleFault(A, false);
    MmapLock.mmapWriteLock(mm);
    AtomicReference<FaultResult> result = new AtomicReference<>();
    Thread t;
    try {
      VmAreaStruct vma = mm.findVma(A);
      MmapLock.vmaStartWrite(vma); // what munmap/mprotect would do first
      mark();
      t = new Thread(() -> result.set(mm.handleFault(A, false)));
      t.start();
      // the fault cannot lock the VMA (ABORT) and then waits for mmap_lock
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(Thread.State.WAITING, t.getState());
      assertEquals(1, delta(VmEvent.VMA_LOCK_ABORT));
    } finally {
      MmapLock.mmapWriteUnlock(mm);
    }
    t.join(5_000);
    assertFalse(t.isAlive());
    assertEquals(FaultResult.HANDLED_MMAP_LOCK, result.get());
    assertEquals(1, delta(VmEvent.PGFAULT_MMAP_LOCK));
    assertEquals(0, delta(VmEvent.VMA_LOCK_SUCCESS));
  }

  @Test
  void vmstat_namesOfTheFaultCounters_lowerCaseProcVmstatStyle() {
    Map<String, Long> v = kernel.vmstat();
    for (String name :
        List.of(
            "pgfault",
            "pgfault_mmap_lock",
            "segfault",
            "sigbus",
            "cow_fault",
            "vma_lock_success",
            "vma_lock_abort",
            "vma_lock_retry",
            "vma_lock_miss")) {
      assertTrue(v.containsKey(name), name);
    }
  }
}
