package it.copyexcept.jpms;

import dev.copyexcept.CopyExcept;

/** A class of a named module. */
@CopyExcept("owner")
public class Frame {
  int width;
  int height;
  final byte[] pixels = new byte[4];
  Thread owner;
}
