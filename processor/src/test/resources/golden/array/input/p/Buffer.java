package p;

import dev.copyexcept.CopyExcept;

/**
 * Final arrays are copied by content; a non-final array is assigned (shared). The fields named
 * src and dest must not clash with the copier's parameters or locals, and an array of a private
 * class must be handled without naming that class.
 */
@CopyExcept
public class Buffer {
  final int[] data = new int[16];
  final String[] src = new String[2];
  final long[][] dest = new long[2][];
  char[] scratch;
  final Slot[] slots = new Slot[2];

  private static final class Slot {}
}
