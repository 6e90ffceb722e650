package dev.copyexcept.example.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.WarnKind;
import dev.copyexcept.example.slab.SlabInfo;
import dev.copyexcept.example.slab.SlabMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KernelExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KernelTest {
  @Test
  void builder_defaults_typesafeCopyExcept() {
    try (Kernel k = Kernel.builder().warningsLog(null).build()) {
      assertSame(SlabMode.TYPESAFE_BY_RCU, k.slabMode());
      assertSame(CopyStrategy.COPY_EXCEPT, k.copyStrategy());
      assertSame(SlabMode.TYPESAFE_BY_RCU, k.vmAreaCachep().mode());
    }
  }

  @Test
  void builder_callRcuMemcpy_configuresCacheAndDup(TestKernels kernels) {
    Kernel k = kernels.create(SlabMode.CALL_RCU, CopyStrategy.MEMCPY_THEN_RESET);
    assertSame(SlabMode.CALL_RCU, k.vmAreaCachep().mode());
    assertSame(CopyStrategy.MEMCPY_THEN_RESET, k.copyStrategy());
  }

  @Test
  void vmstat_fresh_everyEventByProcVmstatNameAtZero(TestKernels kernels) {
    Kernel k = kernels.create();
    for (String name :
        List.of("vma_lock_success", "vma_lock_abort", "vma_lock_retry", "vma_lock_miss")) {
      assertEquals(0L, k.vmstat().get(name), name);
    }
    assertEquals(VmEvent.values().length, k.vmstat().size());
    k.countVmEvent(VmEvent.VMA_LOCK_SUCCESS);
    k.countVmEvent(VmEvent.VMA_LOCK_SUCCESS);
    assertEquals(2L, k.vmstat().get("vma_lock_success"));
    assertEquals(2L, k.vmEventCount(VmEvent.VMA_LOCK_SUCCESS));
  }

  @Test
  void slabinfo_afterAlloc_vmAreaStructRow(TestKernels kernels) {
    Kernel k = kernels.create();
    VmaInit.vmAreaAlloc(k.newMm());
    SlabInfo row = k.slabinfo().get(0);
    assertEquals("vm_area_struct", row.name());
    assertEquals(1, row.activeObjs());
    assertEquals(Kernel.DEFAULT_VMA_OBJS_PER_SLAB, row.objsPerSlab());
  }

  @Test
  void newMm_twice_distinctMmsOfThisKernel(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct a = k.newMm();
    MmStruct b = k.newMm();
    assertNotSame(a, b);
    assertSame(k, a.kernel());
    assertEquals(1, a.mmCount());
    assertEquals(1, a.mmUsers());
    assertEquals(0, a.mmLockSeq());
  }

  @Test
  void close_twice_secondIsNoOpAndRcuThreadGone() throws Exception {
    Kernel k = Kernel.builder().warningsLog(null).build();
    String s = k.rcu().toString(); // RcuDomain[name]
    String gpThread = "rcu-gp-" + s.substring(s.indexOf('[') + 1, s.length() - 1);
    assertTrue(
        Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(gpThread)),
        gpThread + " running while the kernel is open");
    k.close();
    k.close();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      assertTrue(
          !t.getName().equals(gpThread) || !t.isAlive(), t.getName() + " still alive after close");
    }
  }

  @Test
  void warningsLog_stream_firstWarningOfSitePrinted() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Kernel k =
        Kernel.builder().warningsLog(new PrintStream(out, true, StandardCharsets.UTF_8)).build()) {
      MmapLock.mmapWriteUnlock(k.newMm());
      assertEquals(1, k.warnings().size());
      assertSame(WarnKind.MMAP_NOT_WRITE_LOCKED, k.warnings().get(0).kind());
    }
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("MMAP_NOT_WRITE_LOCKED"));
  }
}
