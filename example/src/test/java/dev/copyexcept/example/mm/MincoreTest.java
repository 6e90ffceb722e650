package dev.copyexcept.example.mm;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED;
import static dev.copyexcept.example.mm.Mman.PAGE_SIZE;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code mincore(2)}: page-table entries, the page cache of file mappings, holes, bad starts. */
@ExtendWith(KernelExtension.class)
class MincoreTest {
  static final long P = PAGE_SIZE;
  static final long A = 0x10000000L;
  static final int RW = PROT_READ | PROT_WRITE;

  Kernel kernel;
  MmStruct mm;

  @BeforeEach
  void setUp(TestKernels kernels) {
    kernel = kernels.create();
    mm = kernel.newMm();
  }

  byte[] mincore(long addr, long len) {
    byte[] vec = new byte[(int) ((len + P - 1) / P)];
    assertEquals(0, mm.mincore(addr, len, vec));
    return vec;
  }

  @Test
  void anonymous_residentExactlyWhereTouched_readsToo() {
    assertEquals(A, mm.mmap(A, 4 * P, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED));
    assertArrayEquals(new byte[] {0, 0, 0, 0}, mincore(A, 4 * P));
    assertTrue(mm.handleFault(A + P, true).handled());
    assertTrue(mm.handleFault(A + 3 * P + 5, false).handled()); // the zero page is mapped
    assertArrayEquals(new byte[] {0, 1, 0, 1}, mincore(A, 4 * P));
    assertEquals(0, mm.munmap(A + P, P));
    assertEquals(A + P, mm.mmap(A + P, P, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED));
    assertArrayEquals(new byte[] {0, 0, 0, 1}, mincore(A, 4 * P));
  }

  @Test
  void file_pageCacheCountsWithoutAnEntry_inEveryMappingOfTheFile() {
    VmFile f = new VmFile("/tmp/f", 8 * P);
    assertEquals(A, mm.mmap(A, 2 * P, PROT_READ, MAP_SHARED | MAP_FIXED, f, 0));
    assertEquals(A + 4 * P, mm.mmap(A + 4 * P, 2 * P, RW, MAP_PRIVATE | MAP_FIXED, f, 1));
    assertTrue(mm.handleFault(A + P, false).handled()); // file page 1 read into the page cache
    assertArrayEquals(new byte[] {0, 1}, mincore(A, 2 * P));
    assertArrayEquals(new byte[] {1, 0}, mincore(A + 4 * P, 2 * P)); // page 1, never touched here
    assertEquals(0, mm.munmap(A, 2 * P));
    assertArrayEquals(new byte[] {1, 0}, mincore(A + 4 * P, 2 * P)); // the page cache stays
  }

  @Test
  void hole_enomemAfterFillingTheMappedPart_unalignedStart_einval_shortVec_efault() {
    assertEquals(A, mm.mmap(A, 2 * P, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED));
    assertTrue(mm.handleFault(A, true).handled());
    byte[] vec = {7, 7, 7};
    assertEquals(-Errno.ENOMEM, mm.mincore(A, 3 * P, vec));
    assertArrayEquals(new byte[] {1, 0, 7}, vec);
    assertEquals(-Errno.EINVAL, mm.mincore(A + 1, P, new byte[1]));
    assertEquals(-Errno.EFAULT, mm.mincore(A, 2 * P, new byte[1]));
    assertEquals(0, mm.mincore(A, P + 1, new byte[2])); // the length is rounded up
    assertEquals(-Errno.ENOMEM, mm.mincore(A, Mman.TASK_SIZE, new byte[1]));
  }
}
