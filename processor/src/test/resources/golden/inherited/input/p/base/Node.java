package p.base;

import dev.copyexcept.CopyExcept;

/** A base class in another package whose exclusion every subclass inherits. */
@CopyExcept("vm_refcnt")
public class Node {
  public volatile int vm_refcnt;
  public long vm_start;
  public long vm_end;
}
