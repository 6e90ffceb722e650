package dev.copyexcept.jcstress;

import dev.copyexcept.example.mm.Kernel;
import dev.copyexcept.example.mm.MmStruct;
import dev.copyexcept.example.mm.VmAreaStruct;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The real lock words of the model, for the jcstress tests of the per-VMA lock: one {@link Kernel}
 * per jcstress fork (its RCU thread idles), a fresh {@link MmStruct} and {@link VmAreaStruct} per
 * test state, and VarHandles on the real (package-private) fields {@code VmAreaStruct.vm_refcnt},
 * {@code VmAreaStruct.vm_lock_seq}, {@code MmStruct.mm_lock_seq} and {@code
 * MmStruct.vma_writer_wait}. The tests apply, on these fields, the same access modes as the model's
 * accessors ({@code VmAreaStruct.refcnt*}, {@code MmStruct.mmLockSeq*}, ...), which are
 * package-private.
 */
final class Fixtures {
  private Fixtures() {}

  static final Kernel KERNEL = Kernel.builder().warningsLog(null).build();

  static final VarHandle VM_REFCNT;
  static final VarHandle VM_LOCK_SEQ;
  static final VarHandle MM_LOCK_SEQ;
  static final VarHandle VMA_WRITER_WAIT;

  static {
    try {
      MethodHandles.Lookup vma =
          MethodHandles.privateLookupIn(VmAreaStruct.class, MethodHandles.lookup());
      MethodHandles.Lookup mm =
          MethodHandles.privateLookupIn(MmStruct.class, MethodHandles.lookup());
      VM_REFCNT = vma.findVarHandle(VmAreaStruct.class, "vm_refcnt", int.class);
      VM_LOCK_SEQ = vma.findVarHandle(VmAreaStruct.class, "vm_lock_seq", int.class);
      MM_LOCK_SEQ = mm.findVarHandle(MmStruct.class, "mm_lock_seq", int.class);
      VMA_WRITER_WAIT = mm.findVarHandle(MmStruct.class, "vma_writer_wait", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** An mm and a VMA of it. */
  static final class Pair {
    final MmStruct mm = KERNEL.newMm();
    final VmAreaStruct vma = new VmAreaStruct();

    Pair(int refcnt, int mmLockSeq, int vmLockSeq) {
      vma.vm_mm = mm;
      VM_REFCNT.set(vma, refcnt);
      MM_LOCK_SEQ.set(mm, mmLockSeq);
      VM_LOCK_SEQ.set(vma, vmLockSeq);
    }
  }

  /** A VMA of a fresh mm with {@code vm_refcnt == refcnt}, outside any write session. */
  static Pair pair(int refcnt) {
    return new Pair(refcnt, 0, -1);
  }
}
