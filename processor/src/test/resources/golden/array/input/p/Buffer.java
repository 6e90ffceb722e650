package p;

import dev.copyexcept.CopyExcept;

/**
 * Final arrays are copied by content; a non-final array is assigned (shared). The fields named
 * src and dest must not clash with the copier's parameters or locals.
 */
@CopyExcept
public class Buffer {
  final int[] data = new int[16];
  final String[] src = new String[2];
  final long[][] dest = new long[2][];
  char[] scratch;
}
