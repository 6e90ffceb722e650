package dev.copyexcept.example.slab;

/**
 * One row of the model's {@code /proc/slabinfo}, a consistent snapshot of one {@link KmemCache}.
 *
 * @param name the cache's name
 * @param activeObjs objects allocated and not yet returned to the free list (in {@link
 *     SlabMode#CALL_RCU} mode this includes objects whose deferred free is still pending)
 * @param numObjs objects in the cache's slabs ({@code numSlabs * objsPerSlab})
 * @param objsPerSlab objects per slab page
 * @param numSlabs slabs owned by the cache; a slab chosen for release leaves this count at once,
 *     even while its page release waits for a grace period (as SLUB's {@code discard_slab} does)
 * @param pagesAllocated slab pages ever allocated
 * @param pagesReleased slab pages actually released (their objects poisoned); {@code pagesAllocated
 *     - pagesReleased - numSlabs} pages are waiting for a grace period
 * @param allocs successful {@code kmemCacheAlloc} calls
 * @param frees accepted {@code kmemCacheFree} calls (double frees are warned about and not counted)
 * @param reusedBeforeGracePeriod objects handed out again while a grace period since their free was
 *     still pending ({@link SlabMode#TYPESAFE_BY_RCU} only; always 0 in {@link SlabMode#CALL_RCU}
 *     mode)
 * @param poisonHits accesses to poisoned objects detected by {@code kasanCheck}
 */
public record SlabInfo(
    String name,
    long activeObjs,
    long numObjs,
    int objsPerSlab,
    long numSlabs,
    long pagesAllocated,
    long pagesReleased,
    long allocs,
    long frees,
    long reusedBeforeGracePeriod,
    long poisonHits) {}
