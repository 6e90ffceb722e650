package dev.copyexcept.example.demo;

import dev.copyexcept.example.mm.CopyStrategy;
import dev.copyexcept.example.slab.SlabMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One cell of the demo's matrix: how the VMA cache frees, and how {@code vm_area_dup} copies. */
record Cell(SlabMode slabMode, CopyStrategy copyStrategy) {
  /**
   * The four cells in the order they run. The broken cell runs last: once a reference is lost, a
   * VMA's lock word is corrupt and threads of that cell can stay stuck (lock_vma_under_rcu
   * re-walking without end a tree that holds a VMA whose count was wiped to 0, or a writer waiting
   * for readers that are gone), and they must not slow the other cells down.
   */
  static final List<Cell> ALL =
      List.of(
          new Cell(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.COPY_EXCEPT),
          new Cell(SlabMode.CALL_RCU, CopyStrategy.COPY_EXCEPT),
          new Cell(SlabMode.CALL_RCU, CopyStrategy.MEMCPY_THEN_RESET),
          new Cell(SlabMode.TYPESAFE_BY_RCU, CopyStrategy.MEMCPY_THEN_RESET));

  /** The cell's command-line name: {@code typesafe+memcpy}, {@code callrcu+copy-except}, ... */
  String name() {
    return (slabMode == SlabMode.TYPESAFE_BY_RCU ? "typesafe" : "callrcu")
        + "+"
        + (copyStrategy == CopyStrategy.COPY_EXCEPT ? "copy-except" : "memcpy");
  }

  /** True for the one cell in which the model expects lost references. */
  boolean expectsLostReferences() {
    return slabMode == SlabMode.TYPESAFE_BY_RCU && copyStrategy == CopyStrategy.MEMCPY_THEN_RESET;
  }

  /**
   * Parses "all" or a comma-separated list of cell names; returns them in {@link #ALL}'s order,
   * without duplicates.
   */
  static List<Cell> parseList(String spec) {
    if (spec.equalsIgnoreCase("all")) {
      return ALL;
    }
    List<Cell> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      Cell found = null;
      for (Cell c : ALL) {
        if (c.name().equals(p)) {
          found = c;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException(
            "unknown cell '"
                + part.trim()
                + "'; expected 'all' or any of "
                + ALL.stream().map(Cell::name).toList());
      }
      if (!out.contains(found)) {
        out.add(found);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no cells");
    }
    out.sort(java.util.Comparator.comparingInt(ALL::indexOf));
    return out;
  }

  @Override
  public String toString() {
    return name();
  }
}
