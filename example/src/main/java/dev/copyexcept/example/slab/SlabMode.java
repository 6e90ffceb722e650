package dev.copyexcept.example.slab;

/** How a {@link KmemCache} makes freed objects safe for RCU readers. */
public enum SlabMode {
  /**
   * {@code SLAB_TYPESAFE_BY_RCU}: {@code kmem_cache_free} makes the object reusable at once (a
   * reader inside an RCU section may see it change identity, but never stop being an object of this
   * class); an empty slab page is released (poisoned) only after a grace period. The VMA cache
   * since Linux 6.15.
   */
  TYPESAFE_BY_RCU,
  /**
   * Classic: {@code kmem_cache_free} defers the free with {@code call_rcu}, so no reader inside an
   * RCU section ever sees a freed object reused; an empty slab page may be released at once. The
   * VMA cache before Linux 6.15 (one RCU callback per freed VMA).
   */
  CALL_RCU
}
