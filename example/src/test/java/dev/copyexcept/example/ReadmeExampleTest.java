package dev.copyexcept.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.mm.CopyStrategy;
import dev.copyexcept.example.mm.FaultResult;
import dev.copyexcept.example.mm.Kernel;
import dev.copyexcept.example.mm.MmStruct;
import dev.copyexcept.example.mm.Mman;
import dev.copyexcept.example.slab.SlabMode;
import org.junit.jupiter.api.Test;

/** The code sample of the top-level README, with what its comments claim checked. */
class ReadmeExampleTest {
  @Test
  void readmeSample_behavesAsItsCommentsSay() {
    try (Kernel kernel =
        Kernel.builder()
            .slabMode(SlabMode.TYPESAFE_BY_RCU)
            .copyStrategy(CopyStrategy.COPY_EXCEPT)
            .build()) {
      MmStruct mm = kernel.newMm();
      long addr =
          mm.mmap(
              0,
              4 * Mman.PAGE_SIZE,
              Mman.PROT_READ | Mman.PROT_WRITE,
              Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS);
      assertTrue(addr > 0, "mmap returned " + addr);
      assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(addr, true));
      assertEquals(FaultResult.HANDLED_VMA_LOCK, mm.handleFault(addr + Mman.PAGE_SIZE, true));
      assertEquals(0, mm.mprotect(addr, Mman.PAGE_SIZE, Mman.PROT_READ));
      String[] maps = mm.maps().split("\n");
      assertEquals(2, maps.length, mm.maps());
      assertTrue(maps[0].contains(" r--p "), maps[0]);
      assertTrue(maps[1].contains(" rw-p "), maps[1]);
      MmStruct child = mm.fork();
      assertEquals(mm.maps(), child.maps());
      child.exitMmap();
      mm.exitMmap();
      assertEquals("", mm.maps());
      assertTrue(kernel.warnings().isEmpty(), kernel.warnings().toString());
      assertFalse(kernel.vmstat().isEmpty());
    }
  }
}
