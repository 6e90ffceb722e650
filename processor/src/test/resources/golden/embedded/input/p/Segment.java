package p;

import dev.copyexcept.CopyExcept;

/** A struct embedded by value in Vma. */
@CopyExcept("owner")
public class Segment {
  long start;
  long end;
  final byte[] bits = new byte[8];
  Object owner;
}
