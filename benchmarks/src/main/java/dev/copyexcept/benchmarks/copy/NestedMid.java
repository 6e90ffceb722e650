package dev.copyexcept.benchmarks.copy;

import dev.copyexcept.CopyExcept;

/** Level 1 of {@link Nested}: embeds {@link NestedInner}. */
@CopyExcept
public class NestedMid {
  long a;
  long b;
  Object owner;
  final NestedInner inner = new NestedInner();
}
