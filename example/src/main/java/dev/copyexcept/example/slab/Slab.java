package dev.copyexcept.example.slab;

/**
 * One slab page of a {@link KmemCache}: a fixed array of pre-constructed objects. All mutable
 * fields are guarded by the owning cache's lock.
 */
final class Slab {
  final KmemCache<?> cache;

  /** Sequence number within the cache, for messages. */
  final long id;

  final SlabObject[] objects;

  /** Objects not on the free list: ALLOCATED, or RCU_PENDING (CALL_RCU mode). */
  int inuse;

  /** On the cache's list of cached empty slabs. */
  boolean cachedEmpty;

  /** Chosen for release: off the free list, no longer counted; page release done or pending. */
  boolean released;

  Slab(KmemCache<?> cache, long id, SlabObject[] objects) {
    this.cache = cache;
    this.id = id;
    this.objects = objects;
  }

  @Override
  public String toString() {
    return cache.name() + "/slab#" + id;
  }
}
