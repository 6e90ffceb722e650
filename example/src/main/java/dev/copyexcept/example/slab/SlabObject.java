package dev.copyexcept.example.slab;

import dev.copyexcept.CopyExcept;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Base class of every object managed by a {@link KmemCache}: the slab's bookkeeping, which in the
 * kernel lives in the slab page and its free pointer rather than in the object.
 *
 * <p>Every field of this class is bookkeeping and is excluded from generated copies, and exclusions
 * are inherited: the copier of a subclass ({@code VmAreaStructCopier.copy(src, dest)}) leaves the
 * destination's owning slab, free-list links and state alone. A field added to this class must be
 * added to the annotation too.
 *
 * <p>Subclasses may override {@link #slabPoison()} to scribble their payload when their slab page
 * is released, as KASAN/slub_debug poisoning would.
 */
@CopyExcept({"slab", "freeNext", "freePrev", "freeCookie", "state"})
public abstract class SlabObject {
  /*
   * Implementation notes.
   *
   * State word (field `state`, VarHandle STATE):
   *
   *   state            meaning                                           on the free list?
   *   ---------------  ------------------------------------------------  -----------------
   *   FREE        (0)  free; or, once its slab is chosen for release,    yes / no (slab
   *                    free and waiting for the page release               releasing)
   *   ALLOCATED   (1)  handed out by kmemCacheAlloc                      no
   *   RCU_PENDING (2)  CALL_RCU mode: freed, its call_rcu not yet run    no
   *   POISONED    (3)  its slab page was released: freed memory          no (terminal)
   *
   * Transitions FREE<->ALLOCATED, ALLOCATED->RCU_PENDING->FREE happen under the owning cache's
   * lock; FREE->POISONED happens once, when the slab is discarded, off the free list, so no
   * allocator can race with it. Stores are releases and slabPoisoned() is an acquire load, so
   * that the lock-free readers (kasanCheck) see a consistent word: the POISONED store is made
   * after slabPoison() scribbled the payload, and pairs with the acquire in slabPoisoned(): a
   * reader that sees POISONED also sees the scribble.
   *
   * `slab` is written once, by the cache, before the object is first handed out (under the cache
   * lock); `freeNext`, `freePrev` (the LIFO free list, doubly linked so that a released slab's
   * objects are unlinked in O(objsPerSlab)) and `freeCookie` (the grace-period cookie taken at
   * a TYPESAFE_BY_RCU free, 0 = none) are only touched under the cache lock.
   */

  static final int FREE = 0;
  static final int ALLOCATED = 1;
  static final int RCU_PENDING = 2;
  static final int POISONED = 3;

  /** The slab this object belongs to, or null for an object never given to a cache. */
  Slab slab;

  /** LIFO free-list links; guarded by the cache lock. */
  SlabObject freeNext;

  SlabObject freePrev;

  /** {@code getStateSynchronizeRcu()} at the last TYPESAFE_BY_RCU free, 0 = none; cache lock. */
  long freeCookie;

  /** See the table in the implementation notes; accessed through {@link #STATE}. */
  private volatile int state;

  protected SlabObject() {}

  /**
   * Whether this object's slab page was released: the object is freed memory, and any access to it
   * is a use-after-free. Lock-free (an acquire load).
   */
  public final boolean slabPoisoned() {
    return stateAcquire() == POISONED;
  }

  /**
   * Called once when this object's slab page is released, before it is marked poisoned: a subclass
   * may overwrite its payload with garbage so that a use-after-free is visible. Runs on whichever
   * thread releases the page (the RCU grace-period thread in {@link SlabMode#TYPESAFE_BY_RCU}
   * mode); must not touch the cache. The default does nothing.
   */
  protected void slabPoison() {}

  /**
   * {@code set_freepointer}: called by the cache, under its lock, each time this object goes back
   * on the free list ({@code kmem_cache_free}; in {@link SlabMode#CALL_RCU} mode after the grace
   * period), with SLUB's encoded free pointer. A cache created with a {@code freeptr_offset} inside
   * the object (the 6.15 VMA cache: {@code vm_freeptr}, in a union with {@code vm_start}) stores it
   * there, over a field of the freed object; the default keeps it outside the object (SLUB's
   * default for {@code SLAB_TYPESAFE_BY_RCU} caches without an offset) and does nothing. The store
   * is plain, as SLUB's is: stale lock-free readers may race with it and must not trust that field
   * before they hold a reference and have re-checked it.
   */
  protected void slabSetFreePointer(long encoded) {}

  // ---------------------------------------------------------------- state accessors

  final int stateAcquire() {
    // Pairs with the release stores in setStateRelease (notably the POISONED one).
    return (int) STATE.getAcquire(this);
  }

  final void setStateRelease(int s) {
    // Pairs with the acquire in stateAcquire: a reader seeing s sees what preceded it.
    STATE.setRelease(this, s);
  }

  static String stateName(int s) {
    return switch (s) {
      case FREE -> "FREE";
      case ALLOCATED -> "ALLOCATED";
      case RCU_PENDING -> "RCU_PENDING";
      case POISONED -> "POISONED";
      default -> "?" + s;
    };
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(SlabObject.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
