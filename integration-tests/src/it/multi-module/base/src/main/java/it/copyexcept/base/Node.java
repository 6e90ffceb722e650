package it.copyexcept.base;

import dev.copyexcept.CopyExcept;

/** A base class in its own module and jar; its exclusion holds in every subclass. */
@CopyExcept("refcnt")
public class Node {
  public long key;
  public int refcnt;
  protected long flags;

  public long getFlags() {
    return flags;
  }

  public void setFlags(long flags) {
    this.flags = flags;
  }
}
