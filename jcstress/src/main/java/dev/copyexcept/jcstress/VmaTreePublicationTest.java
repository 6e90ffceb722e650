package dev.copyexcept.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.copyexcept.example.mm.VmAreaStruct;
import dev.copyexcept.example.tree.VmaTree;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Claim of {@code VmaTree}'s implementation notes: "ROOT is written only with setRelease (in
 * publish) and read only with getAcquire (in snapshot); ... a reader that sees a new snapshot also
 * sees its array contents, and every store made to a value before it was published."
 *
 * <p>Against the <b>real class</b>: a {@link VmaTree} is cheap (no thread, one empty snapshot), so
 * each state has its own, and the actors call its public {@link VmaTree#store} and {@link
 * VmaTree#findAbove}.
 *
 * <p>r1, r2: the range the reader found in the tree, in pages (0, 0 if the tree was still empty);
 * r3, r4: {@code vm_start} and {@code vm_end} of the value it found, in pages (0, 0 if none).
 *
 * <p>Note: {@code Snapshot} is a record (final fields), so the JMM's final-field rule alone already
 * makes its arrays, and the VMA reachable from them, visible to a reader that sees the snapshot;
 * the release/acquire pair is the second guarantee. A weakened twin would therefore not show the
 * forbidden outcome and is not written.
 */
@JCStressTest
@Outcome(
    id = "0, 0, 0, 0",
    expect = ACCEPTABLE,
    desc = "The reader's snapshot was taken before the store: the tree was empty.")
@Outcome(
    id = "1, 3, 1, 3",
    expect = ACCEPTABLE,
    desc =
        "The reader saw the new snapshot, its range and the VMA's fields as initialised before"
            + " the store.")
@Outcome(
    expect = FORBIDDEN,
    desc =
        "The reader saw the new snapshot but a torn range or a VMA field as it was before the"
            + " writer set it.")
@State
public class VmaTreePublicationTest {
  static final long PAGE = VmaAttachPublicationTest.PAGE;

  final VmaTree<VmAreaStruct> tree = new VmaTree<>();

  @Actor
  public void writer() {
    VmAreaStruct vma = new VmAreaStruct();
    vma.vm_start = 1 * PAGE;
    vma.vm_end = 3 * PAGE;
    tree.store(1 * PAGE, 3 * PAGE, vma); // publish: the release store of the new snapshot
  }

  @Actor
  public void reader(IIII_Result r) {
    VmaTree.Entry<VmAreaStruct> e = tree.findAbove(0); // snapshot: the acquire load
    if (e == null) {
      return;
    }
    r.r1 = (int) (e.start() / PAGE);
    r.r2 = (int) (e.end() / PAGE);
    r.r3 = (int) (e.value().vm_start / PAGE);
    r.r4 = (int) (e.value().vm_end / PAGE);
  }
}
