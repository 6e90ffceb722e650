package it.copyexcept;

import dev.copyexcept.CopyExcept;
import java.util.List;

/** Most field kinds at once: plain, array, embedded struct, accessors, generic, excluded. */
@CopyExcept("refcnt")
public class Vma<T extends Comparable<T>> {
  long flags;
  volatile int generation;
  final long[] pages = new long[2];
  final Segment range = new Segment();
  List<String> names;
  T key;
  int refcnt;
  private String label;

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }
}
