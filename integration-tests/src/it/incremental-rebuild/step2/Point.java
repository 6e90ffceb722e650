package it.copyexcept;

import dev.copyexcept.CopyExcept;

/** The second version: a field added, which the rebuilt copier must copy too. */
@CopyExcept("id")
public class Point {
  int id;
  long x;
  long y;
  long z;
}
