package dev.copyexcept.example.slab;

import dev.copyexcept.CopyExcept;

/**
 * A slab-managed test object with a payload; its generated copier must skip the slab bookkeeping.
 */
@CopyExcept({})
class TestObj extends SlabObject {
  static final long POISON = 0x6b6b6b6b6b6b6b6bL; // SLUB's POISON_FREE byte, 0x6b

  long payload;
  String tag;

  @Override
  protected void slabPoison() {
    payload = POISON;
    tag = null;
  }
}
