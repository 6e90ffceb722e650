package dev.copyexcept.benchmarks.copy;

import dev.copyexcept.CopyExcept;
import java.util.Objects;

/**
 * A struct that embeds a struct three levels deep ({@code Nested} → {@link NestedMid} → {@link
 * NestedInner} → {@link NestedLeaf}) and has a final array at the top and at the bottom: 16 scalar
 * fields and 2 arrays copied, {@code refcnt} excluded.
 */
@CopyExcept("refcnt")
public class Nested {
  long start;
  long end;
  long flags;
  Object file;
  int refcnt;
  final NestedMid mid = new NestedMid();
  final long[] words = new long[8];

  /**
   * The hand-written copy with the generated copier's contract: every check (nulls, array lengths)
   * once, before the first write, so a copy that throws leaves {@code dest} unchanged.
   */
  static void copyByHand(Nested src, Nested dest) {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dest, "dest");
    NestedMid srcMid = src.mid;
    NestedMid destMid = dest.mid;
    NestedInner srcInner = srcMid.inner;
    NestedInner destInner = destMid.inner;
    NestedLeaf srcLeaf = srcInner.leaf;
    NestedLeaf destLeaf = destInner.leaf;
    if (src.words.length != dest.words.length || srcLeaf.bits.length != destLeaf.bits.length) {
      throw new IllegalArgumentException("array lengths differ");
    }
    dest.start = src.start;
    dest.end = src.end;
    dest.flags = src.flags;
    dest.file = src.file;
    destMid.a = srcMid.a;
    destMid.b = srcMid.b;
    destMid.owner = srcMid.owner;
    destInner.c = srcInner.c;
    destInner.d = srcInner.d;
    destInner.ops = srcInner.ops;
    destLeaf.e = srcLeaf.e;
    destLeaf.f = srcLeaf.f;
    destLeaf.g = srcLeaf.g;
    destLeaf.h = srcLeaf.h;
    destLeaf.i = srcLeaf.i;
    destLeaf.j = srcLeaf.j;
    System.arraycopy(srcLeaf.bits, 0, destLeaf.bits, 0, srcLeaf.bits.length);
    System.arraycopy(src.words, 0, dest.words, 0, src.words.length);
  }
}
