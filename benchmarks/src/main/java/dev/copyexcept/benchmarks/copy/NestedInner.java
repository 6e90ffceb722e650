package dev.copyexcept.benchmarks.copy;

import dev.copyexcept.CopyExcept;

/** Level 2 of {@link Nested}: embeds {@link NestedLeaf}. */
@CopyExcept
public class NestedInner {
  long c;
  long d;
  Object ops;
  final NestedLeaf leaf = new NestedLeaf();
}
