package p;

import dev.copyexcept.CopyExcept;
import p.base.Node;

/** Inherits the exclusion of vm_refcnt and adds its own. */
@CopyExcept("vm_lock_seq")
public class Vma extends Node {
  int vm_lock_seq;
  long vm_flags;
  Object vm_file;
}
