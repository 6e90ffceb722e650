package p;

import dev.copyexcept.CopyExcept;

/** Embeds a Segment: copied by value, its checks run before Vma's first write. */
@CopyExcept
public class Vma {
  int flags;
  final Segment range = new Segment();
}
