package it.copyexcept.app;

import dev.copyexcept.CopyExcept;
import it.copyexcept.base.Node;

/** A subclass in another module: refcnt stays excluded, inherited from Node's annotation. */
@CopyExcept("cache")
public class Vma extends Node {
  long start;
  Object cache;
}
