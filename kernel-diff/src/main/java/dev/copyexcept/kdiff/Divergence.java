package dev.copyexcept.kdiff;

/**
 * The first difference between Linux and the model in a sequence.
 *
 * @param kind what differed
 * @param call the index of the call after which it was seen
 * @param detail Linux's and the model's answers, for the report
 */
record Divergence(Kind kind, int call, String detail) {
  enum Kind {
    /** The return value or errno of the call. */
    RETURN,
    /** The window's lines of /proc/self/maps: start, end, permissions, offset, name. */
    MAPS,
    /** The modelled bits of a VMA's smaps VmFlags. */
    VMFLAGS,
    /** mincore() of a page touched in the sequence. */
    MINCORE,
    /** The model broke its own invariants (checkInvariants) or raised a kernel warning. */
    MODEL_INVARIANT
  }
}
