package dev.copyexcept.example.mm;

import static dev.copyexcept.example.debug.Interleave.Point.COPY_VMA_BEFORE_LINK;
import static dev.copyexcept.example.debug.Interleave.Point.LOCK_VMA_UNDER_RCU_AFTER_WALK;
import static dev.copyexcept.example.debug.Interleave.Point.VMA_START_READ_AFTER_INC;
import static dev.copyexcept.example.debug.Interleave.Point.VMA_START_READ_BEFORE_INC;
import static dev.copyexcept.example.debug.Interleave.Point.VM_AREA_DUP_AFTER_COPY;
import static dev.copyexcept.example.mm.MmapLock.lockVmaUnderRcu;
import static dev.copyexcept.example.mm.MmapLock.mmapWriteLock;
import static dev.copyexcept.example.mm.MmapLock.mmapWriteUnlock;
import static dev.copyexcept.example.mm.MmapLock.vmaEndRead;
import static dev.copyexcept.example.mm.MmapLock.vmaIsWriteLocked;
import static dev.copyexcept.example.mm.MmapLock.vmaRefcnt;
import static dev.copyexcept.example.mm.MmapLock.vmaStartWrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.Schedule;
import dev.copyexcept.example.debug.WarnKind;
import dev.copyexcept.example.slab.SlabMode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed's race through mremap: a {@code MREMAP_FIXED} move onto a mapped range unmaps it
 * (detach, {@code vm_area_free}) and then {@code copy_vma} duplicates the source with {@code
 * vm_area_dup}, so on the type-safe cache the copy lands in the object a stale reader is about to
 * increment. Deterministic, in all four cells, in the style of {@link VmaRaceTest}.
 */
@ExtendWith(KernelExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MremapRaceTest {
  private static final long P = Mman.PAGE_SIZE;
  private static final long A = 0x10000;
  private static final long B = 0x20000;
  private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
  private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED;

  /** How the stale reader ends, per cell. */
  enum Outcome {
    /**
     * memcpy + TYPESAFE_BY_RCU: the reader's increment on the recycled object is erased by the
     * reset; it then "locks" the moved VMA without a reference, and its release takes the attach
     * reference: VMA_REFCNT_LOST.
     */
    LOST_REFERENCE,
    /**
     * The other cells: the reader's increment meets a 0 (A detached; on the type-safe cache the
     * recycled object's count stayed 0), it walks again (MISS), finds nothing and falls back.
     */
    DETACHED_RETRY
  }

  static Stream<Arguments> cells() {
    return Stream.of(
        Arguments.of(
            SlabMode.TYPESAFE_BY_RCU, CopyStrategy.MEMCPY_THEN_RESET, Outcome.LOST_REFERENCE),
        Arguments.of(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.COPY_EXCEPT, Outcome.DETACHED_RETRY),
        Arguments.of(SlabMode.CALL_RCU, CopyStrategy.MEMCPY_THEN_RESET, Outcome.DETACHED_RETRY),
        Arguments.of(SlabMode.CALL_RCU, CopyStrategy.COPY_EXCEPT, Outcome.DETACHED_RETRY));
  }

  /**
   * Reader R faults at A; writer W runs {@code mremap(B, P, P, MAYMOVE | FIXED, A)}. Schedule:
   *
   * <ol>
   *   <li>R walks the tree, finds A, passes its early vm_lock_seq check (A is not write-locked);
   *       held before its increment;
   *   <li>W: do_munmap(A) write-locks, detaches and frees A; move_vma write-locks B; copy_vma's
   *       vm_area_dup(B) allocates (TYPESAFE_BY_RCU: A's object) and copies; held between the copy
   *       and the re-initialisation (VM_AREA_DUP_AFTER_COPY);
   *   <li>R increments: it succeeds only on the memcpy'd count; held after a successful increment;
   *   <li>W resets (memcpy: vm_refcnt = 0), sets the range; held before vma_link
   *       (COPY_VMA_BEFORE_LINK); then links (attach: 1), moves the pages, unmaps B, unlocks;
   *   <li>R goes on: same mm, the session that locked the copy has ended, the address is in range.
   * </ol>
   */
  @ParameterizedTest(name = "{0} x {1} -> {2}")
  @MethodSource("cells")
  @ExpectWarnings // the memcpy + TYPESAFE cell raises one; the test asserts the exact warnings
  void lockVmaUnderRcu_targetOfMremapFixedRecycledByCopyVma_outcomePerCell(
      SlabMode mode, CopyStrategy strategy, Outcome expected, TestKernels kernels)
      throws Exception {
    Kernel k = kernels.create(mode, strategy);
    MmStruct mm = k.newMm();
    assertEquals(A, mm.mmap(A, P, RW, ANON));
    assertEquals(B, mm.mmap(B, P, RW, ANON));
    VmAreaStruct a = mm.vmaObjectAt(A);
    VmAreaStruct b = mm.vmaObjectAt(B);
    AtomicReference<VmAreaStruct> readerGot = new AtomicReference<>(a); // sentinel
    AtomicLong mremapRet = new AtomicLong();
    AtomicReference<VmAreaStruct> copy = new AtomicReference<>();
    boolean recycled;
    boolean incremented;

    try (Schedule s = Schedule.install()) {
      Thread reader = kernels.thread("R", () -> readerGot.set(lockVmaUnderRcu(mm, A)));
      Thread writer =
          kernels.thread(
              "W",
              () -> mremapRet.set(mm.mremap(B, P, P, Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED, A)));
      s.hold(reader, VMA_START_READ_BEFORE_INC).hold(reader, VMA_START_READ_AFTER_INC);
      s.hold(writer, VM_AREA_DUP_AFTER_COPY).hold(writer, COPY_VMA_BEFORE_LINK);

      // 1. R passed its early check on A and holds no reference yet.
      reader.start();
      assertTrue(s.awaitArrival(reader, VMA_START_READ_BEFORE_INC));

      // 2. W unmapped A and copied B into a new object; held before the re-initialisation.
      writer.start();
      assertTrue(s.awaitArrival(writer, VM_AREA_DUP_AFTER_COPY));
      assertNull(mm.vmaObjectAt(A), "do_munmap erased A from the tree");
      recycled = a.vm_start == B; // A's object now carries B's copy
      assertEquals(
          mode == SlabMode.TYPESAFE_BY_RCU,
          recycled,
          "TYPESAFE_BY_RCU reuses the freed object at once; CALL_RCU not while R is in its RCU section");
      if (recycled) {
        assertEquals(
            strategy == CopyStrategy.MEMCPY_THEN_RESET ? 1 : 0,
            vmaRefcnt(a),
            "memcpy copied B's count into the recycled object; copy-except left its 0");
      } else {
        assertEquals(0, vmaRefcnt(a), "A is detached, its free deferred by call_rcu");
      }

      // 3. R increments: it succeeds only on the memcpy'd count.
      s.release(reader, VMA_START_READ_BEFORE_INC);
      incremented = s.awaitArrival(reader, VMA_START_READ_AFTER_INC);
      assertEquals(expected == Outcome.LOST_REFERENCE, incremented, s.trace().toString());
      if (incremented) {
        assertEquals(2, vmaRefcnt(a), "R's reference on top of the copied count");
      }

      // 4. W re-initialises the copy; held before vma_link.
      s.release(writer, VM_AREA_DUP_AFTER_COPY);
      assertTrue(s.awaitArrival(writer, COPY_VMA_BEFORE_LINK));
      VmAreaStruct c = recycled ? a : null;
      if (incremented) {
        assertEquals(0, vmaRefcnt(a), "the reset to 0 erased R's reference");
        assertEquals(A, a.vm_start, "the copy has its new range");
      }
      s.release(writer, COPY_VMA_BEFORE_LINK);
      kernels.join(writer);
      assertEquals(A, mremapRet.get());
      copy.set(mm.vmaObjectAt(A));
      if (c != null) {
        assertSame(c, copy.get(), "the moved VMA is A's recycled object");
      }

      // 5. R checks what it holds.
      s.release(reader, VMA_START_READ_AFTER_INC);
      kernels.join(reader);
    }

    VmAreaStruct moved = copy.get();
    assertEquals(mode == SlabMode.TYPESAFE_BY_RCU, moved == a, "recycled iff TYPESAFE_BY_RCU");
    assertNull(mm.vmaObjectAt(B), "B moved away");
    assertEquals(1, vmaRefcnt(b) == 0 ? 1 : 0, "B's object was detached (and freed)");
    switch (expected) {
      case LOST_REFERENCE -> {
        assertSame(moved, readerGot.get(), "R believes it read-locked the moved VMA");
        assertEquals(1, vmaRefcnt(moved), "but the count shows no reader: R's reference is gone");
        // So a writer does not wait for R: mutual exclusion is broken.
        mmapWriteLock(mm);
        vmaStartWrite(moved);
        assertTrue(vmaIsWriteLocked(moved), "write-locked while R holds its 'read lock'");
        mmapWriteUnlock(mm);
        assertEquals(0, k.warningsSink().total(), "nothing noticed yet");
        vmaEndRead(moved); // R's release takes the attach reference
        assertEquals(0, vmaRefcnt(moved), "an attached VMA in the tree with a count of 0");
        assertEquals(1, k.warningsSink().count(WarnKind.VMA_REFCNT_LOST), "flagged at the put");
        assertEquals(1, k.warningsSink().total(), k.warnings().toString());
        assertEquals(List.of("detached VMA in the tree at 10000"), mm.checkInvariants());
        assertEquals(0L, k.vmstat().get("vma_lock_miss"));
        assertEquals(0L, k.vmstat().get("vma_lock_abort"));
      }
      case DETACHED_RETRY -> {
        assertNull(readerGot.get(), "R found nothing at A while the copy was not linked yet");
        assertEquals(1, vmaRefcnt(moved), "the moved VMA: attached, no readers");
        assertEquals(1L, k.vmstat().get("vma_lock_miss"), "R's increment met a 0: walk again");
        assertEquals(1L, k.vmstat().get("vma_lock_abort"));
        assertEquals(0, k.warningsSink().total(), k.warnings().toString());
        assertEquals(List.of(), mm.checkInvariants());
        if (mode == SlabMode.CALL_RCU) {
          assertNotSame(a, moved);
        }
      }
      default -> throw new AssertionError(expected);
    }
  }

  /**
   * The documented window of the generated copy: it copies vm_lock_seq (and anon_vma_chain) and
   * vm_area_dup re-initialises them right after, where the kernel's vm_area_init_from never copies
   * them. R found A and holds no reference; A is unmapped in one write session (its vm_lock_seq is
   * that session's); in a second session mremap write-locks B and copy_vma's vm_area_dup copies B
   * into A's recycled object. R's early check reads the object in the window: it carries B's
   * vm_lock_seq, the current session's, so R is told "locked" and falls back (vma_lock_abort). In
   * the kernel the object would still carry A's stale vm_lock_seq, R's increment would meet the 0
   * and it would walk again (vma_lock_miss). Either way R gets no reference: vm_refcnt, the one
   * field that must not be written, stays 0.
   */
  @Test
  void vmaStartRead_earlyCheckInsideTheDupWindow_toldLockedNotDetached(TestKernels kernels)
      throws Exception {
    Kernel k = kernels.create(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.COPY_EXCEPT);
    MmStruct mm = k.newMm();
    assertEquals(A, mm.mmap(A, P, RW, ANON));
    assertEquals(B, mm.mmap(B, P, RW, ANON));
    VmAreaStruct a = mm.vmaObjectAt(A);
    AtomicReference<VmAreaStruct> readerGot = new AtomicReference<>(a);
    try (Schedule s = Schedule.install()) {
      Thread reader = kernels.thread("R", () -> readerGot.set(lockVmaUnderRcu(mm, A)));
      s.hold(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK);
      reader.start();
      assertTrue(s.awaitArrival(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK));
      assertEquals(0, mm.munmap(A, P)); // session 1: A write-locked, detached, freed
      int staleSeq = MmapLock.vmaLockSeq(a);
      Thread writer =
          kernels.thread(
              "W", () -> mm.mremap(B, P, P, Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED, 0x30000));
      s.hold(writer, VM_AREA_DUP_AFTER_COPY);
      writer.start();
      assertTrue(s.awaitArrival(writer, VM_AREA_DUP_AFTER_COPY)); // session 2, in the window
      assertEquals(B, a.vm_start, "A's object carries B's copy");
      assertEquals(0, vmaRefcnt(a), "the copy left vm_refcnt alone");
      assertEquals(
          mm.mmLockSeq(), MmapLock.vmaLockSeq(a), "vm_lock_seq copied from the write-locked B");
      assertTrue(staleSeq != mm.mmLockSeq(), "what the kernel would show: A's old session");
      s.release(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK);
      kernels.join(reader);
      s.release(writer, VM_AREA_DUP_AFTER_COPY);
      kernels.join(writer);
    }
    assertNull(readerGot.get());
    assertEquals(1L, k.vmstat().get("vma_lock_abort"), "told locked: fall back");
    assertEquals(0L, k.vmstat().get("vma_lock_miss"), "not told detached: no re-walk");
    assertEquals(0, k.warningsSink().total(), k.warnings().toString());
    assertEquals(List.of(), mm.checkInvariants());
  }
}
