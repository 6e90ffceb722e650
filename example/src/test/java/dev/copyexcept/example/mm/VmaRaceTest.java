package dev.copyexcept.example.mm;

import static dev.copyexcept.example.debug.Interleave.Point.LOCK_VMA_UNDER_RCU_AFTER_WALK;
import static dev.copyexcept.example.debug.Interleave.Point.VMA_START_READ_AFTER_INC;
import static dev.copyexcept.example.debug.Interleave.Point.VMA_START_READ_BEFORE_INC;
import static dev.copyexcept.example.debug.Interleave.Point.VMA_START_READ_FOREIGN_MM_GRABBED;
import static dev.copyexcept.example.debug.Interleave.Point.VM_AREA_DUP_AFTER_COPY;
import static dev.copyexcept.example.mm.MmapLock.REFCOUNT_SATURATED;
import static dev.copyexcept.example.mm.MmapLock.VMA_LOCK_OFFSET;
import static dev.copyexcept.example.mm.MmapLock.lockVmaUnderRcu;
import static dev.copyexcept.example.mm.MmapLock.mmapWriteLock;
import static dev.copyexcept.example.mm.MmapLock.mmapWriteUnlock;
import static dev.copyexcept.example.mm.MmapLock.vmaEndRead;
import static dev.copyexcept.example.mm.MmapLock.vmaIsWriteLocked;
import static dev.copyexcept.example.mm.MmapLock.vmaMarkAttached;
import static dev.copyexcept.example.mm.MmapLock.vmaMarkDetached;
import static dev.copyexcept.example.mm.MmapLock.vmaRefcnt;
import static dev.copyexcept.example.mm.MmapLock.vmaStartWrite;
import static dev.copyexcept.example.mm.VmaFixtures.awaitParkedWriter;
import static dev.copyexcept.example.mm.VmaFixtures.insertVmaLocked;
import static dev.copyexcept.example.mm.VmaFixtures.mapVma;
import static dev.copyexcept.example.mm.VmaFixtures.removeVmaLocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.Schedule;
import dev.copyexcept.example.debug.WarnKind;
import dev.copyexcept.example.slab.SlabMode;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The races of the spec, reproduced deterministically by holding threads at the named interleaving
 * points.
 */
@ExtendWith(KernelExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VmaRaceTest {
  private static final long A = 0x10000;
  private static final long A_END = 0x11000;
  private static final long B = 0x20000;
  private static final long B_END = 0x21000;

  /** How the stale reader of the seed's race ends, per cell. */
  enum Outcome {
    /**
     * memcpy + TYPESAFE_BY_RCU: the reader's increment on the recycled object is erased by the
     * reset; its release underflows.
     */
    LOST_REFERENCE_UNDERFLOW,
    /**
     * copy-except + TYPESAFE_BY_RCU: the recycled object's count stayed 0, the increment fails, the
     * reader walks again (MISS) and aborts.
     */
    RECYCLED_DETACHED_RETRY,
    /**
     * CALL_RCU: the object is not reused while the reader is in its RCU section; its early check
     * sees it write-locked and aborts.
     */
    NOT_RECYCLED_FALLBACK
  }

  static Stream<Arguments> cells() {
    return Stream.of(
        Arguments.of(
            SlabMode.TYPESAFE_BY_RCU,
            CopyStrategy.MEMCPY_THEN_RESET,
            Outcome.LOST_REFERENCE_UNDERFLOW),
        Arguments.of(
            SlabMode.TYPESAFE_BY_RCU, CopyStrategy.COPY_EXCEPT, Outcome.RECYCLED_DETACHED_RETRY),
        Arguments.of(
            SlabMode.CALL_RCU, CopyStrategy.MEMCPY_THEN_RESET, Outcome.NOT_RECYCLED_FALLBACK),
        Arguments.of(SlabMode.CALL_RCU, CopyStrategy.COPY_EXCEPT, Outcome.NOT_RECYCLED_FALLBACK));
  }

  /**
   * The seed's race. Reader R faults at A; writer W unmaps A and then duplicates B (a split or a
   * fork). Schedule:
   *
   * <ol>
   *   <li>R walks the tree under RCU, finds A, is held before vmaStartRead;
   *   <li>W: mmapWriteLock, vmaStartWrite(A), vmaMarkDetached(A), erase A, vmAreaFree(A);
   *       vmAreaDup(B) allocates (TYPESAFE_BY_RCU: A's object, LIFO), copies B into it, is held
   *       between the copy and the re-initialisation (VM_AREA_DUP_AFTER_COPY);
   *   <li>R is released: early check, limited increment; held after a successful increment;
   *   <li>W is released: re-initialises (memcpy: stores 0 into vm_refcnt), unlocks;
   *   <li>R is released: checks and drops its reference.
   * </ol>
   */
  @ParameterizedTest(name = "{0} x {1} -> {2}")
  @MethodSource("cells")
  @ExpectWarnings // the memcpy + TYPESAFE cell raises one; the test asserts the exact warnings of
  // every cell
  void lockVmaUnderRcu_vmaFreedAndRecycledByDup_outcomePerCell(
      SlabMode mode, CopyStrategy strategy, Outcome expected, TestKernels kernels)
      throws Exception {
    Kernel k = kernels.create(mode, strategy);
    MmStruct mm = k.newMm();
    VmAreaStruct a = mapVma(mm, A, A_END);
    VmAreaStruct b = mapVma(mm, B, B_END);
    AtomicReference<VmAreaStruct> readerGot = new AtomicReference<>(a); // sentinel: overwritten
    AtomicReference<VmAreaStruct> dupOut = new AtomicReference<>();

    try (Schedule s = Schedule.install()) {
      Thread reader = kernels.thread("R", () -> readerGot.set(lockVmaUnderRcu(mm, A)));
      Thread writer =
          kernels.thread(
              "W",
              () -> {
                mmapWriteLock(mm);
                removeVmaLocked(mm, a); // munmap(A)
                dupOut.set(VmaInit.vmAreaDup(b)); // split/fork of B
                mmapWriteUnlock(mm);
              });
      s.hold(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK).hold(reader, VMA_START_READ_AFTER_INC);
      s.hold(writer, VM_AREA_DUP_AFTER_COPY);

      // 1. R found A in the tree and holds no reference yet.
      reader.start();
      assertTrue(s.awaitArrival(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK));

      // 2. W frees A and copies B into a new object; held before the re-initialisation.
      writer.start();
      assertTrue(s.awaitArrival(writer, VM_AREA_DUP_AFTER_COPY));
      boolean recycled = a.vm_start == B; // A's object now carries B's copy
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
        assertEquals(A, a.vm_start);
        assertEquals(0, vmaRefcnt(a));
      }

      // 3. R goes on: its increment succeeds only on the memcpy'd count.
      s.release(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK);
      boolean incremented = s.awaitArrival(reader, VMA_START_READ_AFTER_INC);
      assertEquals(expected == Outcome.LOST_REFERENCE_UNDERFLOW, incremented, s.trace().toString());
      if (incremented) {
        assertEquals(2, vmaRefcnt(a), "R's reference on top of the copied count");
      }

      // 4. W re-initialises the copy and ends its session.
      s.release(writer, VM_AREA_DUP_AFTER_COPY);
      kernels.join(writer);
      if (incremented) {
        assertEquals(0, vmaRefcnt(a), "the reset to 0 erased R's reference");
      }

      // 5. R checks what it holds and lets go.
      s.release(reader, VMA_START_READ_AFTER_INC);
      kernels.join(reader);
    }

    VmAreaStruct dup = dupOut.get();
    assertNull(readerGot.get(), "R never gets a VMA: A is gone");
    assertEquals(
        mode == SlabMode.TYPESAFE_BY_RCU,
        dup == a,
        "the dup is A's recycled object iff TYPESAFE_BY_RCU");
    assertEquals(1L, k.vmstat().get("vma_lock_abort"));
    switch (expected) {
      case LOST_REFERENCE_UNDERFLOW -> {
        assertEquals(
            1,
            k.warningsSink().count(WarnKind.REFCOUNT_UNDERFLOW),
            "the lost reference underflows");
        assertEquals(1, k.warningsSink().total(), k.warnings().toString());
        assertEquals(
            REFCOUNT_SATURATED, vmaRefcnt(dup), "the copy's count is corrupted (saturated)");
        assertEquals(0L, k.vmstat().get("vma_lock_miss"));
      }
      case RECYCLED_DETACHED_RETRY -> {
        assertEquals(0, k.warningsSink().total(), k.warnings().toString());
        assertEquals(0, vmaRefcnt(dup), "the copy is born detached");
        assertEquals(
            1L, k.vmstat().get("vma_lock_miss"), "R saw the object detached and walked again");
      }
      case NOT_RECYCLED_FALLBACK -> {
        assertEquals(0, k.warningsSink().total(), k.warnings().toString());
        assertNotSame(a, dup);
        assertEquals(0, vmaRefcnt(dup));
        assertEquals(0, vmaRefcnt(a));
        assertEquals(
            0L, k.vmstat().get("vma_lock_miss"), "R's early check saw A write-locked: fall back");
        k.rcu().rcuBarrier(); // A's deferred free runs now that R has left its RCU section
        assertEquals(
            2, k.slabinfo().get(0).activeObjs(), "B and the dup; A freed after the grace period");
      }
      default -> throw new AssertionError(expected);
    }
    assertEquals(1, vmaRefcnt(b), "B is untouched");
  }

  /**
   * The same race through fork: R passed its early check on A before W write-locked it; W unmaps A,
   * then dup_mmap write-locks B, duplicates it (A's object under TYPESAFE_BY_RCU) and attaches the
   * copy in the child. With memcpy R's increment lands on the copied count, the reset erases it,
   * the child attaches the copy (count 1), and R, seeing the child's mm, pins it and drops "its"
   * reference: the child's VMA sits in the child's tree with a count of 0, looking detached (every
   * reader would miss it forever), which R's put flags at once (VMA_REFCNT_LOST), and tearing it
   * down warns VMA_ALREADY_DETACHED. In the other cells R's increment meets a 0 and it walks again.
   */
  @ParameterizedTest(name = "{0} x {1} -> {2}")
  @MethodSource("cells")
  @ExpectWarnings // the memcpy + TYPESAFE cell raises one; the test asserts the exact warnings of
  // every cell
  void lockVmaUnderRcu_vmaFreedAndRecycledByForkIntoChild_outcomePerCell(
      SlabMode mode, CopyStrategy strategy, Outcome expected, TestKernels kernels)
      throws Exception {
    Kernel k = kernels.create(mode, strategy);
    MmStruct parent = k.newMm();
    MmStruct child = k.newMm();
    VmAreaStruct a = mapVma(parent, A, A_END);
    VmAreaStruct b = mapVma(parent, B, B_END);
    AtomicReference<VmAreaStruct> readerGot = new AtomicReference<>(a);
    AtomicReference<VmAreaStruct> childVma = new AtomicReference<>();

    try (Schedule s = Schedule.install()) {
      Thread reader = kernels.thread("R", () -> readerGot.set(lockVmaUnderRcu(parent, A)));
      Thread writer =
          kernels.thread(
              "W",
              () -> {
                mmapWriteLock(parent);
                removeVmaLocked(parent, a); // munmap(A)
                mmapWriteUnlock(parent);
                mmapWriteLock(parent); // fork: dup_mmap
                mmapWriteLock(child);
                vmaStartWrite(b);
                VmAreaStruct tmp = VmaInit.vmAreaDup(b);
                tmp.vm_mm = child;
                vmaStartWrite(tmp);
                child.mm_mt.store(tmp.vm_start, tmp.vm_end, tmp);
                vmaMarkAttached(tmp);
                child.map_count++;
                childVma.set(tmp);
                mmapWriteUnlock(child);
                mmapWriteUnlock(parent);
              });
      s.hold(reader, VMA_START_READ_BEFORE_INC).hold(reader, VMA_START_READ_AFTER_INC);
      s.hold(writer, VM_AREA_DUP_AFTER_COPY);

      reader.start();
      assertTrue(
          s.awaitArrival(reader, VMA_START_READ_BEFORE_INC), "R passed its early check on A");
      writer.start();
      assertTrue(s.awaitArrival(writer, VM_AREA_DUP_AFTER_COPY));
      s.release(reader, VMA_START_READ_BEFORE_INC);
      boolean incremented = s.awaitArrival(reader, VMA_START_READ_AFTER_INC);
      assertEquals(expected == Outcome.LOST_REFERENCE_UNDERFLOW, incremented, s.trace().toString());
      s.release(writer, VM_AREA_DUP_AFTER_COPY);
      kernels.join(writer);
      s.release(reader, VMA_START_READ_AFTER_INC);
      kernels.join(reader);
    }

    VmAreaStruct copy = childVma.get();
    assertNull(readerGot.get());
    assertEquals(
        mode == SlabMode.TYPESAFE_BY_RCU,
        copy == a,
        "the child's VMA is A's recycled object iff TYPESAFE_BY_RCU");
    assertSame(copy, child.mm_mt.walk(B), "the copy is in the child's tree");
    assertEquals(1L, k.vmstat().get("vma_lock_abort"));
    assertEquals(1, child.mmCount(), "R's mmgrab of the child (if any) was dropped again");
    if (expected == Outcome.LOST_REFERENCE_UNDERFLOW) {
      assertEquals(
          0L, k.vmstat().get("vma_lock_miss"), "R locked the recycled object and failed on its mm");
      assertEquals(
          0,
          vmaRefcnt(copy),
          "an attached VMA in a tree with count 0: the attach reference is lost");
      assertEquals(
          1,
          k.warningsSink().count(WarnKind.VMA_REFCNT_LOST),
          "R's put consumed the attach reference of the child's VMA: flagged at the put");
      assertEquals(1, k.warningsSink().total(), k.warnings().toString());
    } else {
      assertEquals(1L, k.vmstat().get("vma_lock_miss"), "R's increment met a 0: walk again");
      assertEquals(1, vmaRefcnt(copy), "attached, no readers");
    }

    mmapWriteLock(child); // exit of the child
    removeVmaLocked(child, copy);
    mmapWriteUnlock(child);
    assertEquals(
        expected == Outcome.LOST_REFERENCE_UNDERFLOW ? 1 : 0,
        k.warningsSink().count(WarnKind.VMA_ALREADY_DETACHED));
    assertEquals(
        expected == Outcome.LOST_REFERENCE_UNDERFLOW ? 2 : 0,
        k.warningsSink().total(),
        k.warnings().toString());
  }

  /**
   * The object is recycled into ANOTHER mm while a reader holds a reference to it: the reader pins
   * that mm with mmgrab across dropping its reference, and the drop wakes that mm's writer.
   */
  @Test
  void vmaStartRead_objectRecycledIntoOtherMm_pinsOtherMmAndWakesItsWriter(TestKernels kernels)
      throws Exception {
    Kernel k = kernels.create(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.COPY_EXCEPT);
    MmStruct mm1 = k.newMm();
    MmStruct mm2 = k.newMm();
    VmAreaStruct a = mapVma(mm1, A, A_END);
    AtomicReference<VmAreaStruct> readerGot = new AtomicReference<>(a);
    AtomicBoolean writerSawLocked = new AtomicBoolean();

    try (Schedule s = Schedule.install()) {
      Thread reader = kernels.thread("R", () -> readerGot.set(lockVmaUnderRcu(mm1, A)));
      s.hold(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK).hold(reader, VMA_START_READ_FOREIGN_MM_GRABBED);
      reader.start();
      assertTrue(s.awaitArrival(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK));

      // munmap(A) in mm1; mmap in mm2 gets A's object back at once.
      mmapWriteLock(mm1);
      removeVmaLocked(mm1, a);
      mmapWriteUnlock(mm1);
      mmapWriteLock(mm2);
      VmAreaStruct c = insertVmaLocked(mm2, 0x50000, 0x51000);
      mmapWriteUnlock(mm2);
      assertSame(a, c, "recycled into mm2");

      // R increments the recycled object's count, sees vm_mm == mm2 and pins mm2.
      s.release(reader, LOCK_VMA_UNDER_RCU_AFTER_WALK);
      assertTrue(s.awaitArrival(reader, VMA_START_READ_FOREIGN_MM_GRABBED));
      assertEquals(2, mm2.mmCount(), "mmgrab(mm2) across the drop");
      assertEquals(1, mm1.mmCount());
      assertEquals(2, vmaRefcnt(c), "R's stray reference on mm2's VMA");

      // mm2's writer wants C: it waits for R's stray reference.
      Thread writer =
          kernels.thread(
              "W2",
              () -> {
                mmapWriteLock(mm2);
                vmaStartWrite(c);
                writerSawLocked.set(vmaIsWriteLocked(c) && vmaRefcnt(c) == 1);
                mmapWriteUnlock(mm2);
              });
      writer.start();
      awaitParkedWriter(mm2, writer);
      assertEquals(VMA_LOCK_OFFSET + 2, vmaRefcnt(c), "writer's offset + attached + R");

      // R drops its reference (waking W2 through mm2, which it pinned), then mmdrop.
      s.release(reader, VMA_START_READ_FOREIGN_MM_GRABBED);
      kernels.join(reader);
      kernels.join(writer);
    }
    assertNull(readerGot.get());
    assertTrue(writerSawLocked.get(), "W2 was woken and write-locked C with no readers");
    assertEquals(1, mm2.mmCount(), "mmdrop(mm2) after the drop");
    assertEquals(1, vmaRefcnt(a));
    assertEquals(
        1L, k.vmstat().get("vma_lock_abort"), "a foreign VMA is a failure (NULL), not a retry");
    assertEquals(0L, k.vmstat().get("vma_lock_miss"));
  }

  /** A writer waits for a reader's read lock; the reader's vmaEndRead wakes it. */
  @Test
  void vmaStartWrite_readerHoldsReadLock_waitsUntilVmaEndReadWakesIt(TestKernels kernels)
      throws Exception {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct a = mapVma(mm, A, A_END);
    assertSame(a, lockVmaUnderRcu(mm, A)); // the test thread is the reader
    AtomicBoolean writerDone = new AtomicBoolean();
    Thread writer =
        kernels.thread(
            "W",
            () -> {
              mmapWriteLock(mm);
              vmaStartWrite(a);
              writerDone.set(true);
              assertTrue(vmaIsWriteLocked(a));
              assertEquals(1, vmaRefcnt(a));
              mmapWriteUnlock(mm);
            });
    writer.start();
    awaitParkedWriter(mm, writer);
    assertFalse(writerDone.get(), "the writer has not returned from vmaStartWrite");
    assertEquals(VMA_LOCK_OFFSET + 2, vmaRefcnt(a));

    vmaEndRead(a); // OFFSET + 1: only the writer remains -> wake it
    kernels.join(writer);
    assertTrue(writerDone.get());
    assertEquals(1, vmaRefcnt(a));
    assertEquals(null, mm.vmaWriterWaitVolatile(), "the rcuwait slot is free again");
  }

  /**
   * A straggler: a reader passed the early check before the VMA was write-locked and increments
   * after; vmaMarkDetached finds it in and waits until its re-check fails and it drops out.
   */
  @Test
  void vmaMarkDetached_stragglerReader_waitsForItThenDetaches(TestKernels kernels)
      throws Exception {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct a = mapVma(mm, A, A_END);
    AtomicReference<VmAreaStruct> readerGot = new AtomicReference<>(a);
    AtomicBoolean detached = new AtomicBoolean();

    try (Schedule s = Schedule.install()) {
      Thread reader = kernels.thread("R", () -> readerGot.set(lockVmaUnderRcu(mm, A)));
      s.hold(reader, VMA_START_READ_BEFORE_INC).hold(reader, VMA_START_READ_AFTER_INC);
      reader.start();
      assertTrue(s.awaitArrival(reader, VMA_START_READ_BEFORE_INC)); // early check passed

      Thread writer =
          kernels.thread(
              "W",
              () -> {
                mmapWriteLock(mm);
                vmaStartWrite(a); // no readers yet: immediate
                s.release(reader, VMA_START_READ_BEFORE_INC); // now R increments (count 2)
                s.awaitArrival(reader, VMA_START_READ_AFTER_INC);
                vmaMarkDetached(a); // 2 -> 1: R still in; add offset and wait
                detached.set(vmaRefcnt(a) == 0);
                mm.mm_mt.erase(A, A_END);
                mmapWriteUnlock(mm);
              });
      writer.start();
      awaitParkedWriter(mm, writer);
      assertEquals(VMA_LOCK_OFFSET + 1, vmaRefcnt(a), "detaching writer's offset + R's reference");

      s.release(reader, VMA_START_READ_AFTER_INC); // R's re-check sees the write lock: drop, wake W
      kernels.join(reader);
      kernels.join(writer);
    }
    assertTrue(detached.get());
    assertNull(readerGot.get());
    assertEquals(1L, k.vmstat().get("vma_lock_abort"));
    assertEquals(0, vmaRefcnt(a));
    VmaInit.vmAreaFree(a);
  }
}
