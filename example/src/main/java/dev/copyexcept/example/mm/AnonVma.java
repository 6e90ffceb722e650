package dev.copyexcept.example.mm;

/**
 * {@code struct anon_vma}: the reverse-map root shared by the VMAs whose anonymous pages may be the
 * same pages (a VMA and the pieces split from it; a parent's VMA and its fork copies). Identity is
 * what matters to the model: two VMAs with different {@code anon_vma}s never merge.
 */
final class AnonVma {
  /**
   * The root of this anon_vma's tree: itself for a fresh one, the parent's root for a fork child's.
   */
  final AnonVma root;

  /** A fresh root {@code anon_vma} ({@code anon_vma_alloc}). */
  AnonVma() {
    this.root = this;
  }

  /** A child {@code anon_vma} of {@code parent}, as {@code anon_vma_fork} makes. */
  AnonVma(AnonVma parent) {
    this.root = parent.root;
  }
}
