package dev.copyexcept.example.slab;

import dev.copyexcept.example.debug.WarnKind;
import dev.copyexcept.example.debug.Warnings;
import dev.copyexcept.example.rcu.RcuDomain;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@code struct kmem_cache}: a cache of objects of one class, carved from slabs of {@code
 * objsPerSlab} objects built with {@code ctor}, handed out LIFO (the most recently freed object is
 * the next one allocated, like SLUB's per-cpu freelist).
 *
 * <ul>
 *   <li>{@link SlabMode#TYPESAFE_BY_RCU}: {@link #kmemCacheFree} makes the object reusable at once.
 *       A slab whose objects are all free is released (its objects poisoned) only after a grace
 *       period, so a reader inside an RCU section never touches a poisoned object.
 *   <li>{@link SlabMode#CALL_RCU}: {@link #kmemCacheFree} defers the object's return to the free
 *       list with {@link RcuDomain#callRcu}; an empty slab is released at once, since all its
 *       objects already went through a grace period.
 * </ul>
 *
 * <p>Up to {@code minPartial} empty slabs are kept for reuse (SLUB's {@code min_partial}); a slab
 * that becomes empty beyond that is released. {@link #shrink()} releases every empty slab.
 *
 * <p>Misuse: freeing {@code null} or an object of another cache (or of none) is an {@link
 * IllegalArgumentException} naming {@code obj}: it is a programming error about which object was
 * passed, and nothing sensible can be done with it. A double free (of a free, pending or poisoned
 * object) is a counted {@link WarnKind#SLAB_DOUBLE_FREE} warning and the free is ignored, as SLUB's
 * debug checks report "Object already free" and refuse it: it is the kind of state bug the model
 * exists to detect and count, like every other kernel warning here.
 *
 * <p>Thread-safe. Allocation and free take one lock per cache; {@link #kasanCheck} and {@link
 * SlabObject#slabPoisoned()} are lock-free.
 */
public final class KmemCache<T extends SlabObject> {
  /*
   * Implementation notes.
   *
   * Structure. One LIFO free list (intrusive, doubly linked through SlabObject.freeNext/freePrev,
   * head = next object handed out) shared by all slabs, guarded by `lock`. SLUB instead has a
   * lockless per-cpu freelist and slab, per-node partial lists under n->list_lock, and per-slab
   * freelists; one lock here keeps the model small and the LIFO order global and deterministic.
   * Writers in the mm model already serialise per mm, but several mms share a cache, hence the
   * lock. Each slab counts its objects in use (`inuse`: ALLOCATED + RCU_PENDING).
   *
   * Object states: see the table in SlabObject.
   *
   * Slab release rule (SLUB's discard_slab when a slab becomes empty and the node already holds
   * min_partial empty slabs; kmem_cache_shrink for shrink()):
   *   1. under the lock, a slab whose inuse drops to 0 is cached (emptySlabs) if fewer than
   *      minPartial are cached, else chosen for release: its objects are unlinked from the free
   *      list at once (no one can allocate them any more), it leaves numSlabs, `released` is set;
   *   2. outside the lock, the page is discarded: TYPESAFE_BY_RCU: from a callRcu callback, i.e.
   *      after a grace period (SLUB's rcu_free_slab), because readers that found an object of the
   *      slab without a reference may still be inside their RCU section; CALL_RCU: at once, since
   *      every object reached FREE through its own grace period already;
   *   3. discard: each object's slabPoison() hook runs, then its state becomes POISONED (release),
   *      then pagesReleased is counted under the lock. The slab is then dropped; Java memory is
   *      not reclaimed while anyone holds an object, but the model treats it as freed memory:
   *      kasanCheck reports any access.
   *   Allocation from a cached empty slab takes it off emptySlabs.
   *
   * Free paths:
   *   TYPESAFE_BY_RCU: ALLOCATED -> FREE, pushed on the free list, cookie =
   *     getStateSynchronizeRcu() stored in the object; an allocation of an object whose cookie
   *     has not been reached (pollStateSynchronizeRcu false) counts reusedBeforeGracePeriod.
   *   CALL_RCU: ALLOCATED -> RCU_PENDING, callRcu(freeDeferred); the callback (gp thread) takes
   *     the lock, RCU_PENDING -> FREE, pushes it, and may release the slab at once.
   *
   * Memory ordering. Everything but the state word is guarded by `lock`, except SlabObject.slab,
   * which is written once under the lock before the object is first handed out and reaches other
   * threads through the caller's own publication of the object. State stores are
   * releases and reads acquires (see SlabObject); the POISONED store is the only one lock-free
   * readers act on, and it pairs with the acquire in SlabObject.slabPoisoned(). The TYPESAFE
   * page release happens-after every reader section that overlapped the free: the RCU callback
   * runs after a grace period, whose end happens-after those readers' rcuReadUnlock (see the
   * notes of RcuDomain).
   *
   * Progress. kmemCacheAlloc/kmemCacheFree block on the lock; ctor runs outside the lock (two
   * threads may grow the cache at the same time, as in SLUB). kasanCheck/slabPoisoned: wait-free.
   *
   * Known imprecision. No per-cpu caches, no NUMA nodes, no partial-list ordering beyond LIFO,
   * no object alignment/size; reusedBeforeGracePeriod is evaluated at allocation time against
   * the grace-period sequence, so a grace period that ends concurrently may or may not count.
   * After the RcuDomain is closed (callRcu refuses work), a CALL_RCU free fails with the
   * domain's IllegalStateException and is undone (the object stays ALLOCATED); a TYPESAFE_BY_RCU
   * slab release falls back to a synchronous synchronizeRcu() before poisoning. Close the domain
   * after the caches are done with it.
   *
   * Kernel references: mm/slub.c (top comment; slab_alloc_node, do_slab_free, discard_slab,
   * free_slab/rcu_free_slab, __kmem_cache_do_shrink, min_partial), mm/slab_common.c
   * (kmem_cache_create, SLAB_TYPESAFE_BY_RCU), include/linux/slab.h (the SLAB_TYPESAFE_BY_RCU
   * rules), mm/kasan (poisoning).
   */

  /**
   * Empty slabs kept for reuse by default: SLUB's {@code min_partial} (at least {@code MIN_PARTIAL}
   * = 5 in the kernel; 1 here, so that tests see releases with few objects).
   */
  public static final int DEFAULT_MIN_PARTIAL = 1;

  private final String name;
  private final int objsPerSlab;
  private final int minPartial;
  private final SlabMode mode;
  private final RcuDomain rcu;
  private final Warnings warnings;
  private final Supplier<T> ctor;

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock:
  private SlabObject freeHead;

  /** Live slabs: allocated and not chosen for release. */
  private final Set<Slab> slabs = new LinkedHashSet<>();

  private final ArrayDeque<Slab> emptySlabs = new ArrayDeque<>();
  private long slabSeq;
  private long activeObjs;
  private long numSlabs;
  private long pagesAllocated;
  private long pagesReleased;
  private long allocs;
  private long frees;
  private long reusedBeforeGracePeriod;

  /** CALL_RCU objects freed and waiting for their grace period (state RCU_PENDING). */
  private long rcuPendingObjs;

  /** High-water marks since creation or the last resetPeaks(); see SlabPeaks. */
  private long peakPagesHeld;

  private long peakPagesAwaitingGracePeriod;
  private long peakRcuPendingObjs;
  // Lock-free:
  private final LongAdder poisonHits = new LongAdder();

  /** A cache that keeps {@link #DEFAULT_MIN_PARTIAL} empty slab(s) for reuse. */
  public KmemCache(
      String name,
      int objsPerSlab,
      SlabMode mode,
      RcuDomain rcu,
      Warnings warnings,
      Supplier<T> ctor) {
    this(name, objsPerSlab, DEFAULT_MIN_PARTIAL, mode, rcu, warnings, ctor);
  }

  /** A cache that keeps up to {@code minPartial} (≥ 0) empty slabs for reuse. */
  public KmemCache(
      String name,
      int objsPerSlab,
      int minPartial,
      SlabMode mode,
      RcuDomain rcu,
      Warnings warnings,
      Supplier<T> ctor) {
    this.name = Objects.requireNonNull(name, "name");
    if (objsPerSlab < 1) {
      throw new IllegalArgumentException("objsPerSlab must be >= 1: " + objsPerSlab);
    }
    if (minPartial < 0) {
      throw new IllegalArgumentException("minPartial must be >= 0: " + minPartial);
    }
    this.objsPerSlab = objsPerSlab;
    this.minPartial = minPartial;
    this.mode = Objects.requireNonNull(mode, "mode");
    this.rcu = Objects.requireNonNull(rcu, "rcu");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
    this.ctor = Objects.requireNonNull(ctor, "ctor");
  }

  // ---------------------------------------------------------------- alloc

  /**
   * {@code kmem_cache_alloc()}: the most recently freed object, or, when none is free, the first
   * object of a new slab of {@code objsPerSlab} objects built with {@code ctor}. The object's
   * fields are whatever its previous user left (as in the kernel; a cache ctor runs once per
   * object, when its slab is built).
   */
  public T kmemCacheAlloc() {
    while (true) {
      lock.lock();
      try {
        T obj = allocLocked();
        if (obj != null) {
          return obj;
        }
      } finally {
        lock.unlock();
      }
      SlabObject[] objects = newSlabObjects(); // outside the lock: runs ctor
      lock.lock();
      try {
        addSlabLocked(objects);
        T obj = allocLocked();
        if (obj != null) {
          return obj;
        }
      } finally {
        lock.unlock();
      }
    }
  }

  @SuppressWarnings("unchecked") // every object on the free list came from ctor, a Supplier<T>
  private T allocLocked() {
    SlabObject obj = freeHead;
    if (obj == null) {
      return null;
    }
    unlinkFreeLocked(obj);
    assert obj.stateAcquire() == SlabObject.FREE : SlabObject.stateName(obj.stateAcquire());
    Slab slab = obj.slab;
    if (slab.inuse++ == 0 && slab.cachedEmpty) {
      slab.cachedEmpty = false;
      emptySlabs.remove(slab);
    }
    if (obj.freeCookie != 0) {
      if (mode == SlabMode.TYPESAFE_BY_RCU && !rcu.pollStateSynchronizeRcu(obj.freeCookie)) {
        reusedBeforeGracePeriod++;
      }
      obj.freeCookie = 0;
    }
    obj.setStateRelease(SlabObject.ALLOCATED); // pairs with stateAcquire (kasanCheck, asserts)
    activeObjs++;
    allocs++;
    return (T) obj;
  }

  private SlabObject[] newSlabObjects() {
    SlabObject[] objects = new SlabObject[objsPerSlab];
    for (int i = 0; i < objsPerSlab; i++) {
      T obj = ctor.get();
      if (obj == null || obj.slab != null) {
        throw new IllegalStateException(
            "ctor of cache "
                + name
                + " returned "
                + (obj == null ? "null" : "an object that already belongs to " + obj.slab));
      }
      objects[i] = obj;
    }
    return objects;
  }

  private void addSlabLocked(SlabObject[] objects) {
    Slab slab = new Slab(this, ++slabSeq, objects);
    // Push in reverse so that objects are handed out in index order.
    for (int i = slab.objects.length - 1; i >= 0; i--) {
      SlabObject obj = slab.objects[i];
      obj.slab = slab;
      pushFreeLocked(obj);
    }
    slabs.add(slab);
    numSlabs++;
    pagesAllocated++;
    peakPagesHeld = Math.max(peakPagesHeld, pagesAllocated - pagesReleased);
  }

  // ---------------------------------------------------------------- free

  /**
   * {@code kmem_cache_free()}. {@link SlabMode#TYPESAFE_BY_RCU}: the object is reusable at once.
   * {@link SlabMode#CALL_RCU}: it returns to the free list from an RCU callback, after a grace
   * period.
   *
   * @throws IllegalArgumentException if {@code obj} is null or was not allocated from this cache (a
   *     double free is a {@link WarnKind#SLAB_DOUBLE_FREE} warning instead, and is ignored)
   */
  public void kmemCacheFree(T obj) {
    checkOwned(obj, "kmemCacheFree");
    Slab toDiscard = null;
    int state;
    lock.lock();
    try {
      state = obj.stateAcquire();
      if (state == SlabObject.ALLOCATED) {
        frees++;
        if (mode == SlabMode.TYPESAFE_BY_RCU) {
          obj.freeCookie = rcu.getStateSynchronizeRcu();
          obj.setStateRelease(SlabObject.FREE); // pairs with stateAcquire
          toDiscard = returnToFreeListLocked(obj);
        } else {
          obj.setStateRelease(SlabObject.RCU_PENDING); // pairs with stateAcquire
          peakRcuPendingObjs = Math.max(peakRcuPendingObjs, ++rcuPendingObjs);
        }
      }
    } finally {
      lock.unlock();
    }
    if (state != SlabObject.ALLOCATED) {
      warnings.warn(
          WarnKind.SLAB_DOUBLE_FREE,
          "kmemCacheFree(obj) of "
              + name
              + ": object already "
              + SlabObject.stateName(state)
              + " ("
              + obj.slab
              + ")");
    } else if (mode == SlabMode.CALL_RCU) {
      try {
        rcu.callRcu(() -> freeDeferred(obj));
      } catch (IllegalStateException closed) {
        undoDeferredFree(obj); // the domain is closed: the free did not happen
        throw closed;
      }
    } else if (toDiscard != null) {
      discardSlab(toDiscard);
    }
  }

  private void undoDeferredFree(SlabObject obj) {
    lock.lock();
    try {
      obj.setStateRelease(SlabObject.ALLOCATED); // pairs with stateAcquire
      frees--;
      rcuPendingObjs--;
    } finally {
      lock.unlock();
    }
  }

  /** CALL_RCU mode: the RCU callback of a free, after a grace period. */
  private void freeDeferred(SlabObject obj) {
    Slab toDiscard;
    lock.lock();
    try {
      assert obj.stateAcquire() == SlabObject.RCU_PENDING
          : SlabObject.stateName(obj.stateAcquire());
      obj.setStateRelease(SlabObject.FREE); // pairs with stateAcquire
      rcuPendingObjs--;
      toDiscard = returnToFreeListLocked(obj);
    } finally {
      lock.unlock();
    }
    if (toDiscard != null) {
      discardSlab(toDiscard); // CALL_RCU: at once (we are already past a grace period)
    }
  }

  /**
   * Pushes a FREE object, writing SLUB's free pointer into it; returns its slab if that slab must
   * now be released.
   */
  private Slab returnToFreeListLocked(SlabObject obj) {
    pushFreeLocked(obj);
    // set_freepointer: the encoded address of the next free object goes into the object itself
    // (at freeptr_offset, for a cache that has one: see SlabObject.slabSetFreePointer).
    obj.slabSetFreePointer(encodeFreePointer(obj.freeNext));
    activeObjs--;
    Slab slab = obj.slab;
    if (--slab.inuse > 0) {
      return null;
    }
    if (emptySlabs.size() < minPartial) {
      slab.cachedEmpty = true;
      emptySlabs.addLast(slab);
      return null;
    }
    releaseLocked(slab);
    return slab;
  }

  /** Step 1 of the release rule: off the free list and out of the counts, at once. */
  private void releaseLocked(Slab slab) {
    assert slab.inuse == 0 && !slab.released : slab;
    for (SlabObject obj : slab.objects) {
      unlinkFreeLocked(obj);
    }
    slab.released = true;
    slabs.remove(slab);
    numSlabs--;
    peakPagesAwaitingGracePeriod = Math.max(peakPagesAwaitingGracePeriod, pagesAwaitingGpLocked());
  }

  /**
   * Pages chosen for release and not released yet: waiting for rcu_free_slab's grace period in
   * TYPESAFE_BY_RCU mode; in CALL_RCU mode such a page is being released right now, not waiting.
   */
  private long pagesAwaitingGpLocked() {
    return mode == SlabMode.TYPESAFE_BY_RCU ? pagesAllocated - pagesReleased - numSlabs : 0;
  }

  /** Step 2: release the page, after a grace period in TYPESAFE_BY_RCU mode. Lock not held. */
  private void discardSlab(Slab slab) {
    assert !lock.isHeldByCurrentThread();
    if (mode == SlabMode.TYPESAFE_BY_RCU) {
      try {
        rcu.callRcu(() -> poisonSlab(slab)); // rcu_free_slab
      } catch (IllegalStateException closed) {
        // The domain is closed (no gp thread): wait for the grace period here instead. Throws
        // inside a read section, where waiting would deadlock; the slab then stays unpoisoned.
        rcu.synchronizeRcu();
        poisonSlab(slab);
      }
    } else {
      poisonSlab(slab);
    }
  }

  /** Step 3: poison every object, then count the page as released. */
  private void poisonSlab(Slab slab) {
    for (SlabObject obj : slab.objects) {
      obj.slabPoison();
      // Release: pairs with the acquire in SlabObject.slabPoisoned(); a reader that sees
      // POISONED sees the scribbled payload too.
      obj.setStateRelease(SlabObject.POISONED);
    }
    lock.lock();
    try {
      pagesReleased++;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- free list

  /**
   * {@code freelist_ptr_encode}: what SLUB stores as the free pointer of an object whose next free
   * object is {@code next}: a kernel direct-map-looking address ({@code 0xffff888...}, never a user
   * address, never page aligned unless null), 0 at the end of the list. Not decodable: the model's
   * free list is the links in SlabObject; this value only scribbles the object.
   */
  static long encodeFreePointer(SlabObject next) {
    return next == null ? 0 : 0xffff888000000000L | ((long) System.identityHashCode(next) << 6) | 8;
  }

  private void pushFreeLocked(SlabObject obj) {
    assert lock.isHeldByCurrentThread();
    obj.freePrev = null;
    obj.freeNext = freeHead;
    if (freeHead != null) {
      freeHead.freePrev = obj;
    }
    freeHead = obj;
  }

  private void unlinkFreeLocked(SlabObject obj) {
    assert lock.isHeldByCurrentThread();
    SlabObject prev = obj.freePrev;
    SlabObject next = obj.freeNext;
    if (prev == null) {
      assert freeHead == obj : "not on the free list";
      freeHead = next;
    } else {
      prev.freeNext = next;
    }
    if (next != null) {
      next.freePrev = prev;
    }
    obj.freeNext = null;
    obj.freePrev = null;
  }

  // ---------------------------------------------------------------- checks, stats

  /**
   * The reader-side check (KASAN): call on each access to an object found without holding a
   * reference. Returns false, counts a poison hit and warns {@link WarnKind#SLAB_USE_AFTER_FREE}
   * when the object's slab page was released. Lock-free.
   */
  public boolean kasanCheck(T obj) {
    if (!obj.slabPoisoned()) {
      return true;
    }
    poisonHits.increment();
    warnings.warn(
        WarnKind.SLAB_USE_AFTER_FREE,
        "access to an object of " + name + " whose slab page was released (" + obj.slab + ")");
    return false;
  }

  /**
   * {@code kmem_cache_shrink()}: releases every empty slab now, ignoring {@code minPartial},
   * through the same rule (after a grace period in {@link SlabMode#TYPESAFE_BY_RCU} mode).
   */
  public void shrink() {
    List<Slab> released = new ArrayList<>();
    lock.lock();
    try {
      for (Slab slab : emptySlabs) {
        slab.cachedEmpty = false;
        releaseLocked(slab);
        released.add(slab);
      }
      emptySlabs.clear();
    } finally {
      lock.unlock();
    }
    for (Slab slab : released) {
      discardSlab(slab);
    }
  }

  /** A consistent {@code /proc/slabinfo} row. */
  public SlabInfo slabinfo() {
    lock.lock();
    try {
      return new SlabInfo(
          name,
          activeObjs,
          numSlabs * objsPerSlab,
          objsPerSlab,
          numSlabs,
          pagesAllocated,
          pagesReleased,
          allocs,
          frees,
          reusedBeforeGracePeriod,
          poisonHits.sum());
    } finally {
      lock.unlock();
    }
  }

  /**
   * The memory this cache held at its peak since it was made or since {@link #resetPeaks()}: slab
   * pages not yet released, pages waiting for a grace period before release, and objects waiting
   * for a grace period before reuse (CALL_RCU).
   */
  public SlabPeaks peaks() {
    lock.lock();
    try {
      return new SlabPeaks(peakPagesHeld, peakPagesAwaitingGracePeriod, peakRcuPendingObjs);
    } finally {
      lock.unlock();
    }
  }

  /** Starts the high-water marks of {@link #peaks()} again from the current values. */
  public void resetPeaks() {
    lock.lock();
    try {
      peakPagesHeld = pagesAllocated - pagesReleased;
      peakPagesAwaitingGracePeriod = pagesAwaitingGpLocked();
      peakRcuPendingObjs = rcuPendingObjs;
    } finally {
      lock.unlock();
    }
  }

  public SlabMode mode() {
    return mode;
  }

  String name() {
    return name;
  }

  int minPartial() {
    return minPartial;
  }

  /**
   * The invariant validator (for tests, after each one): walks the free list and every live slab
   * under the lock and returns the broken invariants, one line each (empty when all hold), like
   * {@code MmStruct.checkInvariants}. Call it when no callback of this cache is pending (after
   * {@code rcuBarrier}).
   */
  public List<String> checkInvariants() {
    List<String> bad = new ArrayList<>();
    lock.lock();
    try {
      Map<Slab, Integer> freeCount = new IdentityHashMap<>();
      long limit = numSlabs * objsPerSlab;
      long n = 0;
      SlabObject prev = null;
      for (SlabObject o = freeHead; o != null; prev = o, o = o.freeNext) {
        if (++n > limit) {
          check(bad, false, "free list longer than the objects of live slabs (cycle?)");
          break;
        }
        check(bad, o.freePrev == prev, "free list back link broken at " + o.slab);
        check(
            bad,
            o.stateAcquire() == SlabObject.FREE,
            "object on the free list is " + SlabObject.stateName(o.stateAcquire()));
        check(
            bad,
            o.slab != null && slabs.contains(o.slab),
            "free object of a released or foreign slab");
        check(
            bad,
            mode == SlabMode.TYPESAFE_BY_RCU || o.freeCookie == 0,
            "CALL_RCU object with a cookie");
        freeCount.merge(o.slab, 1, Integer::sum);
      }
      long inuseSum = 0;
      long pending = 0;
      for (Slab slab : slabs) {
        check(bad, !slab.released && slab.cache == this, "bad live slab " + slab);
        int free = freeCount.getOrDefault(slab, 0);
        check(
            bad,
            free + slab.inuse == objsPerSlab,
            slab + ": free " + free + " + inuse " + slab.inuse + " != " + objsPerSlab);
        int used = 0;
        for (SlabObject o : slab.objects) {
          int st = o.stateAcquire();
          check(bad, o.slab == slab, "object not linked to its slab " + slab);
          check(bad, st != SlabObject.POISONED, "poisoned object in live slab " + slab);
          if (st == SlabObject.ALLOCATED || st == SlabObject.RCU_PENDING) {
            used++;
          }
          if (st == SlabObject.RCU_PENDING) {
            pending++;
          }
        }
        check(
            bad,
            used == slab.inuse,
            slab + ": " + used + " objects in use, inuse says " + slab.inuse);
        check(
            bad, slab.cachedEmpty == emptySlabs.contains(slab), slab + ": cachedEmpty flag wrong");
        check(
            bad,
            slab.inuse > 0 || slab.cachedEmpty,
            slab + ": empty but neither kept nor released");
        check(bad, !slab.cachedEmpty || slab.inuse == 0, slab + ": kept as empty but in use");
        inuseSum += slab.inuse;
      }
      check(
          bad, inuseSum == activeObjs, "activeObjs " + activeObjs + " != sum of inuse " + inuseSum);
      check(bad, pending == rcuPendingObjs, "rcuPendingObjs " + rcuPendingObjs + " != " + pending);
      check(
          bad, slabs.size() == numSlabs, "numSlabs " + numSlabs + " != live slabs " + slabs.size());
      check(bad, emptySlabs.size() <= minPartial, "more than minPartial empty slabs kept");
      check(
          bad, pagesAllocated - pagesReleased >= numSlabs, "more live slabs than unreleased pages");
      // Holds in CALL_RCU mode too once no deferred free is pending (the precondition).
      check(
          bad,
          allocs - frees == activeObjs,
          "allocs " + allocs + " - frees " + frees + " != activeObjs " + activeObjs);
    } finally {
      lock.unlock();
    }
    return bad;
  }

  private void check(List<String> bad, boolean ok, String what) {
    if (!ok) {
      bad.add(name + ": " + what);
    }
  }

  private void checkOwned(T obj, String method) {
    if (obj == null) {
      throw new IllegalArgumentException(method + "(obj): obj is null (cache " + name + ")");
    }
    Slab slab = obj.slab;
    if (slab == null || slab.cache != this) {
      throw new IllegalArgumentException(
          method
              + "(obj): obj "
              + obj.getClass().getName()
              + " was not allocated from cache "
              + name
              + (slab == null ? " (from no cache)" : " but from " + slab.cache.name()));
    }
  }

  @Override
  public String toString() {
    return "KmemCache[" + name + ", " + mode + "]";
  }
}
