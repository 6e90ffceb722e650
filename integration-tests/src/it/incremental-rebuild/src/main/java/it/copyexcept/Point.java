package it.copyexcept;

import dev.copyexcept.CopyExcept;

/** The first version: two copied fields. */
@CopyExcept("id")
public class Point {
  int id;
  long x;
  long y;
}
