package dev.copyexcept.example.slab;

/**
 * High-water marks of the memory a {@link KmemCache} held ({@link KmemCache#peaks()}), for
 * comparing the slab modes under churn.
 *
 * @param pagesHeld slab pages allocated and not yet released, in use or not (the cache's footprint)
 * @param pagesAwaitingGracePeriod pages chosen for release whose release waits for a grace period
 *     ({@link SlabMode#TYPESAFE_BY_RCU}: {@code rcu_free_slab}; always 0 in {@link
 *     SlabMode#CALL_RCU} mode, which releases an empty page at once)
 * @param objsAwaitingGracePeriod objects freed and not yet reusable because their grace period has
 *     not ended ({@link SlabMode#CALL_RCU}; always 0 in {@link SlabMode#TYPESAFE_BY_RCU} mode,
 *     where a freed object is reusable at once)
 */
public record SlabPeaks(
    long pagesHeld, long pagesAwaitingGracePeriod, long objsAwaitingGracePeriod) {}
