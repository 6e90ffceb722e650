package dev.copyexcept.example.mm;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code anon_vma_chain}: the list head linking a VMA to every {@code anon_vma} its pages may
 * belong to. It is per-VMA state: {@code vm_area_dup} gives the copy a fresh, empty chain ({@code
 * INIT_LIST_HEAD}) rather than sharing the original's.
 */
final class AnonVmaChain {
  private final List<AnonVma> anonVmas = new ArrayList<>();

  /** Links {@code anonVma} ({@code anon_vma_chain_link}). */
  void link(AnonVma anonVma) {
    anonVmas.add(anonVma);
  }

  /** The linked anon_vmas, oldest first. */
  List<AnonVma> anonVmas() {
    return List.copyOf(anonVmas);
  }

  boolean isEmpty() {
    return anonVmas.isEmpty();
  }
}
