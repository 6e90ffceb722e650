package dev.copyexcept.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.copyexcept.example.mm.VmAreaStruct;
import dev.copyexcept.example.mm.VmAreaStructCopier;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Claim of {@code MmapLock}'s implementation notes: "vmaMarkAttached's release store of 1 pairs
 * with the acquire increment in vmaStartRead: a reader that gets a reference sees every store made
 * to the VMA before it was attached."
 *
 * <p><b>Real object, extracted accesses.</b> The VMA is a real {@link VmAreaStruct}, filled by the
 * real generated {@link VmAreaStructCopier#copy} (as {@code VmaInit.vmAreaDup} does), and the lock
 * word is its real {@code vm_refcnt} field. The two accesses on it are extracts, because the real
 * functions need an mm, a kernel and the mmap write lock ({@code vmaMarkAttached} asserts the VMA
 * write-locked; {@code vmaStartRead} checks {@code vm_lock_seq} against the mm), too heavy per
 * jcstress state. They mirror, in {@code example/src/main/java/dev/copyexcept/example/mm/}:
 *
 * <ul>
 *   <li>writer: {@code MmapLock.vmaMarkAttached}: the store commented "Release: pairs with the
 *       acquire increment in vmaStartRead", {@code vma.setVmRefcntRelease(1)}, i.e. {@code
 *       VM_REFCNT.setRelease} ({@code VmAreaStruct.setVmRefcntRelease});
 *   <li>reader: {@code MmapLock.refcountIncNotZeroLimitedAcquire} (its whole loop): an opaque load,
 *       refuse if 0 (DETACHED), else {@code compareAndExchangeAcquire(old, old + 1)} ({@code
 *       VmAreaStruct.caeVmRefcntAcquire}) until it succeeds; then, holding the reference, the
 *       reader reads the VMA's fields (as {@code lockVmaUnderRcu} reads the range).
 * </ul>
 *
 * <p>r1: 1 if the increment succeeded, 0 if it was refused because the VMA was still detached (the
 * reader then reads nothing and reports 0 for r2, r3); r2, r3: {@code vm_start} and {@code vm_end}
 * as seen by the reader, in pages (source: 1 and 3; a fresh object: 0 and 0).
 */
@JCStressTest
@Outcome(
    id = "0, 0, 0",
    expect = ACCEPTABLE,
    desc =
        "The reader came before the attach: the increment was refused (vm_refcnt 0, DETACHED),"
            + " and it looked at nothing.")
@Outcome(
    id = "1, 1, 3",
    expect = ACCEPTABLE,
    desc = "The reader got a reference after the attach and sees the whole initialised VMA.")
@Outcome(
    expect = FORBIDDEN,
    desc =
        "The reader got a reference but saw a field as it was before the copy: the release/"
            + "acquire pairing on vm_refcnt failed.")
@State
public class VmaAttachPublicationTest {
  static final long PAGE = 4096;

  /** The VMA being duplicated (like vm_area_dup's orig); never changed after class init. */
  static final VmAreaStruct ORIG = new VmAreaStruct();

  static {
    ORIG.vm_start = 1 * PAGE;
    ORIG.vm_end = 3 * PAGE;
    ORIG.vm_flags = 0x7;
  }

  /** A fresh, detached VMA (vm_refcnt 0), as kmemCacheAlloc returns before the copy. */
  final VmAreaStruct vma = new VmAreaStruct();

  @Actor
  public void attacher() {
    VmAreaStructCopier.copy(ORIG, vma);
    VM_REFCNT.setRelease(vma, 1); // vmaMarkAttached: pairs with the acquire CAS in reader()
  }

  @Actor
  public void reader(III_Result r) {
    int old = (int) VM_REFCNT.getOpaque(vma);
    while (true) {
      if (old == 0) {
        return; // refused: DETACHED; r1 = r2 = r3 = 0
      }
      int witness = (int) VM_REFCNT.compareAndExchangeAcquire(vma, old, old + 1);
      if (witness == old) {
        break;
      }
      old = witness;
    }
    r.r1 = 1;
    r.r2 = (int) (vma.vm_start / PAGE);
    r.r3 = (int) (vma.vm_end / PAGE);
  }

  /** The real field {@code VmAreaStruct.vm_refcnt} (package-private, so a private lookup). */
  static final VarHandle VM_REFCNT;

  static {
    try {
      VM_REFCNT =
          MethodHandles.privateLookupIn(VmAreaStruct.class, MethodHandles.lookup())
              .findVarHandle(VmAreaStruct.class, "vm_refcnt", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
