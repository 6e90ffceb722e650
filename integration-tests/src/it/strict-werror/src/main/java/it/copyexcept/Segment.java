package it.copyexcept;

import dev.copyexcept.CopyExcept;

/** An embedded struct: copied by value into the destination's own instance. */
@CopyExcept({})
public class Segment {
  long start;
  long end;
}
