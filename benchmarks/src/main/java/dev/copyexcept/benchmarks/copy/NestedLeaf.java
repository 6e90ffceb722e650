package dev.copyexcept.benchmarks.copy;

import dev.copyexcept.CopyExcept;

/** Level 3 of {@link Nested}: scalars and a final array. */
@CopyExcept
public class NestedLeaf {
  long e;
  long f;
  int g;
  int h;
  long i;
  Object j;
  final byte[] bits = new byte[16];
}
