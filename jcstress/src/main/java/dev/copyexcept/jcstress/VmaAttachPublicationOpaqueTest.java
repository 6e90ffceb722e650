package dev.copyexcept.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import dev.copyexcept.example.mm.VmAreaStruct;
import dev.copyexcept.example.mm.VmAreaStructCopier;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The weakened twin of {@link VmaAttachPublicationTest}: the attach is an <em>opaque</em> store
 * ({@code refcount_set}, {@code VmAreaStruct.setVmRefcntOpaque}) instead of {@code
 * refcount_set_release}. Nothing then orders the copy's plain stores before the store of 1, so a
 * reader may get a reference and still see a field of the fresh object: that outcome, forbidden in
 * the real code, is allowed here and marked interesting.
 *
 * <p>On x86 the hardware keeps stores in order, so only the JIT could reorder them; the outcome may
 * well never be seen on this machine (an ARM or POWER machine is the place to look). The test
 * documents the dependency on the release; it does not prove it on x86.
 */
@JCStressTest
@Outcome(
    id = "0, 0, 0",
    expect = ACCEPTABLE,
    desc = "The reader came before the attach: the increment was refused (DETACHED).")
@Outcome(
    id = "1, 1, 3",
    expect = ACCEPTABLE,
    desc = "The reader got a reference after the attach and sees the whole initialised VMA.")
@Outcome(
    expect = ACCEPTABLE_INTERESTING,
    desc =
        "The reader got a reference but saw a field as it was before the copy: what the"
            + " release store in vmaMarkAttached prevents.")
@State
public class VmaAttachPublicationOpaqueTest {
  final VmAreaStruct vma = new VmAreaStruct();

  @Actor
  public void attacher() {
    VmAreaStructCopier.copy(VmaAttachPublicationTest.ORIG, vma);
    VmaAttachPublicationTest.VM_REFCNT.setOpaque(vma, 1); // weakened: no release
  }

  @Actor
  public void reader(III_Result r) {
    int old = (int) VmaAttachPublicationTest.VM_REFCNT.getOpaque(vma);
    while (true) {
      if (old == 0) {
        return;
      }
      int witness =
          (int) VmaAttachPublicationTest.VM_REFCNT.compareAndExchangeAcquire(vma, old, old + 1);
      if (witness == old) {
        break;
      }
      old = witness;
    }
    r.r1 = 1;
    r.r2 = (int) (vma.vm_start / VmaAttachPublicationTest.PAGE);
    r.r3 = (int) (vma.vm_end / VmaAttachPublicationTest.PAGE);
  }
}
